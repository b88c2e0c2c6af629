// The demo district: 汉滨区 (安康市, 陕西省), statistical division code 610902, and twelve
// of its streets and townships, with their codes in the national division list. The demo's
// industrial park has no code of its own there; it registers under a real township code
// (610902111, 大竹园镇 in the list) with its own name, which wins over the list's. Populations are the registered figures the work-safety
// bureau holds; profiles steer how much each bureau records there.

import type { CommunityRegisteredBody } from '../../kernel/events.generated';

export const PROVINCE_CODE = '61';
export const CITY_CODE = '6109';
export const DISTRICT_CODE = '610902';

export type CommunityType = CommunityRegisteredBody['communityType'];

export interface DemoCommunity {
  code: string;
  name: string;
  type: CommunityType;
  population: number;
  /**
   * When the community joined the programme: `yearsBefore` whole years before the first
   * demo year (historical), or `inDemoYear` (0 = first demo year) and `month`.
   */
  joined: { yearsBefore: number; month: number } | { inDemoYear: 0 | 1; month: number };
  /** Hospital injury surveillance: REGULAR reports every month; SPARSE only a few months. */
  surveillance: 'REGULAR' | 'SPARSE';
  /** Promotion projects across most domains (BROAD) or a handful (NARROW). */
  projectBreadth: 'BROAD' | 'NARROW';
  /** Whether its projects reach children (one narrow community's do not). */
  childrenProjects: boolean;
  /** Along the Han River or the reservoir: waterway hazards and accidents. */
  waterside: boolean;
  /** Crossed by the railway. */
  railway: boolean;
  /** Mines and quarries in the township. */
  mining: boolean;
}

export const COMMUNITIES: readonly DemoCommunity[] = [
  { code: '610902001', name: '老城街道', type: 'URBAN_STREET', population: 61_800, joined: { yearsBefore: 8, month: 5 }, surveillance: 'REGULAR', projectBreadth: 'BROAD', childrenProjects: true, waterside: true, railway: false, mining: false },
  { code: '610902002', name: '新城街道', type: 'URBAN_STREET', population: 112_300, joined: { yearsBefore: 7, month: 9 }, surveillance: 'REGULAR', projectBreadth: 'BROAD', childrenProjects: true, waterside: false, railway: false, mining: false },
  { code: '610902003', name: '江北街道', type: 'URBAN_STREET', population: 96_300, joined: { yearsBefore: 6, month: 3 }, surveillance: 'REGULAR', projectBreadth: 'BROAD', childrenProjects: true, waterside: true, railway: true, mining: false },
  { code: '610902004', name: '建民街道', type: 'URBAN_STREET', population: 53_900, joined: { yearsBefore: 5, month: 6 }, surveillance: 'REGULAR', projectBreadth: 'BROAD', childrenProjects: true, waterside: false, railway: false, mining: false },
  { code: '610902100', name: '关庙镇', type: 'RURAL_TOWNSHIP', population: 27_600, joined: { yearsBefore: 4, month: 4 }, surveillance: 'REGULAR', projectBreadth: 'NARROW', childrenProjects: true, waterside: false, railway: false, mining: true },
  { code: '610902104', name: '五里镇', type: 'RURAL_TOWNSHIP', population: 41_200, joined: { yearsBefore: 6, month: 10 }, surveillance: 'REGULAR', projectBreadth: 'BROAD', childrenProjects: true, waterside: false, railway: true, mining: false },
  { code: '610902107', name: '恒口镇', type: 'RURAL_TOWNSHIP', population: 48_500, joined: { yearsBefore: 5, month: 8 }, surveillance: 'REGULAR', projectBreadth: 'BROAD', childrenProjects: true, waterside: false, railway: true, mining: false },
  { code: '610902110', name: '流水镇', type: 'RURAL_TOWNSHIP', population: 21_700, joined: { inDemoYear: 0, month: 4 }, surveillance: 'REGULAR', projectBreadth: 'NARROW', childrenProjects: false, waterside: false, railway: false, mining: true },
  { code: '610902101', name: '张滩镇', type: 'RURAL_TOWNSHIP', population: 30_900, joined: { yearsBefore: 4, month: 11 }, surveillance: 'REGULAR', projectBreadth: 'BROAD', childrenProjects: true, waterside: true, railway: false, mining: false },
  { code: '610902102', name: '瀛湖镇', type: 'RURAL_TOWNSHIP', population: 25_800, joined: { yearsBefore: 3, month: 7 }, surveillance: 'REGULAR', projectBreadth: 'BROAD', childrenProjects: true, waterside: true, railway: false, mining: false },
  { code: '610902111', name: '安康高新技术产业开发区', type: 'INDUSTRIAL_PARK', population: 34_600, joined: { yearsBefore: 5, month: 3 }, surveillance: 'REGULAR', projectBreadth: 'BROAD', childrenProjects: true, waterside: false, railway: false, mining: false },
  { code: '610902109', name: '吉河镇', type: 'RURAL_TOWNSHIP', population: 16_800, joined: { inDemoYear: 1, month: 3 }, surveillance: 'SPARSE', projectBreadth: 'NARROW', childrenProjects: true, waterside: true, railway: false, mining: true },
];

/** The community whose registered population is updated by a later revision, and the new figure. */
export const POPULATION_UPDATE = { code: '610902002', population: 118_900 } as const;

export function communityByCode(code: string): DemoCommunity {
  const found = COMMUNITIES.find((c) => c.code === code);
  if (!found) throw new Error(`unknown demo community ${code}`);
  return found;
}
