// The committee API's JSON shapes (docs/api/committee.md) as the dashboard reads them.
// Test-side types, used by the fixtures and the checks.

export interface Counts {
  incidents: number;
  deaths: number;
  injuries: number;
}
export interface CategoryCasualties extends Counts {
  previousYear: Counts;
  deathsChangePct: number | null;
  injuriesChangePct: number | null;
}
export const CASUALTY_CATEGORIES = ['production', 'roadTraffic', 'fire', 'waterwayRail', 'publicSecurity', 'allAccidents'] as const;
export type CasualtyCategory = (typeof CASUALTY_CATEGORIES)[number];
export type Casualties = Record<CasualtyCategory, CategoryCasualties>;

export interface HazardFigures {
  identified: number;
  rectified: number;
  open: number;
  overdue: number;
  majorOpen: number;
  rectificationRatePct: number | null;
}

export interface CommunityListItem {
  code: string;
  name: string | null;
  type: string | null;
  population: number | null;
  designation: { level: string | null; status: string };
}

export interface HazardItem {
  agency: string;
  hazardRecordId: string;
  communityCode: string;
  sector: string;
  level: string;
  identifiedOn: string;
  rectifyBy: string;
  rectifiedOn: string | null;
  status: string;
  overdueDays: number;
}

export interface DesignationItem {
  communityCode: string;
  name: string | null;
  level: string;
  status: string;
  designatedOn: string | null;
  validUntil: string | null;
  reEvaluationDue: boolean;
}

export interface DeathControl {
  category: string;
  cap: number;
  deaths: number;
  usedPct: number | null;
  elapsedPct: number;
  status: string;
}

export interface RegionSummary {
  region: { code: string };
  year: number;
  asOf: string;
  communities: number;
  population: number;
  casualties: Casualties;
  deathControl: DeathControl[];
  designations: Record<'CITY' | 'PROVINCIAL' | 'NATIONAL' | 'INTERNATIONAL' | 'dueForReEvaluation' | 'expired', number>;
  zeroProductionDeaths3YearsPct: number | null;
  hazards: HazardFigures;
  injurySurveillance: { cases: number; ratePer100k: number | null };
}

export interface ActivityFigures {
  count: number;
  participants: number;
  materials: number;
}

export interface CommunityOverview {
  community: { code: string; name: string | null; type: string | null; population: number | null };
  year: number;
  asOf: string;
  casualties: Casualties;
  productionAccidentsByGrade: Record<'GENERAL' | 'LARGER' | 'SERIOUS' | 'ESPECIALLY_SERIOUS', number>;
  zeroDeathYears: Record<Exclude<CasualtyCategory, 'allAccidents'>, number>;
  injurySurveillance: {
    cases: number;
    deaths: number;
    ratePer100k: number | null;
    byCause: Record<string, number>;
    byPlace: Record<string, number>;
    byIntent: Record<string, number>;
    bySex: Record<string, number>;
    byAgeGroup: Record<string, number>;
  };
  hazards: HazardFigures;
  promotionProjects: {
    total: number;
    active: number;
    completed: number;
    domainsCovered: string[];
    vulnerableGroupsCovered: string[];
  };
  activities: Record<string, ActivityFigures>;
  awareness: Record<string, { ratePct: number | null; respondents: number; previousYearRatePct: number | null }>;
  designation: {
    level: string | null;
    status: string;
    designatedOn: string | null;
    validUntil: string | null;
    reEvaluationDue: boolean;
    lastEvaluation: {
      level: string;
      evaluatedOn: string;
      score: number;
      maxScore: number;
      zeroIndicators: number;
      result: string;
    } | null;
  };
  readiness: { indicators: { id: string; met: boolean | null; evidence: unknown }[]; met: number; total: number };
  dataFreshness: Record<'police' | 'fire' | 'health' | 'transport' | 'safety', string | null>;
  provisional: { records: number };
}
