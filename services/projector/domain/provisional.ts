/**
 * provisional.records (docs/api/committee.md#community-overview): accident records of the year still inside their
 * re-report window at asOf, so their casualties may still change.
 */
import { instantMs } from '../../kernel/time';
import type { QueryClock } from './clock';
import type { CommunityFacts } from './types';

const MS_PER_DAY = 86_400_000;

/** Re-report windows (docs/api/events.md): road and fire 7 days, production 30 days. */
export const RE_REPORT_WINDOW_DAYS = {
  TrafficCrashReported: 7,
  FireIncidentReported: 7,
  ProductionAccidentReported: 30,
} as const;

export function provisionalRecords(community: CommunityFacts | undefined, year: number, clock: QueryClock): number {
  if (!community) return 0;
  let count = 0;
  for (const type of Object.keys(RE_REPORT_WINDOW_DAYS) as (keyof typeof RE_REPORT_WINDOW_DAYS)[]) {
    const windowMs = RE_REPORT_WINDOW_DAYS[type] * MS_PER_DAY;
    for (const { current } of community.records[type]) {
      if (clock.localYear(current.occurredAt) !== year) continue;
      if (clock.asOfMs < instantMs(current.occurredAt) + windowMs) count += 1;
    }
  }
  return count;
}
