// The feed queries on PostgreSQL (tables rm_feed_*): the same answers, byte for byte, as the
// SQLite reader (feed/queries.ts), whose pure parts (agreement terms, delivered rows, next place,
// the answer's JSON) it reuses. A page is read in one REPEATABLE READ READ ONLY transaction: its
// agreements, rows and the feed's end come from one snapshot, as SQLite's read transaction gives.
//
//   createPgFeedReader(pool): FeedReader
import type pg from 'pg';
import type { Agency } from '../../../kernel/agency';
import { inForce, regionsOverlap, type Agreement } from '../agreements';
import type { FeedPlace } from '../cursor';
import {
  agreementTerms,
  agreementView,
  answerOf,
  compareAgreements,
  deliveredOf,
  nextPlaceOf,
  toAgreement,
  type AgreementRow,
  type AgreementView,
  type FeedPageAnswer,
  type FeedQuery,
  type FeedRow,
} from '../queries';
import type { FeedReader } from '../reader';

const AGREEMENT_SQL = `
SELECT a.provider, a.agreement_id, a.consumer, a.types, a.region_code, a.purpose, a.valid_from, a.valid_until,
       (EXISTS (SELECT 1 FROM rm_feed_revocations r WHERE r.provider = a.provider AND r.agreement_id = a.agreement_id))::int AS revoked
  FROM rm_feed_agreements a`;

type Queryable = Pick<pg.ClientBase, 'query'>;

async function agreementRows(db: Queryable, where: string, params: unknown[]): Promise<Agreement[]> {
  const { rows } = await db.query<AgreementRow>(`${AGREEMENT_SQL} ${where}`, params);
  return rows.map(toAgreement).sort(compareAgreements);
}

/** A place's positions as int8 parameters (exact, whatever their size). */
const int8 = (value: bigint) => value.toString();

/** bigint columns arrive as numbers (model/pg/pool.ts) or, on a plain pool, as strings. */
const big = (value: number | string | bigint) => BigInt(value);

async function readPage(client: Queryable, query: FeedQuery): Promise<FeedPageAnswer> {
  const agreements = (await agreementRows(client, 'WHERE a.consumer = $1', [query.consumer])).filter((a) => inForce(a, query.today));
  if (agreements.length === 0) return answerOf({ delivered: [], nextPlace: query.after });

  const params: unknown[] = [int8(query.after.deliverAt), int8(query.after.position)];
  const terms = agreementTerms(agreements, params, 'pg');
  params.push(query.limit);
  // The row comparison reads the delivery-order index (rm_feed_events_delivery) from the cursor
  // on and stops after `limit` rows.
  const result = await client.query<unknown[]>({
    text: `SELECT e.position, e.deliver_at, e.event_id, e.provider, e.type, e.received_at, e.body, r.share_type,
                  COALESCE(e.community_code, r.community_code) AS community
             FROM rm_feed_events e
             JOIN rm_feed_records r ON r.provider = e.provider AND r.record_id = e.record_id
            WHERE (e.deliver_at, e.position) > ($1::int8, $2::int8) AND (${terms.join(' OR ')})
            ORDER BY e.deliver_at, e.position
            LIMIT $${params.length}`,
    values: params,
    rowMode: 'array',
  });
  const rows = result.rows.map(
    (r) => [big(r[0] as number), big(r[1] as number), r[2], r[3], r[4], r[5], r[6], r[7], r[8]] as FeedRow,
  );
  const delivered = deliveredOf(rows, agreements);
  let end: FeedPlace | null = null;
  if (rows.length < query.limit) {
    const last = await client.query<{ deliver_at: number; position: number }>(
      'SELECT deliver_at, position FROM rm_feed_events ORDER BY deliver_at DESC, position DESC LIMIT 1',
    );
    const row = last.rows[0];
    if (row) end = { deliverAt: big(row.deliver_at), position: big(row.position) };
  }
  return answerOf({ delivered, nextPlace: nextPlaceOf(rows, query, end) });
}

export function createPgFeedReader(pool: pg.Pool): FeedReader {
  return {
    async read(query) {
      const client = await pool.connect();
      let ok = false;
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const answer = await readPage(client, query);
        await client.query('COMMIT');
        ok = true;
        return answer;
      } finally {
        if (!ok) await client.query('ROLLBACK').catch(() => undefined);
        client.release(!ok);
      }
    },
    async agreementsOf(agency: Agency, today: string): Promise<AgreementView[]> {
      return (await agreementRows(pool, 'WHERE a.provider = $1 OR a.consumer = $1', [agency])).map((a) => agreementView(a, today));
    },
    async agreementsIn(region: string, today: string): Promise<AgreementView[]> {
      return (await agreementRows(pool, '', []))
        .filter((a) => regionsOverlap(a.regionCode, region))
        .map((a) => agreementView(a, today));
    },
  };
}
