// The committee API's models for its description (GET /openapi.json): its parameter parsers and
// the response models, which are declared once, next to the figures whose output types are
// derived from them (../domain/responses.ts), and re-exported here.
//
//   committeeApiModels: CommitteeApiModels   params, queries and responses, for buildOpenApiDocument
import type { CommitteeApiModels } from '../../kernel/openapi';
import {
  communityListResponse,
  communityOverviewResponse,
  designationListResponse,
  hazardListResponse,
  regionSummaryResponse,
} from '../domain/responses';
import { communityCodeParam, hazardsQuery, listQuery, overviewQuery, regionCodeParam, summaryQuery } from './params';

export { communityListResponse, communityOverviewResponse, designationListResponse, hazardListResponse, regionSummaryResponse };

export const committeeApiModels: CommitteeApiModels = {
  params: { community: communityCodeParam, region: regionCodeParam },
  queries: { communities: listQuery, overview: overviewQuery, summary: summaryQuery, hazards: hazardsQuery, designations: listQuery },
  responses: {
    communities: communityListResponse,
    overview: communityOverviewResponse,
    summary: regionSummaryResponse,
    hazards: hazardListResponse,
    designations: designationListResponse,
  },
};
