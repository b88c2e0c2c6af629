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
import { comparePlaces, cursorOf, encodeCursor, START, type FeedPlace } from './cursor';

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

export interface AgreementRow {
  provider: string;
  agreement_id: string;
  consumer: string;
  types: string;
  region_code: string;
  purpose: string;
  valid_from: string;
  valid_until: string;
  /** 1 or 0 (SQLite's EXISTS; PostgreSQL's is cast to int). */
  revoked: number;
}

const AGREEMENT_SQL = `
SELECT a.provider, a.agreement_id, a.consumer, a.types, a.region_code, a.purpose, a.valid_from, a.valid_until,
       EXISTS (SELECT 1 FROM feed_revocations r WHERE r.provider = a.provider AND r.agreement_id = a.agreement_id) AS revoked
  FROM feed_agreements a`;

export function toAgreement(row: AgreementRow): Agreement {
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

export function agreementView(agreement: Agreement, today: string): AgreementView {
  const { revoked: _revoked, ...rest } = agreement;
  return { ...rest, types: [...agreement.types], status: agreementStatus(agreement, today) };
}

export const compareAgreements = (a: Agreement, b: Agreement): number => a.provider.localeCompare(b.provider) || a.agreementId.localeCompare(b.agreementId);

export function agreementsForConsumer(db: Database.Database, consumer: Agency): Agreement[] {
  return db.prepare<[string], AgreementRow>(`${AGREEMENT_SQL} WHERE a.consumer = ?`).all(consumer).map(toAgreement).sort(compareAgreements);
}

export function agreementsOfAgency(db: Database.Database, agency: Agency, today: string): AgreementView[] {
  return db
    .prepare<[string, string], AgreementRow>(`${AGREEMENT_SQL} WHERE a.provider = ? OR a.consumer = ?`)
    .all(agency, agency)
    .map(toAgreement)
    .sort(compareAgreements)
    .map((a) => agreementView(a, today));
}

export function agreementsInRegion(db: Database.Database, region: string, today: string): AgreementView[] {
  return db
    .prepare<[], AgreementRow>(AGREEMENT_SQL)
    .all()
    .map(toAgreement)
    .filter((a) => regionsOverlap(a.regionCode, region))
    .sort(compareAgreements)
    .map((a) => agreementView(a, today));
}

/** A row of the page query, `.raw()`: columns in the SELECT's order. */
export type FeedRow = [position: bigint, deliverAt: bigint, eventId: string, provider: string, type: string, receivedAt: string, body: string, shareType: string | null, community: string | null];

/** Statements by SQL text: the page query's text depends only on the agreements' shape. */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement<unknown[], FeedRow>>>();

function pageStatement(db: Database.Database, sql: string): Database.Statement<unknown[], FeedRow> {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) {
    statement = db.prepare<unknown[], FeedRow>(sql).safeIntegers(true).raw(true);
    if (byText.size > 64) byText.clear(); // agreements change rarely; bound the cache anyway
    byText.set(sql, statement);
  }
  return statement;
}

/** Each delivered row with the agreement it is delivered under, and where the next read starts. */
export interface Scan {
  delivered: Array<{ row: FeedRow; agreement: Agreement }>;
  nextPlace: FeedPlace;
}

/**
 * The consumer's shared events after a place, in delivery order, under the agreements in force
 * today. An event several agreements share names the first of them (by provider and id).
 * A short page means the whole feed index was considered: `next` is then its end, so the next
 * read (a long poll's, say) does not scan the unshared tail again. Without an agreement in
 * force `next` stays put, so a consumer's first agreement brings it the provider's past records.
 */
function scanFeed(db: Database.Database, query: FeedQuery): Scan {
  const agreements = agreementsForConsumer(db, query.consumer).filter((a) => inForce(a, query.today));
  if (agreements.length === 0) return { delivered: [], nextPlace: query.after };

  const params: unknown[] = [query.after.deliverAt, query.after.position];
  const terms = agreementTerms(agreements, params, 'sqlite');
  params.push(query.limit);
  const rows = pageStatement(
    db,
    // INDEXED BY: the delivery order's index, read from the cursor on, stops after `limit` rows.
    // The planner, without statistics, may otherwise pick the per-record index for the OR and
    // sort the consumer's whole remaining feed for every page.
    `SELECT e.position, e.deliver_at, e.event_id, e.provider, e.type, e.received_at, e.body, r.share_type,
            COALESCE(e.community_code, r.community_code) AS community
       FROM feed_events e INDEXED BY feed_events_delivery
       JOIN feed_records r ON r.provider = e.provider AND r.record_id = e.record_id
      WHERE (e.deliver_at, e.position) > (?, ?) AND (${terms.join(' OR ')})
      ORDER BY e.deliver_at, e.position
      LIMIT ?`,
  ).all(...params);

  const delivered = deliveredOf(rows, agreements);
  if (rows.length >= query.limit) return { delivered, nextPlace: nextPlaceOf(rows, query, null) };
  const end = db
    .prepare<[], { deliver_at: bigint; position: bigint }>('SELECT deliver_at, position FROM feed_events ORDER BY deliver_at DESC, position DESC LIMIT 1')
    .safeIntegers(true)
    .get();
  return { delivered, nextPlace: nextPlaceOf(rows, query, end ? { deliverAt: end.deliver_at, position: end.position } : null) };
}

/**
 * The page query's disjuncts, one per agreement: the provider, the shared types and the region
 * prefix; their parameters are pushed onto `params` (SQLite: `?` each; PostgreSQL: `$n`, the
 * types as one text[]).
 */
export function agreementTerms(agreements: readonly Agreement[], params: unknown[], dialect: 'sqlite' | 'pg'): string[] {
  const p = (value: unknown) => (params.push(value), dialect === 'sqlite' ? '?' : `$${params.length}`);
  return agreements.map(
    (a) => `(e.provider = ${p(a.provider)} AND r.share_type ${dialect === 'sqlite' ? `IN (${a.types.map(p).join(', ')})` : `= ANY(${p([...a.types])}::text[])`}
             AND substr(COALESCE(e.community_code, r.community_code), 1, ${p(a.regionCode.length)}) = ${p(a.regionCode)})`,
  );
}

/** The rows some agreement shares, each with the first such agreement (by provider and id). */
export function deliveredOf(rows: readonly FeedRow[], agreements: readonly Agreement[]): Scan['delivered'] {
  const delivered: Scan['delivered'] = [];
  for (const row of rows) {
    const agreement = agreements.find((a) => a.provider === row[3] && shares(a, row[7] ?? '', row[8]));
    if (agreement) delivered.push({ row, agreement }); // the SQL and shares() say the same; never deliver on doubt
  }
  return delivered;
}

/** Past the last row; after a short page, the feed's end (`end`, its last place) when further. */
export function nextPlaceOf(rows: readonly FeedRow[], query: FeedQuery, end: FeedPlace | null): FeedPlace {
  const last = rows[rows.length - 1];
  let nextPlace = last ? { deliverAt: last[1], position: last[0] } : query.after;
  if (rows.length < query.limit && end && comparePlaces(end, nextPlace) > 0) nextPlace = end;
  return nextPlace;
}

/** The page as objects (one read transaction: a consistent snapshot on any connection). */
export function readFeed(db: Database.Database, query: FeedQuery): FeedPage {
  const { delivered, nextPlace } = db.transaction(() => scanFeed(db, query))();
  const events = delivered.map(({ row, agreement }) => {
    const body = row[6];
    const event: FeedEvent = {
      cursor: encodeCursor({ deliverAt: row[1], position: row[0] }),
      agreementId: agreement.agreementId,
      eventId: row[2],
      agency: row[3] as Agency,
      type: row[4],
      receivedAt: row[5],
      // Parsed only when asked: the HTTP answer splices the stored JSON (feedPageJson).
      get record() {
        return JSON.parse(body) as Record<string, unknown>;
      },
    };
    Object.defineProperty(event, RECORD_JSON, { value: body, enumerable: false });
    return event;
  });
  return { events, next: encodeCursor(nextPlace), nextPlace };
}

/** What the access log records of a page, per provider (in the order providers first appear). */
export interface ProviderShare {
  provider: Agency;
  /** Sorted, without repeats. */
  agreementIds: string[];
  events: number;
  firstCursor: string;
  lastCursor: string;
}

/**
 * A page as the HTTP answer will carry it: its JSON as UTF-8 bytes, built where the query runs
 * from the stored bodies (a worker thread hands back one buffer, transferred, not a thousand
 * cloned objects), and what the access log needs to know of it.
 */
export interface FeedPageAnswer {
  /** The answer's body, `{"events":[...],"next":"..."}` as feedPageJson writes it, in UTF-8. */
  body: Uint8Array;
  /** Events in the page. */
  count: number;
  next: string;
  nextPlace: FeedPlace;
  providers: ProviderShare[];
}

const utf8 = new TextEncoder();

/** readFeed, written as the answer (the UTF-8 of feedPageJson(readFeed(...))). */
export function readFeedPage(db: Database.Database, query: FeedQuery): FeedPageAnswer {
  return answerOf(db.transaction(() => scanFeed(db, query))());
}

/** A scan written as the answer, on any backend. */
export function answerOf({ delivered, nextPlace }: Scan): FeedPageAnswer {
  const next = encodeCursor(nextPlace);
  // One string grown piece by piece, then encoded once: cheaper than a string per event joined.
  let json = '{"events":[';
  const byProvider = new Map<string, { share: ProviderShare; ids: Set<string> }>();
  // `"agreementId":…,"eventId":` is one string per agreement; a type's fragment one per type.
  const agreementText = new Map<Agreement, string>();
  const typeText = new Map<string, string>();
  for (let i = 0; i < delivered.length; i++) {
    const { row, agreement } = delivered[i]!;
    const cursor = cursorOf(row[1], row[0]);
    let head = agreementText.get(agreement);
    if (head === undefined) agreementText.set(agreement, (head = `","agreementId":${JSON.stringify(agreement.agreementId)},"eventId":`));
    const provider = row[3];
    const type = row[4];
    let tail = typeText.get(provider + '\u0000' + type);
    if (tail === undefined) typeText.set(provider + '\u0000' + type, (tail = `,"agency":${JSON.stringify(provider)},"type":${JSON.stringify(type)},"receivedAt":`));
    // A cursor is base64url: nothing in it needs escaping.
    json += `${i === 0 ? '' : ','}{"cursor":"${cursor}${head}${JSON.stringify(row[2])}${tail}${JSON.stringify(row[5])},"record":${row[6]}}`;

    const seen = byProvider.get(provider);
    if (seen) {
      seen.share.events += 1;
      seen.share.lastCursor = cursor;
      seen.ids.add(agreement.agreementId);
    } else {
      byProvider.set(provider, {
        share: { provider: provider as Agency, agreementIds: [], events: 1, firstCursor: cursor, lastCursor: cursor },
        ids: new Set([agreement.agreementId]),
      });
    }
  }
  const providers = [...byProvider.values()].map(({ share, ids }) => ({ ...share, agreementIds: [...ids].sort() }));
  // Its own ArrayBuffer (not Buffer's shared pool), so it can be transferred to another thread.
  const body = utf8.encode(`${json}],"next":${JSON.stringify(next)}}`);
  return { body, count: delivered.length, next, nextPlace, providers };
}

export { START };
