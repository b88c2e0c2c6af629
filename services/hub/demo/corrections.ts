// What real bureau feeds do to a clean record set: re-reports with changed casualties
// inside the re-report window (7 days road/fire, 30 days production), a retried request
// (the same revision twice), a stale revision (revision 2 arriving after revision 3),
// withdrawals of a bureau's own records, and a rectification delivered before the
// hazard it refers to.

import type { Agency } from '../../kernel/agency';
import type {
  EventBody,
  FireIncidentReportedBody,
  ProductionAccidentReportedBody,
  TrafficCrashReportedBody,
} from '../../kernel/events.generated';
import { DAY_MS, MINUTE_MS, yearOfDay } from './calendar';
import type { DemoContext } from './context';
import type { Rng } from './prng';
import type { Draft, Sink } from './sink';
import { WITHDRAW_REASONS } from './texts';

const HOUR_MS = 60 * MINUTE_MS;

type Casualty = TrafficCrashReportedBody | FireIncidentReportedBody | ProductionAccidentReportedBody;

function occurredMs(body: EventBody): number {
  return 'occurredAt' in body ? Date.parse(body.occurredAt) : NaN;
}

/** Drafts of one type, revision 1, not yet used by another scenario. */
function candidates<T extends EventBody['type']>(sink: Sink, type: T, used: Set<string>, accept: (body: Extract<EventBody, { type: T }>) => boolean): Draft[] {
  return sink.drafts.filter((d) => {
    const body = d.body;
    if (body.type !== type || body.revision !== 1 || used.has(`${d.agency}/${body.sourceRecordId}`)) return false;
    return accept(body as Extract<EventBody, { type: T }>);
  });
}

function pickOne<T>(rng: Rng, items: readonly T[]): T | undefined {
  return items.length > 0 ? rng.pick(items) : undefined;
}

/** A delivery instant strictly after `afterMs`, before `beforeMs` and not after now; null if there is no room. */
function between(ctx: DemoContext, rng: Rng, afterMs: number, beforeMs: number): number | null {
  const lo = afterMs + HOUR_MS;
  const hi = Math.min(beforeMs - HOUR_MS, ctx.nowMs);
  if (hi <= lo) return null;
  return Math.floor(rng.range(lo, hi));
}

function changedCasualties<B extends Casualty>(rng: Rng, body: B, revision: number): B {
  const diedLater = body.injuries > 0 && rng.chance(body.type === 'TrafficCrashReported' ? 0.35 : 0.25);
  if (body.type === 'ProductionAccidentReported') {
    const next: ProductionAccidentReportedBody = diedLater
      ? { ...body, revision, deaths: body.deaths + 1, injuries: body.injuries - 1, seriousInjuries: Math.max(0, Math.min(body.seriousInjuries - 1, body.injuries - 1)) }
      : body.seriousInjuries < body.injuries
        ? { ...body, revision, seriousInjuries: body.seriousInjuries + 1 }
        : { ...body, revision, injuries: body.injuries + 1, seriousInjuries: body.seriousInjuries + 1 };
    return next as B;
  }
  return (diedLater
    ? { ...body, revision, deaths: body.deaths + 1, injuries: body.injuries - 1 }
    : { ...body, revision, injuries: body.injuries + rng.int(1, 2) }) as B;
}

function reReport(ctx: DemoContext, rng: Rng, sink: Sink, used: Set<string>, type: Casualty['type'], windowDays: number, share: number): void {
  const pool = candidates(sink, type, used, (b) => (b as Casualty).injuries > 0);
  const picked = rng.sample(pool, Math.max(1, Math.round(pool.length * share)));
  for (const draft of picked) {
    const body = draft.body as Casualty;
    const at = between(ctx, rng, draft.receivedAtMs, occurredMs(body) + windowDays * DAY_MS);
    if (at === null) continue;
    used.add(`${draft.agency}/${body.sourceRecordId}`);
    sink.add(draft.agency, changedCasualties(rng, body, 2), at);
  }
}

function staleRevision(ctx: DemoContext, rng: Rng, sink: Sink, used: Set<string>): void {
  for (const draft of rng.sample(candidates(sink, 'FireIncidentReported', used, (b) => b.injuries > 0), 50)) {
    const body = draft.body as FireIncidentReportedBody;
    const windowEnd = occurredMs(body) + 7 * DAY_MS;
    const third = between(ctx, rng, draft.receivedAtMs, windowEnd - 2 * HOUR_MS);
    if (third === null) continue;
    const second = between(ctx, rng, third, windowEnd);
    if (second === null) continue;
    used.add(`${draft.agency}/${body.sourceRecordId}`);
    const rev2: FireIncidentReportedBody = { ...body, revision: 2, injuries: body.injuries + 1 };
    const rev3: FireIncidentReportedBody = { ...rev2, revision: 3, injuries: rev2.injuries + 1, directLossYuan: Math.round(body.directLossYuan * 1.2) };
    sink.add(draft.agency, rev3, third);
    sink.add(draft.agency, rev2, second);
    return;
  }
}

function duplicates(ctx: DemoContext, rng: Rng, sink: Sink, used: Set<string>): void {
  for (const type of ['PublicSecurityCaseRecorded', 'InjuryCaseReported'] as const) {
    const pool = candidates(sink, type, used, () => true).filter((d) => d.receivedAtMs + 2 * MINUTE_MS <= ctx.nowMs);
    const draft = pickOne(rng, pool);
    if (!draft) continue;
    used.add(`${draft.agency}/${draft.body.sourceRecordId}`);
    sink.add(draft.agency, { ...draft.body }, draft.receivedAtMs + rng.int(30, 110) * 1000);
  }
}

function withdraw(ctx: DemoContext, rng: Rng, sink: Sink, used: Set<string>, agency: Agency, prefix: string, draft: Draft | undefined, reason: string): void {
  if (!draft) return;
  const at = between(ctx, rng, draft.receivedAtMs, draft.receivedAtMs + 3 * DAY_MS);
  if (at === null) return;
  used.add(`${agency}/${draft.body.sourceRecordId}`);
  sink.add(agency, {
    type: 'RecordWithdrawn',
    sourceRecordId: sink.nextId(prefix, yearOfDay(ctx.clock.dayOf(at))),
    revision: 1,
    withdrawnRecordId: draft.body.sourceRecordId,
    reason,
  }, at);
}

function withdrawals(ctx: DemoContext, rng: Rng, sink: Sink, used: Set<string>): void {
  const settled = (d: Draft) => d.receivedAtMs < ctx.nowMs - 4 * DAY_MS;
  const crashes = candidates(sink, 'TrafficCrashReported', used, (b) => b.deaths === 0).filter(settled);
  withdraw(ctx, rng, sink, used, 'police', 'GA-CH', pickOne(rng, crashes), WITHDRAW_REASONS.duplicate);
  const cards = candidates(sink, 'InjuryCaseReported', used, (b) => b.outcome !== 'DIED').filter(settled);
  withdraw(ctx, rng, sink, used, 'health', 'WJ-CH', pickOne(rng, cards), WITHDRAW_REASONS.duplicateCard);
  const fires = candidates(sink, 'FireIncidentReported', used, (b) => b.deaths === 0 && b.injuries === 0 && b.directLossYuan <= 2000).filter(settled);
  withdraw(ctx, rng, sink, used, 'fire', 'XF-CH', pickOne(rng, fires), WITHDRAW_REASONS.falseReport);
}

/** A fire-bureau rectification reaches the hub before the hazard record it refers to. */
function lateHazard(ctx: DemoContext, rng: Rng, sink: Sink): void {
  const hazards = new Map<string, Draft>();
  for (const d of sink.drafts) if (d.agency === 'fire' && d.body.type === 'HazardIdentified') hazards.set(d.body.sourceRecordId, d);
  const rectified = sink.drafts.filter((d) => d.agency === 'fire' && d.body.type === 'HazardRectified' && d.receivedAtMs < ctx.nowMs - 30 * DAY_MS);
  const pick = pickOne(rng, rectified);
  if (!pick || pick.body.type !== 'HazardRectified') return;
  const hazard = hazards.get(pick.body.hazardRecordId);
  if (!hazard) return;
  hazard.receivedAtMs = pick.receivedAtMs + 3 * HOUR_MS;
}

export function applyCorrections(ctx: DemoContext, rng: Rng, sink: Sink): void {
  // Records that already have several revisions (the story records) are left alone.
  const used = new Set<string>(sink.drafts.filter((d) => d.body.revision > 1).map((d) => `${d.agency}/${d.body.sourceRecordId}`));
  staleRevision(ctx, rng.fork('stale'), sink, used);
  reReport(ctx, rng.fork('crash'), sink, used, 'TrafficCrashReported', 7, 0.02);
  reReport(ctx, rng.fork('fire'), sink, used, 'FireIncidentReported', 7, 0.03);
  reReport(ctx, rng.fork('production'), sink, used, 'ProductionAccidentReported', 30, 0.1);
  duplicates(ctx, rng.fork('duplicates'), sink, used);
  withdrawals(ctx, rng.fork('withdrawals'), sink, used);
  lateHazard(ctx, rng.fork('late'), sink);
}
