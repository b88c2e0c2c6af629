// The current state of a set of submissions as the revision rules define it: per
// agency/sourceRecordId the highest revision, minus the records withdrawn by a current,
// itself not withdrawn, RecordWithdrawn of the same agency.

import type { Agency } from '../../kernel/agency';
import type { EventBody } from '../../kernel/events.generated';

export interface Submitted {
  agency: Agency;
  body: EventBody;
}

export function recordKey(agency: Agency, sourceRecordId: string): string {
  return `${agency}/${sourceRecordId}`;
}

/** The counting records: key → current body, withdrawn records left out. */
export function currentRecords(submissions: readonly Submitted[]): Map<string, Submitted> {
  const current = new Map<string, Submitted>();
  for (const s of submissions) {
    const key = recordKey(s.agency, s.body.sourceRecordId);
    const seen = current.get(key);
    if (!seen || s.body.revision > seen.body.revision) current.set(key, s);
  }
  const withdrawnBy = (key: string, depth: number): boolean => {
    if (depth > 8) return false;
    for (const s of current.values()) {
      if (s.body.type === 'RecordWithdrawn' && recordKey(s.agency, s.body.withdrawnRecordId) === key) {
        if (!withdrawnBy(recordKey(s.agency, s.body.sourceRecordId), depth + 1)) return true;
      }
    }
    return false;
  };
  const withdrawals = [...current.values()].filter((s) => s.body.type === 'RecordWithdrawn');
  for (const w of withdrawals) {
    if (w.body.type !== 'RecordWithdrawn') continue;
    const target = recordKey(w.agency, w.body.withdrawnRecordId);
    if (current.has(target) && withdrawnBy(target, 0)) current.delete(target);
  }
  return current;
}

export const DEATH_CATEGORIES = ['PRODUCTION', 'ROAD_TRAFFIC', 'FIRE', 'WATERWAY_RAIL'] as const;
export type DeathCategory = (typeof DEATH_CATEGORIES)[number];

export function deathCategory(body: EventBody): DeathCategory | null {
  switch (body.type) {
    case 'ProductionAccidentReported':
      return 'PRODUCTION';
    case 'TrafficCrashReported':
      return 'ROAD_TRAFFIC';
    case 'FireIncidentReported':
      return 'FIRE';
    case 'TransportAccidentReported':
      return 'WATERWAY_RAIL';
    default:
      return null;
  }
}

/** Deaths per local year (as `yearOf` reckons an occurredAt) and category. */
export function deathsByYear(submissions: readonly Submitted[], yearOf: (occurredAt: string) => number): Map<number, Record<DeathCategory, number>> {
  const totals = new Map<number, Record<DeathCategory, number>>();
  for (const { body } of currentRecords(submissions).values()) {
    const category = deathCategory(body);
    if (!category || !('deaths' in body) || !('occurredAt' in body)) continue;
    const year = yearOf(body.occurredAt);
    const row = totals.get(year) ?? { PRODUCTION: 0, ROAD_TRAFFIC: 0, FIRE: 0, WATERWAY_RAIL: 0 };
    row[category] += body.deaths;
    totals.set(year, row);
  }
  return totals;
}
