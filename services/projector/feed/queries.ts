// Pure, synchronous queries over the feed's tables (see projection.ts). They take the database
// handle and plain values only, so they can run on any connection to the read model, in a
// worker thread as well as on the main one.
//
//   readFeed(db, { consumer, after, limit, today }): FeedPage
//   agreementsOfAgency(db, agency, today): AgreementView[]
//   agreementsInRegion(db, region, today): AgreementView[]
import type Database from 'better-sqlite3';
import type { Agency } from '../../kernel/agency';
import { agreementStatus, inForce, regionsOverlap, shares, type Agreement, type AgreementStatus } from './agreements';
import { comparePlaces, encodeCursor, START, type FeedPlace } from './cursor';

export interface FeedEvent {
  cursor: string;
  agreementId: string;
  eventId: string;
  agency: Agency;
  type: string;
  receivedAt: string;
  record: Record<string, unknown>;
}

/** The stored JSON of an event's record (non-enumerable, on the events readFeed returns). */
const RECORD_JSON = Symbol('recordJson');

/** The page as the HTTP answer's JSON, the records' stored JSON spliced in unparsed. */
export function feedPageJson(page: Pick<FeedPage, 'events' | 'next'>): string {
  const events = page.events.map((e) => {
    const raw = (e as FeedEvent & { [RECORD_JSON]?: string })[RECORD_JSON] ?? JSON.stringify(e.record);
    const head = JSON.stringify({ cursor: e.cursor, agreementId: e.agreementId, eventId: e.eventId, agency: e.agency, type: e.type, receivedAt: e.receivedAt });
    return `${head.slice(0, -1)},"record":${raw}}`;
  });
  return `{"events":[${events.join(',')}],"next":${JSON.stringify(page.next)}}`;
}

export interface FeedPage {
  events: FeedEvent[];
  next: string;
  /** The place of `next`. */
  nextPlace: FeedPlace;
}

export interface FeedQuery {
  consumer: Agency;
  /** The place to read after (START for the beginning). */
  after: FeedPlace;
  limit: number;
  /** YYYY-MM-DD in the hub's time zone. */
  today: string;
}

export type AgreementView = Omit<Agreement, 'revoked'> & { status: AgreementStatus };

interface AgreementRow {
  provider: string;
  agreement_id: string;
  consumer: string;
  types: string;
  region_code: string;
  purpose: string;
  valid_from: string;
  valid_until: string;
  revoked: number;
}

const AGREEMENT_SQL = `
SELECT a.provider, a.agreement_id, a.consumer, a.types, a.region_code, a.purpose, a.valid_from, a.valid_until,
       EXISTS (SELECT 1 FROM feed_revocations r WHERE r.provider = a.provider AND r.agreement_id = a.agreement_id) AS revoked
  FROM feed_agreements a`;

function toAgreement(row: AgreementRow): Agreement {
  return {
    agreementId: row.agreement_id,
    provider: row.provider as Agency,
    consumer: row.consumer as Agency,
    types: JSON.parse(row.types) as string[],
    regionCode: row.region_code,
    purpose: row.purpose,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    revoked: row.revoked === 1,
  };
}

function view(agreement: Agreement, today: string): AgreementView {
  const { revoked: _revoked, ...rest } = agreement;
  return { ...rest, types: [...agreement.types], status: agreementStatus(agreement, today) };
}

const byId = (a: Agreement, b: Agreement) => a.provider.localeCompare(b.provider) || a.agreementId.localeCompare(b.agreementId);

export function agreementsForConsumer(db: Database.Database, consumer: Agency): Agreement[] {
  return db.prepare<[string], AgreementRow>(`${AGREEMENT_SQL} WHERE a.consumer = ?`).all(consumer).map(toAgreement).sort(byId);
}

export function agreementsOfAgency(db: Database.Database, agency: Agency, today: string): AgreementView[] {
  return db
    .prepare<[string, string], AgreementRow>(`${AGREEMENT_SQL} WHERE a.provider = ? OR a.consumer = ?`)
    .all(agency, agency)
    .map(toAgreement)
    .sort(byId)
    .map((a) => view(a, today));
}

export function agreementsInRegion(db: Database.Database, region: string, today: string): AgreementView[] {
  return db
    .prepare<[], AgreementRow>(AGREEMENT_SQL)
    .all()
    .map(toAgreement)
    .filter((a) => regionsOverlap(a.regionCode, region))
    .sort(byId)
    .map((a) => view(a, today));
}

interface FeedRow {
  position: bigint;
  deliver_at: bigint;
  event_id: string;
  provider: string;
  type: string;
  received_at: string;
  body: string;
  share_type: string | null;
  community: string | null;
}

/**
 * The consumer's shared events after a place, in delivery order, under the agreements in force
 * today. An event several agreements share names the first of them (by provider and id).
 * A short page means the whole feed index was considered: `next` is then its end, so the next
 * read (a long poll's, say) does not scan the unshared tail again. Without an agreement in
 * force `next` stays put, so a consumer's first agreement brings it the provider's past records.
 * One read transaction: a consistent snapshot on any connection.
 */
export function readFeed(db: Database.Database, query: FeedQuery): FeedPage {
  return db.transaction(() => readFeedNow(db, query))();
}

function readFeedNow(db: Database.Database, query: FeedQuery): FeedPage {
  const agreements = agreementsForConsumer(db, query.consumer).filter((a) => inForce(a, query.today));
  const empty: FeedPage = { events: [], next: encodeCursor(query.after), nextPlace: query.after };
  if (agreements.length === 0) return empty;

  // One disjunct per agreement: the provider, the shared types and the region prefix.
  const params: Array<string | number | bigint> = [query.after.deliverAt, query.after.position];
  const terms = agreements.map((a) => {
    params.push(a.provider, ...a.types, a.regionCode.length, a.regionCode);
    return `(e.provider = ? AND r.share_type IN (${a.types.map(() => '?').join(', ')})
             AND substr(COALESCE(e.community_code, r.community_code), 1, ?) = ?)`;
  });
  params.push(query.limit);
  const rows = db
    .prepare<unknown[], FeedRow>(
      `SELECT e.position, e.deliver_at, e.event_id, e.provider, e.type, e.received_at, e.body, r.share_type,
              COALESCE(e.community_code, r.community_code) AS community
         FROM feed_events e
         JOIN feed_records r ON r.provider = e.provider AND r.record_id = e.record_id
        WHERE (e.deliver_at, e.position) > (?, ?) AND (${terms.join(' OR ')})
        ORDER BY e.deliver_at, e.position
        LIMIT ?`,
    )
    .safeIntegers(true)
    .all(...params);

  const events: FeedEvent[] = [];
  for (const row of rows) {
    const agreement = agreements.find((a) => a.provider === row.provider && shares(a, row.share_type ?? '', row.community));
    if (!agreement) continue; // the SQL and shares() say the same; never deliver on doubt
    const body = row.body;
    const event: FeedEvent = {
      cursor: encodeCursor({ deliverAt: row.deliver_at, position: row.position }),
      agreementId: agreement.agreementId,
      eventId: row.event_id,
      agency: row.provider as Agency,
      type: row.type,
      receivedAt: row.received_at,
      // Parsed only when asked: the HTTP answer splices the stored JSON (feedPageJson).
      get record() {
        return JSON.parse(body) as Record<string, unknown>;
      },
    };
    Object.defineProperty(event, RECORD_JSON, { value: body, enumerable: false });
    events.push(event);
  }
  const last = rows[rows.length - 1];
  let nextPlace = last ? { deliverAt: last.deliver_at, position: last.position } : query.after;
  if (rows.length < query.limit) {
    const end = db
      .prepare<[], { deliver_at: bigint; position: bigint }>('SELECT deliver_at, position FROM feed_events ORDER BY deliver_at DESC, position DESC LIMIT 1')
      .safeIntegers(true)
      .get();
    const endPlace = end ? { deliverAt: end.deliver_at, position: end.position } : null;
    if (endPlace && comparePlaces(endPlace, nextPlace) > 0) nextPlace = endPlace;
  }
  return { events, next: encodeCursor(nextPlace), nextPlace };
}

export { START };
