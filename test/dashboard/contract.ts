// The committee API's JSON shapes as the dashboard reads them (docs/api/committee.md): the hub's
// own response models and the types derived from them, so the fixtures, the fake API and the
// checks cannot drift from what the hub sends. The fake API checks its answers with `models`.
import type { z } from 'zod';
import { casualties } from '../../services/projector/domain/responses.js';
import { agreementListResponse } from '../../services/projector/feed/schemas.js';

export * as models from '../../services/projector/domain/responses.js';
export { agreementListResponse };
export type {
  CasualtyFigure,
  Casualties,
  CommunityOverview,
  CommunityRow,
  DesignationRow,
  HazardRow,
  HazardSummary,
  RegionSummary,
} from '../../services/projector/domain/index.js';

/** The casualty categories of the figures, allAccidents included, in the API's order. */
export const CASUALTY_CATEGORIES = casualties.keyof().options;

/** A row of GET /committee/v1/agreements. */
export type Agreement = z.output<typeof agreementListResponse>['agreements'][number];
