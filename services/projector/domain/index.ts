/** The hub's figure logic: pure functions from folded events to committee figures. */
export { evolveRecord, projectFacts, foldRecords, factsFromRecords, recordKey, attributedCommunity } from './facts';
export { communityOverview } from './overview';
export { regionSummary } from './region';
export { hazardRows } from './hazards';
export { designationRows } from './designation';
export { communityRows } from './communities';
export { DEFAULT_READINESS } from './readiness';
export { productionGrade } from './productionGrade';
export type * from './types';
