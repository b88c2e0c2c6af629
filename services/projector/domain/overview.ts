/** The community overview (docs/api/committee.md#community-overview), composed from the figure families. */
import { activities } from './activities';
import { awareness } from './awareness';
import { casualties } from './casualties';
import { queryClock } from './clock';
import { communityInfo } from './community';
import { designationFigure } from './designation';
import { dataFreshness } from './freshness';
import { hazardSummary } from './hazards';
import { injurySurveillance } from './injuries';
import { productionAccidentsByGrade } from './productionGrade';
import { promotionProjects } from './projects';
import { provisionalRecords } from './provisional';
import { readiness } from './readiness';
import type { CommunityOverview, CommunityOverviewParams, Facts } from './types';
import { zeroDeathYears } from './zeroDeathYears';

export function communityOverview(facts: Facts, params: CommunityOverviewParams): CommunityOverview {
  const { communityCode, year } = params;
  const clock = queryClock(params.asOf, params.timeZone);
  const community = facts.communities.get(communityCode);
  const scope = community ? [community] : [];
  const info = communityInfo(communityCode, community);
  return {
    community: info,
    year,
    asOf: clock.asOf.toISOString(),
    casualties: casualties(scope, year, clock),
    productionAccidentsByGrade: productionAccidentsByGrade(scope, year, clock),
    zeroDeathYears: zeroDeathYears(community, year, clock),
    injurySurveillance: injurySurveillance(scope, year, clock, info.population),
    hazards: hazardSummary(scope, year, clock),
    promotionProjects: promotionProjects(community),
    activities: activities(community, year, clock),
    awareness: awareness(community, year, clock),
    designation: designationFigure(community, clock),
    readiness: readiness(community, year, clock, params.readiness),
    dataFreshness: dataFreshness(community),
    provisional: { records: provisionalRecords(community, year, clock) },
  };
}
