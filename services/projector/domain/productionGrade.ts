/**
 * Production accident grade (State Council Decree 493), derived from the latest
 * revision of each ProductionAccidentReported (docs/api/events.md).
 */
import type { ProductionAccidentReportedBody } from '../../kernel/events.generated';
import type { QueryClock } from './clock';
import type { CommunityFacts, ProductionAccidentsByGrade, ProductionGrade } from './types';

type GradeInput = Pick<ProductionAccidentReportedBody, 'deaths' | 'seriousInjuries' | 'directLossYuan'>;

/** From the most serious grade down; the first whose any threshold is reached applies. */
const GRADE_THRESHOLDS: readonly { grade: ProductionGrade; deaths: number; seriousInjuries: number; lossYuan: number }[] = [
  { grade: 'ESPECIALLY_SERIOUS', deaths: 30, seriousInjuries: 100, lossYuan: 100_000_000 },
  { grade: 'SERIOUS', deaths: 10, seriousInjuries: 50, lossYuan: 50_000_000 },
  { grade: 'LARGER', deaths: 3, seriousInjuries: 10, lossYuan: 10_000_000 },
];

export function productionGrade({ deaths, seriousInjuries, directLossYuan }: GradeInput): ProductionGrade {
  const reached = GRADE_THRESHOLDS.find(
    (t) => deaths >= t.deaths || seriousInjuries >= t.seriousInjuries || directLossYuan >= t.lossYuan,
  );
  return reached?.grade ?? 'GENERAL';
}

/** Production accidents that occurred in the year, per grade (every grade listed). */
export function productionAccidentsByGrade(
  communities: readonly CommunityFacts[],
  year: number,
  clock: QueryClock,
): ProductionAccidentsByGrade {
  const byGrade: ProductionAccidentsByGrade = { GENERAL: 0, LARGER: 0, SERIOUS: 0, ESPECIALLY_SERIOUS: 0 };
  for (const community of communities) {
    for (const { current } of community.records.ProductionAccidentReported) {
      if (clock.localYear(current.occurredAt) === year) byGrade[productionGrade(current)] += 1;
    }
  }
  return byGrade;
}
