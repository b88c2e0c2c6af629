/**
 * Awareness rates (docs/api/committee.md#community-overview): per item, the latest survey (by occurredAt, ties
 * by receipt) in the year and in the previous year; every item listed, nulls when
 * there was no survey.
 */
import { percentOneDecimal } from '../../kernel/round';
import { instantMs } from '../../kernel/time';
import type { QueryClock } from './clock';
import { AWARENESS_ITEMS, type AwarenessItem } from './enums';
import { latestBy } from './ordering';
import type { Awareness, CommunityFacts, RecordOf } from './types';

type Survey = RecordOf<'AwarenessSurveyCompleted'>;

function latestSurveys(surveys: readonly Survey[], year: number, clock: QueryClock): Map<AwarenessItem, Survey> {
  const byItem = new Map<AwarenessItem, Survey[]>();
  for (const survey of surveys) {
    if (clock.localYear(survey.current.occurredAt) !== year) continue;
    const list = byItem.get(survey.current.item);
    if (list) list.push(survey);
    else byItem.set(survey.current.item, [survey]);
  }
  const latest = new Map<AwarenessItem, Survey>();
  for (const [item, list] of byItem) {
    const survey = latestBy(list, (s) => instantMs(s.current.occurredAt));
    if (survey) latest.set(item, survey);
  }
  return latest;
}

function ratePct(survey: Survey | undefined): number | null {
  return survey ? percentOneDecimal(survey.current.aware, survey.current.respondents) : null;
}

export function awareness(community: CommunityFacts | undefined, year: number, clock: QueryClock): Awareness {
  const surveys = community?.records.AwarenessSurveyCompleted ?? [];
  const thisYear = latestSurveys(surveys, year, clock);
  const previousYear = latestSurveys(surveys, year - 1, clock);
  const result = {} as Awareness;
  for (const item of AWARENESS_ITEMS) {
    const survey = thisYear.get(item);
    result[item] = {
      ratePct: ratePct(survey),
      respondents: survey?.current.respondents ?? null,
      previousYearRatePct: ratePct(previousYear.get(item)),
    };
  }
  return result;
}

/** Whether any awareness survey occurred in the year. */
export function hasSurveyInYear(community: CommunityFacts | undefined, year: number, clock: QueryClock): boolean {
  return (community?.records.AwarenessSurveyCompleted ?? []).some((s) => clock.localYear(s.current.occurredAt) === year);
}
