// A stream of many events for the fault tests, with the figures it must produce worked out
// from its construction (not by the code under test).
import type { AgencyName } from './support';

export interface Batch {
  agency: AgencyName;
  events: Array<Record<string, unknown>>;
}

/** Expected figures of one community, year 2025. */
export interface CommunityFigures {
  injuryCases: number;
  roadTraffic: { incidents: number; deaths: number; injuries: number };
  fire: { incidents: number; injuries: number };
  drills: { count: number; participants: number };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** 2025, day `i` spread over the year (never in the future), in the hub's offset. */
const occurredAt = (i: number) => `2025-${pad((i % 12) + 1, 2)}-${pad((i % 28) + 1, 2)}T${pad(i % 24, 2)}:00:00+08:00`;

/**
 * `perCommunity` events of each of four kinds for every community, cut into requests of
 * `batchSize` events of one bureau, interleaved across bureaus. Every `reviseEvery`-th crash
 * gets a revision 2 with one death (sent in a later request), so revisions cross the stream.
 */
export function buildStream(options: { runId: string; communities: string[]; perCommunity: number; batchSize: number; reviseEvery: number }) {
  const { runId, communities, perCommunity, batchSize, reviseEvery } = options;
  const byAgency: Record<'health' | 'police' | 'fire' | 'safety', Array<Record<string, unknown>>> = { health: [], police: [], fire: [], safety: [] };
  const revisions: Array<Record<string, unknown>> = [];
  const expected = new Map<string, CommunityFigures>();
  communities.forEach((code, c) => {
    const figures: CommunityFigures = { injuryCases: 0, roadTraffic: { incidents: 0, deaths: 0, injuries: 0 }, fire: { incidents: 0, injuries: 0 }, drills: { count: 0, participants: 0 } };
    for (let i = 0; i < perCommunity; i++) {
      const id = `${runId}-${c}-${i}`;
      byAgency.health.push({
        type: 'InjuryCaseReported', sourceRecordId: `IN-${id}`, communityCode: code, occurredAt: occurredAt(i), sex: i % 2 ? 'MALE' : 'FEMALE',
        ageYears: i % 90, cause: 'FALL', place: 'HOME', activity: 'OTHER', intent: 'UNINTENTIONAL', severity: 'MILD', outcome: 'DISCHARGED',
      });
      figures.injuryCases++;
      const crash = {
        type: 'TrafficCrashReported', sourceRecordId: `TC-${id}`, communityCode: code, occurredAt: occurredAt(i),
        deaths: 0, injuries: 1, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'OTHER',
      };
      byAgency.police.push(crash);
      figures.roadTraffic.incidents++;
      if (i % reviseEvery === 0) {
        revisions.push({ ...crash, revision: 2, deaths: 1, injuries: 2 });
        figures.roadTraffic.deaths += 1;
        figures.roadTraffic.injuries += 2;
      } else {
        figures.roadTraffic.injuries += 1;
      }
      byAgency.fire.push({
        type: 'FireIncidentReported', sourceRecordId: `FI-${id}`, communityCode: code, occurredAt: occurredAt(i),
        deaths: 0, injuries: 1, directLossYuan: 100, cause: 'ELECTRICAL', propertyType: 'RESIDENTIAL',
      });
      figures.fire.incidents++;
      figures.fire.injuries++;
      byAgency.safety.push({
        type: 'SafetyActivityHeld', sourceRecordId: `ACT-${id}`, communityCode: code, occurredAt: occurredAt(i),
        kind: 'DRILL', domain: 'FIRE', participants: 3,
      });
      figures.drills.count++;
      figures.drills.participants += 3;
    }
    expected.set(code, figures);
  });
  const cut = (agency: AgencyName, events: Array<Record<string, unknown>>): Batch[] => {
    const out: Batch[] = [];
    for (let i = 0; i < events.length; i += batchSize) out.push({ agency, events: events.slice(i, i + batchSize) });
    return out;
  };
  const queues = Object.entries(byAgency).map(([agency, events]) => cut(agency as AgencyName, events));
  const batches: Batch[] = [];
  for (let round = 0; queues.some((q) => q.length > round); round++) for (const q of queues) if (q[round]) batches.push(q[round]!);
  batches.push(...cut('police', revisions));
  return { batches, expected, events: batches.reduce((n, b) => n + b.events.length, 0) };
}
