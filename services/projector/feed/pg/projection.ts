// The feed projection on PostgreSQL (tables rm_feed_*, model/pg/schema.ts): the same fold as
// SQLite's (createFeedFold), run over an in-memory overlay of the page instead of statements.
//
//   createPgFeedProjection(): PgFeedProjection
//   PgFeedProjection.fold(client, events): Promise<PgFeedPageWrites>   reads only
//   PgFeedPageWrites.write(client)                                    inside the page transaction
//
// fold() loads in batch the rows the page's events name (their records, their targets, and the
// records referring to them), then runs the fold synchronously against the loaded rows plus the
// page's own writes. A lookup of anything not loaded is a miss: it answers as if absent and the
// run goes on, but its result is thrown away; the misses are loaded in one batch and the page
// runs again from scratch (the page's writes dropped, the loaded rows kept), until a run has no
// miss. That run's writes are the journal write() applies with a few set-based statements.
// The overlay must be folded against the rows write() will meet: only the lease holder writes
// these tables, and it calls write() before folding the next page.
import type pg from 'pg';
import type { ProjectedEvent } from '../../domain/types';
import { createFeedFold, targetOf, type FeedRecordRow, type FeedReferrerRow, type FeedStore } from '../projection';

export interface PgFeedPageWrites {
  /** Whether any event counted (the feed changed: notify its readers once committed). */
  changed: boolean;
  /** Applies the page's writes; call inside the page's transaction. */
  write(client: pg.ClientBase): Promise<void>;
}

export interface PgFeedFoldStats {
  /** Runs of the fold over the page: 1 plus the reruns after misses. */
  runs: number;
  /** Keys loaded after a miss. */
  missesLoaded: number;
}

export interface PgFeedProjection {
  fold(client: pg.ClientBase, events: readonly ProjectedEvent[]): Promise<PgFeedPageWrites>;
  /** Of the last fold() (tests and metrics). */
  lastFold(): PgFeedFoldStats;
}

/** A feed_records row with its id, as the overlay keeps it (never mutated: a write replaces it). */
interface OverlayRow extends FeedRecordRow, FeedReferrerRow {
  provider: string;
}

interface RecordRowDb {
  provider: string;
  record_id: string;
  type: string;
  revision: number;
  target_record_id: string | null;
  share_type: string | null;
  community_code: string | null;
}

const SEP = '\u0000';
const keyOf = (provider: string, recordId: string) => provider + SEP + recordId;
const split = (key: string): [string, string] => {
  const i = key.indexOf(SEP);
  return [key.slice(0, i), key.slice(i + 1)];
};

/** Record ids compare as SQLite's BINARY collation orders ASCII (referrers come in record_id order). */
const byRecordId = (a: FeedReferrerRow, b: FeedReferrerRow) => (a.record_id < b.record_id ? -1 : a.record_id > b.record_id ? 1 : 0);

/** The rows loaded from the database: kept across the reruns of one page. */
class Loaded {
  /** Rows by key; null: looked up and absent. */
  readonly records = new Map<string, OverlayRow | null>();
  /** Keys (provider, target) whose every referrer in the database is loaded. */
  readonly referrersLoaded = new Set<string>();
  /** Keys of loaded rows by their (provider, target_record_id). */
  readonly byTarget = new Map<string, Set<string>>();

  add(row: RecordRowDb): void {
    const key = keyOf(row.provider, row.record_id);
    if (this.records.get(key)) return;
    this.records.set(key, { ...row });
    if (row.target_record_id !== null) addTo(this.byTarget, keyOf(row.provider, row.target_record_id), key);
  }

  // LATERAL: one index probe per key, whatever the planner's statistics say (a rebuild's tables
  // have none until their end, and a hash join over them would scan the whole table per page).
  async load(client: pg.ClientBase, recordKeys: Iterable<string>, referrerKeys: Iterable<string>): Promise<void> {
    const records = [...new Set(recordKeys)].filter((k) => !this.records.has(k));
    const referrers = [...new Set(referrerKeys)].filter((k) => !this.referrersLoaded.has(k));
    if (records.length > 0) {
      const providers = records.map((k) => split(k)[0]);
      const ids = records.map((k) => split(k)[1]);
      const { rows } = await client.query<RecordRowDb>(
        `SELECT f.provider, f.record_id, f.type, f.revision, f.target_record_id, f.share_type, f.community_code
           FROM unnest($1::text[], $2::text[]) AS k(provider, record_id)
           CROSS JOIN LATERAL (SELECT * FROM rm_feed_records f WHERE f.provider = k.provider AND f.record_id = k.record_id) AS f`,
        [providers, ids],
      );
      for (const row of rows) this.add(row);
      for (const k of records) if (!this.records.has(k)) this.records.set(k, null);
    }
    if (referrers.length > 0) {
      const providers = referrers.map((k) => split(k)[0]);
      const targets = referrers.map((k) => split(k)[1]);
      const { rows } = await client.query<RecordRowDb>(
        `SELECT f.provider, f.record_id, f.type, f.revision, f.target_record_id, f.share_type, f.community_code
           FROM unnest($1::text[], $2::text[]) AS k(provider, target)
           CROSS JOIN LATERAL (SELECT * FROM rm_feed_records f WHERE f.provider = k.provider AND f.target_record_id = k.target) AS f`,
        [providers, targets],
      );
      for (const row of rows) this.add(row);
      for (const k of referrers) this.referrersLoaded.add(k);
    }
  }
}

function addTo(index: Map<string, Set<string>>, key: string, member: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(member);
}

interface EventWrite {
  position: bigint;
  eventId: string;
  provider: string;
  type: string;
  recordId: string;
  community: string | null;
  receivedAt: string;
  body: string;
}

interface AgreementWrite {
  provider: string;
  agreementId: string;
  revision: number;
  consumer: string;
  types: string;
  regionCode: string;
  purpose: string;
  validFrom: string;
  validUntil: string;
}

/** One run of the fold over a page: the loaded rows, the page's writes over them, and the misses. */
class Overlay implements FeedStore {
  /** Rows the page wrote, by key (the latest state). */
  readonly records = new Map<string, OverlayRow>();
  /** Keys of rows the page wrote, by the target they were given. */
  private readonly byTarget = new Map<string, Set<string>>();
  readonly events: EventWrite[] = [];
  private readonly eventPositions = new Set<bigint>();
  readonly redeliveries = new Map<string, bigint>();
  readonly agreements = new Map<string, AgreementWrite>();
  readonly revocations = new Set<string>();
  readonly missedRecords = new Set<string>();
  readonly missedReferrers = new Set<string>();

  constructor(private readonly loaded: Loaded) {}

  get missed(): boolean {
    return this.missedRecords.size > 0 || this.missedReferrers.size > 0;
  }

  private row(key: string): OverlayRow | undefined {
    const written = this.records.get(key);
    if (written) return written;
    const loaded = this.loaded.records.get(key);
    if (loaded === undefined) {
      this.missedRecords.add(key);
      return undefined;
    }
    return loaded ?? undefined;
  }

  selectRecord(provider: string, recordId: string): FeedRecordRow | undefined {
    return this.row(keyOf(provider, recordId));
  }

  selectReferrers(provider: string, recordId: string): readonly FeedReferrerRow[] {
    const target = keyOf(provider, recordId);
    if (!this.loaded.referrersLoaded.has(target)) this.missedReferrers.add(target);
    const out: OverlayRow[] = [];
    const seen = new Set<string>();
    // A row counts where it is now: loaded with this target and not re-targeted by the page, or
    // given this target by the page.
    for (const index of [this.loaded.byTarget, this.byTarget]) {
      for (const key of index.get(target) ?? []) {
        if (seen.has(key)) continue;
        seen.add(key);
        const row = this.row(key);
        if (row && row.target_record_id === recordId) out.push(row);
      }
    }
    return out.sort(byRecordId);
  }

  upsertRecord(provider: string, recordId: string, type: string, revision: number, target: string | null, shareType: string | null, community: string | null): void {
    const key = keyOf(provider, recordId);
    const before = this.row(key);
    this.records.set(key, {
      provider,
      record_id: recordId,
      type: before ? before.type : type,
      revision,
      target_record_id: target,
      share_type: shareType,
      community_code: community,
    });
    if (target !== null) addTo(this.byTarget, keyOf(provider, target), key);
  }

  updateReferrer(provider: string, recordId: string, community: string | null, shareType: string | null): void {
    const key = keyOf(provider, recordId);
    const before = this.row(key);
    if (!before) return; // UPDATE of no row
    this.records.set(key, {
      ...before,
      community_code: community,
      share_type: before.type === 'RecordWithdrawn' ? shareType : before.share_type,
    });
  }

  insertEvent(position: bigint, eventId: string, provider: string, type: string, recordId: string, community: string | null, receivedAt: string, body: string): void {
    // INSERT OR IGNORE: a position already stored stays (ON CONFLICT DO NOTHING at write()).
    if (this.eventPositions.has(position)) return;
    this.eventPositions.add(position);
    this.events.push({ position, eventId, provider, type, recordId, community, receivedAt, body });
  }

  redeliver(at: bigint, provider: string, recordId: string): void {
    // Applied after the page's inserts, the highest `at` of a record: the same rows end where
    // applying each at once would leave them (an event inserted after a redelivery at P has a
    // position above P, so neither moves it).
    const key = keyOf(provider, recordId);
    const before = this.redeliveries.get(key);
    if (before === undefined || at > before) this.redeliveries.set(key, at);
  }

  upsertAgreement(provider: string, agreementId: string, revision: number, consumer: string, types: string, regionCode: string, purpose: string, validFrom: string, validUntil: string): void {
    this.agreements.set(keyOf(provider, agreementId), { provider, agreementId, revision, consumer, types, regionCode, purpose, validFrom, validUntil });
  }

  insertRevocation(provider: string, agreementId: string): void {
    this.revocations.add(keyOf(provider, agreementId));
  }

  async write(client: pg.ClientBase): Promise<void> {
    if (this.records.size > 0) {
      const rows = [...this.records.values()];
      await client.query(
        `INSERT INTO rm_feed_records (provider, record_id, type, revision, target_record_id, share_type, community_code)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[])
         ON CONFLICT (provider, record_id) DO UPDATE SET revision = excluded.revision, target_record_id = excluded.target_record_id,
           share_type = excluded.share_type, community_code = excluded.community_code`,
        [
          rows.map((r) => r.provider),
          rows.map((r) => r.record_id),
          rows.map((r) => r.type),
          rows.map((r) => r.revision),
          rows.map((r) => r.target_record_id),
          rows.map((r) => r.share_type),
          rows.map((r) => r.community_code),
        ],
      );
    }
    if (this.events.length > 0) {
      const e = this.events;
      // The rows as one JSON text: pg escapes array elements character by character in
      // JavaScript, JSON.stringify and the server's json parser are native code.
      await client.query(
        `INSERT INTO rm_feed_events (position, deliver_at, event_id, provider, type, record_id, community_code, received_at, body)
         SELECT k.position, k.position, k.event_id, k.provider, k.type, k.record_id, k.community_code, k.received_at, k.body
           FROM json_to_recordset($1::json)
                AS k(position int8, event_id text, provider text, type text, record_id text, community_code text, received_at text, body text)
         ON CONFLICT (position) DO NOTHING`,
        [
          JSON.stringify(
            e.map((x) => ({
              position: Number(x.position),
              event_id: x.eventId,
              provider: x.provider,
              type: x.type,
              record_id: x.recordId,
              community_code: x.community,
              received_at: x.receivedAt,
              body: x.body,
            })),
          ),
        ],
      );
    }
    if (this.redeliveries.size > 0) {
      const keys = [...this.redeliveries.keys()];
      await client.query(
        `UPDATE rm_feed_events e SET deliver_at = r.at
           FROM unnest($1::text[], $2::text[], $3::int8[]) AS r(provider, record_id, at)
          WHERE e.provider = r.provider AND e.record_id = r.record_id AND e.deliver_at < r.at`,
        [keys.map((k) => split(k)[0]), keys.map((k) => split(k)[1]), [...this.redeliveries.values()].map(String)],
      );
    }
    if (this.agreements.size > 0) {
      const a = [...this.agreements.values()];
      await client.query(
        `INSERT INTO rm_feed_agreements (provider, agreement_id, revision, consumer, types, region_code, purpose, valid_from, valid_until)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         ON CONFLICT (provider, agreement_id) DO UPDATE SET revision = excluded.revision, consumer = excluded.consumer, types = excluded.types,
           region_code = excluded.region_code, purpose = excluded.purpose, valid_from = excluded.valid_from, valid_until = excluded.valid_until`,
        [
          a.map((x) => x.provider),
          a.map((x) => x.agreementId),
          a.map((x) => x.revision),
          a.map((x) => x.consumer),
          a.map((x) => x.types),
          a.map((x) => x.regionCode),
          a.map((x) => x.purpose),
          a.map((x) => x.validFrom),
          a.map((x) => x.validUntil),
        ],
      );
    }
    if (this.revocations.size > 0) {
      const keys = [...this.revocations];
      await client.query(
        `INSERT INTO rm_feed_revocations (provider, agreement_id)
         SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
        [keys.map((k) => split(k)[0]), keys.map((k) => split(k)[1])],
      );
    }
  }
}

/** Reruns of one page before giving up: each loads at least one new key, so this only bounds a bug. */
const MAX_RUNS = 64;

export function createPgFeedProjection(): PgFeedProjection {
  let stats: PgFeedFoldStats = { runs: 0, missesLoaded: 0 };
  return {
    lastFold: () => stats,
    async fold(client, events) {
      const loaded = new Loaded();
      // What the events name: their records, their targets, and the records referring to them.
      const recordKeys: string[] = [];
      const referrerKeys: string[] = [];
      for (const event of events) {
        const key = keyOf(event.agency, event.body.sourceRecordId);
        recordKeys.push(key);
        referrerKeys.push(key);
        const target = targetOf(event.body);
        if (target !== null) recordKeys.push(keyOf(event.agency, target));
      }
      await loaded.load(client, recordKeys, referrerKeys);
      stats = { runs: 0, missesLoaded: 0 };
      for (;;) {
        const overlay = new Overlay(loaded);
        const apply = createFeedFold(overlay);
        let changed = false;
        for (const event of events) if (apply(event)) changed = true;
        stats.runs += 1;
        if (!overlay.missed) return { changed, write: (c) => overlay.write(c) };
        if (stats.runs >= MAX_RUNS) throw new Error(`The feed fold still missed rows after ${MAX_RUNS} runs of a page.`);
        stats.missesLoaded += overlay.missedRecords.size + overlay.missedReferrers.size;
        await loaded.load(client, overlay.missedRecords, overlay.missedReferrers);
      }
    },
  };
}
