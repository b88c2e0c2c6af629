// The HTTP layer's view of the feed queries: asynchronous, so they can move to a worker thread
// without touching the routes. This one runs them on the caller's thread.
//
//   createFeedReader(db): FeedReader
import type Database from 'better-sqlite3';
import type { Agency } from '../../kernel/agency';
import { agreementsInRegion, agreementsOfAgency, readFeedPage, type AgreementView, type FeedPageAnswer, type FeedQuery } from './queries';

export interface FeedReader {
  /** The page as its answer's bytes: from a worker thread, one buffer crosses, not objects. */
  read(query: FeedQuery): Promise<FeedPageAnswer>;
  agreementsOf(agency: Agency, today: string): Promise<AgreementView[]>;
  agreementsIn(region: string, today: string): Promise<AgreementView[]>;
}

export function createFeedReader(db: Database.Database): FeedReader {
  return {
    read: async (query) => readFeedPage(db, query),
    agreementsOf: async (agency, today) => agreementsOfAgency(db, agency, today),
    agreementsIn: async (region, today) => agreementsInRegion(db, region, today),
  };
}
