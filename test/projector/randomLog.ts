// A seeded random log for the read-model tests: revisions, duplicate and stale re-sends,
// withdrawals of records and of withdrawals, references before their records, type changes,
// several communities and years. Used by the oracle property test (the read model against the
// pure fold) and the PostgreSQL query test (both backends against each other).
import type { Agency } from '../../services/kernel/agency';
import type { EventBody } from '../../services/kernel/events.generated';
import * as b from '../../services/projector/domain/testing/builders';
import type { ProjectedEvent } from '../../services/projector/domain/types';

export const TZ = 'Asia/Shanghai';
export const COMMUNITIES = ['610902001', '610902002', '610902003', '610903001', '611002001'];
export const REGIONS = ['', '61', '6109', '610902', '610903', '6110', '610902001'];
export const YEARS = [2023, 2024, 2025];

/** mulberry32: a small seeded generator, so a failing seed can be replayed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

type Draft = { agency: Agency; make: (revision: number) => EventBody; revisions: number };

export function generateLog(seed: number, records: number): ProjectedEvent[] {
  const r = rng(seed);
  const instant = () => `${r.pick([2022, 2023, 2024, 2025])}-0${r.int(1, 9)}-${String(r.int(10, 28))}T${String(r.int(10, 23))}:15:00+08:00`;
  const date = (year = r.pick([2023, 2024, 2025, 2026])) => `${year}-0${r.int(1, 9)}-${String(r.int(10, 28))}`;
  const community = () => r.pick(COMMUNITIES);
  const drafts: Draft[] = [];
  const ids: Record<string, string[]> = {};
  const remember = (agency: string, kind: string, id: string) => (ids[`${agency}:${kind}`] ??= []).push(id);
  const known = (agency: string, kind: string) => ids[`${agency}:${kind}`] ?? [`${kind}-missing`];

  for (let i = 0; i < records; i += 1) {
    const id = `R${i}`;
    const revisions = r.chance(0.2) ? r.int(2, 3) : 1;
    const roll = r.next();
    const add = (agency: Agency, make: (rev: number) => EventBody, kind?: string) => {
      drafts.push({ agency, make, revisions });
      if (kind) remember(agency, kind, id);
    };
    // Each revision may move the record to another community or year: new values per revision.
    if (roll < 0.12) add('police', (rev) => b.trafficCrash(id, { revision: rev, communityCode: community(), occurredAt: instant(), deaths: r.int(0, 2) * (r.chance(0.3) ? 1 : 0), injuries: r.int(0, 3) }));
    else if (roll < 0.18) add('police', (rev) => b.publicSecurityCase(id, { revision: rev, communityCode: community(), occurredAt: instant(), deaths: r.chance(0.1) ? 1 : 0, injuries: r.int(0, 2) }));
    else if (roll < 0.24) add('fire', (rev) => b.fireIncident(id, { revision: rev, communityCode: community(), occurredAt: instant(), deaths: r.chance(0.2) ? 1 : 0, injuries: r.int(0, 2) }));
    else if (roll < 0.28) add('transport', (rev) => b.transportAccident(id, { revision: rev, communityCode: community(), occurredAt: instant(), deaths: r.chance(0.2) ? 1 : 0 }));
    else if (roll < 0.34) add('safety', (rev) => b.productionAccident(id, { revision: rev, communityCode: community(), occurredAt: instant(), deaths: r.chance(0.25) ? r.int(1, 4) : 0, seriousInjuries: r.int(0, 12) }));
    else if (roll < 0.44) add('health', (rev) => b.injuryCase(id, { revision: rev, communityCode: community(), occurredAt: instant(), ageYears: r.int(0, 99), outcome: r.chance(0.1) ? 'DIED' : 'DISCHARGED' }));
    else if (roll < 0.52) {
      const agency = r.pick<Agency>(['safety', 'fire']);
      add(agency, (rev) => b.hazard(id, { revision: rev, communityCode: community(), occurredAt: instant(), rectifyBy: date(), level: r.chance(0.3) ? 'MAJOR' : 'GENERAL' }), 'hazard');
    } else if (roll < 0.56) {
      const agency = r.pick<Agency>(['safety', 'fire']);
      add(agency, (rev) => b.hazardExtended(id, { revision: rev, hazardRecordId: r.pick(known(agency, 'hazard')), rectifyBy: date() }));
    } else if (roll < 0.61) {
      const agency = r.pick<Agency>(['safety', 'fire']);
      add(agency, (rev) => b.hazardRectified(id, { revision: rev, hazardRecordId: r.pick(known(agency, 'hazard')), rectifiedOn: date() }));
    } else if (roll < 0.65) add('safety', (rev) => b.projectRegistered(id, { revision: rev, communityCode: community(), domain: r.pick(['TRAFFIC', 'FIRE', 'HOME', 'ELDERLY', 'SCHOOL'] as const), targetGroups: [r.pick(['ELDERLY', 'CHILDREN', 'GENERAL'] as const)], startedOn: date() }), 'project');
    else if (roll < 0.68) add('safety', (rev) => b.projectEvaluated(id, { revision: rev, projectRecordId: r.pick(known('safety', 'project')), evaluatedOn: date(), status: r.pick(['ONGOING', 'COMPLETED', 'DISCONTINUED'] as const) }));
    else if (roll < 0.72) add(r.pick<Agency>(['police', 'fire', 'safety']), (rev) => b.activityHeld(id, { revision: rev, communityCode: community(), occurredAt: instant(), participants: r.int(1, 90) }));
    else if (roll < 0.75) add('safety', (rev) => b.awarenessSurvey(id, { revision: rev, communityCode: community(), occurredAt: instant(), respondents: 100, aware: r.int(10, 100) }));
    else if (roll < 0.78) add('safety', (rev) => b.communityRegistered(id, { revision: rev, communityCode: community(), population: r.int(1000, 90000), registeredOn: date(r.pick([2021, 2023, 2024])) }));
    else if (roll < 0.81) add('safety', (rev) => b.communityDesignated(id, { revision: rev, communityCode: community(), designatedOn: date(r.pick([2022, 2023, 2024])), validUntil: date(r.pick([2025, 2026, 2027])) }));
    else if (roll < 0.83) add('safety', (rev) => b.designationRevoked(id, { revision: rev, communityCode: community(), revokedOn: date(r.pick([2023, 2024, 2025])) }));
    else if (roll < 0.85) add('safety', (rev) => b.designationEvaluated(id, { revision: rev, communityCode: community(), evaluatedOn: date() }));
    else if (roll < 0.88) add('safety', (rev) => b.controlIndicator(id, { revision: rev, regionCode: r.pick(['610902', '6109', '61', '610903']), year: r.pick(YEARS), cap: r.int(0, 6), category: r.pick(['ALL_ACCIDENTS', 'PRODUCTION', 'ROAD_TRAFFIC', 'FIRE'] as const) }));
    else {
      // Withdrawals: of any earlier record of the agency, of a withdrawal, or of one not seen yet.
      const agency = r.pick<Agency>(['police', 'fire', 'safety', 'health']);
      const targets = drafts.filter((d) => d.agency === agency).map((d) => d.make(1).sourceRecordId);
      add(agency, (rev) => b.recordWithdrawn(id, { revision: rev, withdrawnRecordId: r.chance(0.9) && targets.length > 0 ? r.pick(targets) : `R${i + r.int(1, 30)}` }), 'withdrawal');
    }
  }

  const events: { agency: Agency; body: EventBody }[] = [];
  for (const draft of drafts) {
    for (let rev = 1; rev <= draft.revisions; rev += 1) {
      const body = draft.make(rev);
      events.push({ agency: draft.agency, body });
      if (r.chance(0.05)) events.push({ agency: draft.agency, body }); // a duplicate re-send
    }
    if (r.chance(0.01)) events.push({ agency: draft.agency, body: b.trafficCrash(draft.make(1).sourceRecordId, { revision: 9 }) }); // type change
  }
  // Shuffle: stale revisions after newer ones, references before their records.
  for (let i = events.length - 1; i > 0; i -= 1) {
    const j = r.int(0, i);
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  const start = Date.parse('2025-01-01T00:00:00Z');
  return events.map(({ agency, body }, i) => {
    const at = new Date(start + i * 600_000).toISOString();
    return { position: BigInt(i + 1), eventId: `${agency}/${body.sourceRecordId}/${body.revision}`, agency, receivedAt: at, recordedAt: at, body };
  });
}

/** Applies the log in pages of 1 to `maxPage` events, sizes drawn from the seed. */
export function applyInRandomPages(events: readonly ProjectedEvent[], seed: number, apply: (page: ProjectedEvent[]) => void, maxPage = 60): void {
  const r = rng(seed * 7 + 1);
  for (let i = 0; i < events.length; ) {
    const page = events.slice(i, i + r.int(1, maxPage));
    apply(page);
    i += page.length;
  }
}
