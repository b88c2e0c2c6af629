// bench:scale's event log: N events over C communities and five years, a realistic mix of every
// event type bureaus publish (accidents, cases, injuries, hazards with extensions and
// rectifications, projects and evaluations, activities, surveys, registrations, designations,
// control indicators), with re-reports (new revisions), stale re-sends, withdrawals and
// rectifications that arrive before their hazard. Written through the SQLite store's own append
// and cached under .tmp/bench (keyed by N, C and the generator version).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agency } from '../../services/kernel/agency';
import type { SchemaRegistry } from '../../services/kernel/avro/registry';
import { recordStream } from '../../services/kernel/bus/eventBus';
import { eventIdFor } from '../../services/kernel/eventId';
import type { EventBody } from '../../services/kernel/events.generated';
import type { StreamAppend } from '../../services/kernel/store/eventStore';
import { loadNationalDivisions } from '../../services/kernel/divisions';
import { openSqliteEventStore } from '../../services/kernel/store/sqlite';
import * as b from '../../services/projector/domain/testing/builders';
import { prng } from './bodies';
import { note } from './report';

const GENERATOR_VERSION = 3;
const CACHE_DIR = fileURLToPath(new URL('../../.tmp/bench', import.meta.url));
const TRANSACTION_EVENTS = 20_000;
export const FIRST_YEAR = 2021;
export const YEARS = 5;
const START_MS = Date.UTC(FIRST_YEAR, 0, 1);
const SPAN_MS = Date.UTC(FIRST_YEAR + YEARS, 0, 1) - START_MS;

/**
 * Real township codes from the national division list (the hub refuses others), consecutive from
 * 河北省 (13) on: 3,000 of them cover Hebei's cities and districts and part of Shanxi, so a
 * district holds tens of communities, a city hundreds, a province thousands.
 */
export function communityCodes(count: number): string[] {
  const townships = [...loadNationalDivisions().keys()].filter((code) => code.length === 9 && code >= '13').sort();
  if (townships.length < count) throw new Error(`the division list has only ${townships.length} townships from 13 on`);
  return townships.slice(0, count);
}

export function scaleLogPath(events: number, communities: number): string {
  return path.join(CACHE_DIR, `scale-v${GENERATOR_VERSION}-${events}-${communities}.sqlite`);
}

interface Record0 {
  agency: Agency;
  id: string;
  revision: number;
  make: (revision: number) => EventBody;
}

export async function ensureScaleLog(
  events: number,
  communities: number,
  registry: SchemaRegistry,
): Promise<{ file: string; generatedMs: number | null }> {
  const file = scaleLogPath(events, communities);
  if (fs.existsSync(file)) return { file, generatedMs: null };
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
  const rnd = prng(7);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const codes = communityCodes(communities);
  const regions = [...new Set(codes.flatMap((c) => [c.slice(0, 4), c.slice(0, 6)]))];
  let clockMs = START_MS;
  const store = openSqliteEventStore({ file: partial, now: () => new Date(clockMs) });
  const started = performance.now();
  const recent: Record0[] = []; // records that may get a re-report
  const hazards = new Map<Agency, string[]>([['safety', []], ['fire', []]]);
  const projects: string[] = [];
  const awaited: Array<{ agency: Agency; id: string }> = []; // hazards referenced before they exist
  const plan: Array<{ agency: Agency; body: EventBody }> = [];
  let n = 0;

  // Every community registered at the start, every region given indicators for each year.
  for (const code of codes) plan.push({ agency: 'safety', body: b.communityRegistered(`REG-${code}`, { communityCode: code, name: `社区 ${code}`, population: int(5_000, 80_000), registeredOn: `${FIRST_YEAR - int(0, 3)}-03-01` }) });
  for (const region of regions) {
    for (let y = FIRST_YEAR; y < FIRST_YEAR + YEARS; y += 1) {
      for (const category of ['ALL_ACCIDENTS', 'ROAD_TRAFFIC', 'PRODUCTION', 'FIRE'] as const) {
        plan.push({ agency: 'safety', body: b.controlIndicator(`CI-${region}-${y}-${category}`, { regionCode: region, year: y, category, cap: int(5, 60) }) });
      }
    }
  }

  const nextBody = (): { agency: Agency; body: EventBody } => {
    const id = `S${n}`;
    const at = new Date(clockMs - int(0, 20) * 86_400_000);
    const occurredAt = at.toISOString().replace('Z', '+00:00');
    const community = pick(codes);
    const year = at.getUTCFullYear();
    const date = (days: number) => new Date(clockMs + days * 86_400_000).toISOString().slice(0, 10);
    // Designations are decided a few times per community in five years, whatever the log's size.
    const perCommunity = (times: number) => rnd() < (times * communities) / events;
    if (perCommunity(2)) return { agency: 'safety', body: b.designationEvaluated(id, { communityCode: community, evaluatedOn: date(0) }) };
    if (perCommunity(1.5)) return { agency: 'safety', body: b.communityDesignated(id, { communityCode: community, level: pick(['CITY', 'PROVINCIAL', 'NATIONAL'] as const), designatedOn: date(0), validUntil: `${year + 5}-01-01` }) };
    if (perCommunity(0.1)) return { agency: 'safety', body: b.designationRevoked(id, { communityCode: community, revokedOn: date(0) }) };
    const roll = rnd();
    const record = (agency: Agency, make: (rev: number) => EventBody) => {
      const r = { agency, id, revision: 1, make };
      if (rnd() < 0.1) recent.push(r);
      if (recent.length > 5000) recent.splice(0, 1000);
      return { agency, body: make(1) };
    };
    if (roll < 0.05 && recent.length > 0) {
      const r = recent[int(0, recent.length - 1)]!;
      r.revision += 1;
      return { agency: r.agency, body: r.make(r.revision) }; // a re-report
    }
    if (roll < 0.23) return record('police', (rev) => b.trafficCrash(id, { revision: rev, communityCode: community, occurredAt, deaths: rnd() < 0.05 ? 1 : 0, injuries: int(0, 3) }));
    if (roll < 0.31) return record('police', (rev) => b.publicSecurityCase(id, { revision: rev, communityCode: community, occurredAt, injuries: int(0, 2) }));
    if (roll < 0.36) return record('fire', (rev) => b.fireIncident(id, { revision: rev, communityCode: community, occurredAt, deaths: rnd() < 0.02 ? 1 : 0, injuries: int(0, 2) }));
    if (roll < 0.38) return record('transport', (rev) => b.transportAccident(id, { revision: rev, communityCode: community, occurredAt }));
    if (roll < 0.42) return record('safety', (rev) => b.productionAccident(id, { revision: rev, communityCode: community, occurredAt, deaths: rnd() < 0.05 ? 1 : 0 }));
    if (roll < 0.66) return record('health', (rev) => b.injuryCase(id, { revision: rev, communityCode: community, occurredAt, ageYears: int(0, 95) }));
    if (roll < 0.74) {
      const agency = pick<Agency>(['safety', 'fire']);
      const waiting = awaited.findIndex((a) => a.agency === agency);
      const hazardId = waiting >= 0 ? awaited.splice(waiting, 1)[0]!.id : id;
      hazards.get(agency)!.push(hazardId);
      return { agency, body: b.hazard(hazardId, { communityCode: community, occurredAt, rectifyBy: date(int(10, 90)), level: rnd() < 0.1 ? 'MAJOR' : 'GENERAL' }) };
    }
    if (roll < 0.8) {
      const agency = pick<Agency>(['safety', 'fire']);
      const known = hazards.get(agency)!;
      if (rnd() < 0.02 || known.length === 0) {
        const future = `H-early-${n}`;
        awaited.push({ agency, id: future }); // the rectification arrives before its hazard
        return { agency, body: b.hazardRectified(id, { hazardRecordId: future, rectifiedOn: date(0) }) };
      }
      return { agency, body: b.hazardRectified(id, { hazardRecordId: pick(known.slice(-2000)), rectifiedOn: date(0) }) };
    }
    if (roll < 0.81) {
      const agency = pick<Agency>(['safety', 'fire']);
      const known = hazards.get(agency)!;
      if (known.length === 0) return nextBody();
      return { agency, body: b.hazardExtended(id, { hazardRecordId: pick(known.slice(-2000)), rectifyBy: date(int(60, 120)) }) };
    }
    if (roll < 0.88) return record(pick<Agency>(['police', 'fire', 'health', 'safety']), (rev) => b.activityHeld(id, { revision: rev, communityCode: community, occurredAt, participants: int(5, 300) }));
    if (roll < 0.9) return record('safety', (rev) => b.awarenessSurvey(id, { revision: rev, communityCode: community, occurredAt, respondents: 200, aware: int(80, 200) }));
    if (roll < 0.92) {
      projects.push(id);
      return { agency: 'safety', body: b.projectRegistered(id, { communityCode: community, startedOn: date(0), plannedEndOn: date(365), domain: pick(['TRAFFIC', 'FIRE', 'HOME', 'ELDERLY', 'SCHOOL', 'WATER'] as const), targetGroups: [pick(['ELDERLY', 'CHILDREN', 'WORKERS'] as const)] }) };
    }
    if (roll < 0.93 && projects.length > 0) return { agency: 'safety', body: b.projectEvaluated(id, { projectRecordId: pick(projects.slice(-2000)), evaluatedOn: date(0), status: pick(['ONGOING', 'COMPLETED'] as const) }) };
    if (roll < 0.945 && recent.length > 0) {
      const target = pick(recent);
      return { agency: target.agency, body: b.recordWithdrawn(id, { withdrawnRecordId: target.id }) };
    }
    return record('police', (rev) => b.trafficCrash(id, { revision: rev, communityCode: community, occurredAt }));
  };

  try {
    let written = 0;
    while (written < events) {
      const appends: StreamAppend[] = [];
      const streams = new Set<string>();
      while (appends.length < Math.min(TRANSACTION_EVENTS, events - written)) {
        const next = plan.length > 0 ? plan.shift()! : nextBody();
        n += 1;
        const stream = recordStream(next.agency, next.body.sourceRecordId);
        if (streams.has(stream)) continue; // one event per stream per transaction keeps 'any' simple
        streams.add(stream);
        const receivedAt = new Date(clockMs).toISOString();
        const { type, ...fields } = next.body;
        const eventId = eventIdFor(next.agency, next.body.sourceRecordId, next.body.revision);
        appends.push({
          stream,
          expectedRevision: 'any',
          events: [
            {
              eventId,
              type,
              data: registry.encode(type, { eventId, agency: next.agency, receivedAt, ...fields }),
              metadata: { agency: next.agency, tokenId: `${next.agency}-bench`, receivedAt, sourceRecordId: next.body.sourceRecordId, revision: next.body.revision, schemaFingerprint: registry.fingerprintOf(type) },
            },
          ],
        });
      }
      store.appendSync(appends);
      written += appends.length;
      clockMs = START_MS + Math.floor((SPAN_MS * written) / events);
      if (written % 500_000 < TRANSACTION_EVENTS) note(`generated ${written.toLocaleString('en-US')} / ${events.toLocaleString('en-US')} events (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  } finally {
    await store.close();
  }
  fs.renameSync(partial, file);
  return { file, generatedMs: performance.now() - started };
}
