// The feed's index inside the read model's SQLite file (tables feed_*): for every counted
// revision (higher than its record's highest so far) the provider, type, community and body, and
// the agreements' current state. The read model calls apply() inside its page transaction, so
// the index and the checkpoint move together; like the rest of the read model it is rebuilt from
// the log by `npm run rebuild`.
//
//   createFeedProjection(db): FeedProjection
//   FeedProjection.apply(events)      inside the caller's transaction
//   FeedProjection.reset()            inside the caller's transaction
//   FeedProjection.onChange(listener) called after a page that changed the feed (once committed)
//   createFeedFold(store): (event) => boolean   the fold itself, over a synchronous FeedStore;
//                                               PostgreSQL runs it over a page overlay (pg/projection.ts)
import type Database from 'better-sqlite3';
import type { EventBody } from '../../kernel/events.generated';
import { bodyJsonOf } from '../bodyJson';
import type { ProjectedEvent } from '../domain/types';

export interface FeedProjection {
  readonly db: Database.Database;
  apply(events: readonly ProjectedEvent[]): void;
  /** Builds the readers' indexes a bulk load left out; call once, at its end. */
  finishBulkLoad(): void;
  reset(): void;
  /** The listener runs once the page's transaction is over (a microtask later); returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

const DDL = `
CREATE TABLE IF NOT EXISTS feed_records (
  provider         TEXT    NOT NULL,
  record_id        TEXT    NOT NULL,
  type             TEXT    NOT NULL,
  revision         INTEGER NOT NULL,              -- highest counted revision
  target_record_id TEXT,                          -- the record a reference points to
  share_type       TEXT,                          -- type an agreement must list (a withdrawal: its target's)
  community_code   TEXT,                          -- own, or the referred record's (null until known)
  PRIMARY KEY (provider, record_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feed_records_target ON feed_records (provider, target_record_id);

CREATE TABLE IF NOT EXISTS feed_events (
  position       INTEGER PRIMARY KEY,             -- the log position
  deliver_at     INTEGER NOT NULL,                -- delivery order: position, or where a late reference got resolved
  event_id       TEXT    NOT NULL,
  provider       TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  record_id      TEXT    NOT NULL,
  community_code TEXT,                            -- the event's own communityCode
  received_at    TEXT    NOT NULL,
  body           TEXT    NOT NULL
);

CREATE TABLE IF NOT EXISTS feed_agreements (
  provider     TEXT    NOT NULL,
  agreement_id TEXT    NOT NULL,
  revision     INTEGER NOT NULL,
  consumer     TEXT    NOT NULL,
  types        TEXT    NOT NULL,                  -- JSON array
  region_code  TEXT    NOT NULL,
  purpose      TEXT    NOT NULL,
  valid_from   TEXT    NOT NULL,
  valid_until  TEXT    NOT NULL,
  PRIMARY KEY (provider, agreement_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feed_agreements_consumer ON feed_agreements (consumer);

-- Revocations (and withdrawals of grants), kept even before their grant arrives.
CREATE TABLE IF NOT EXISTS feed_revocations (
  provider     TEXT NOT NULL,
  agreement_id TEXT NOT NULL,
  PRIMARY KEY (provider, agreement_id)
) WITHOUT ROWID;
`;

/**
 * Indexes on feed_events: for redelivery (by record) and the readers (delivery order). A bulk load
 * (rebuild) builds them at its end, one sort each, instead of one random insert per event.
 */
const EVENT_INDEXES_DDL = `
CREATE INDEX IF NOT EXISTS feed_events_record ON feed_events (provider, record_id);
CREATE INDEX IF NOT EXISTS feed_events_delivery ON feed_events (deliver_at, position);
`;

/**
 * A bulk load notes its redeliveries here and applies them at its end. Equivalent to applying each
 * at once: a redelivery at P moves every earlier event of the record to deliver_at P unless it is
 * already later, so the highest P of a record wins over the events before it.
 */
const BULK_REDELIVERIES_DDL = `
CREATE TEMP TABLE IF NOT EXISTS feed_bulk_redeliveries (provider TEXT NOT NULL, record_id TEXT NOT NULL, at INTEGER NOT NULL);
`;
const APPLY_BULK_REDELIVERIES = `
UPDATE feed_events SET deliver_at = r.at
  FROM (SELECT provider, record_id, MAX(at) AS at FROM temp.feed_bulk_redeliveries GROUP BY provider, record_id) AS r
 WHERE feed_events.provider = r.provider AND feed_events.record_id = r.record_id AND feed_events.deliver_at < r.at;
DROP TABLE temp.feed_bulk_redeliveries;
`;

/** A feed_records row as the fold reads it. */
export interface FeedRecordRow {
  type: string;
  revision: number;
  target_record_id: string | null;
  share_type: string | null;
  community_code: string | null;
}

/** A record that refers to another (its target_record_id), as propagation reads it. */
export interface FeedReferrerRow {
  record_id: string;
  type: string;
  community_code: string | null;
  share_type: string | null;
}

/**
 * What the fold reads and writes, synchronously, with SQL's semantics (each call sees the writes
 * before it). SQLite: prepared statements (createFeedProjection). PostgreSQL: an in-memory
 * overlay of the page (pg/projection.ts). Positional arguments: nothing allocated per call.
 */
export interface FeedStore {
  /** The row of (provider, recordId), or undefined. */
  selectRecord(provider: string, recordId: string): FeedRecordRow | undefined;
  /** The rows whose target_record_id is recordId, as they are now (a snapshot: later writes do not change it). */
  selectReferrers(provider: string, recordId: string): readonly FeedReferrerRow[];
  /** INSERT, or on conflict UPDATE everything but the type. */
  upsertRecord(provider: string, recordId: string, type: string, revision: number, target: string | null, shareType: string | null, community: string | null): void;
  /** community_code := community; share_type := shareType for a RecordWithdrawn row, unchanged otherwise. */
  updateReferrer(provider: string, recordId: string, community: string | null, shareType: string | null): void;
  /** INSERT OR IGNORE (by position), deliver_at = position. */
  insertEvent(position: bigint, eventId: string, provider: string, type: string, recordId: string, community: string | null, receivedAt: string, body: string): void;
  /** deliver_at := at for the record's events delivered before at. */
  redeliver(at: bigint, provider: string, recordId: string): void;
  /** INSERT, or on conflict UPDATE every column. */
  upsertAgreement(provider: string, agreementId: string, revision: number, consumer: string, types: string, regionCode: string, purpose: string, validFrom: string, validUntil: string): void;
  /** INSERT OR IGNORE. */
  insertRevocation(provider: string, agreementId: string): void;
}

/** Events that name no community: they follow the record they refer to. */
export function targetOf(body: EventBody): string | null {
  switch (body.type) {
    case 'HazardRectificationExtended':
    case 'HazardRectified':
      return body.hazardRecordId;
    case 'PromotionProjectEvaluated':
      return body.projectRecordId;
    case 'RecordWithdrawn':
      return body.withdrawnRecordId;
    case 'SharingAgreementRevoked':
      return body.agreementRecordId;
    default:
      return null;
  }
}

function ownCommunity(body: EventBody): string | null {
  return 'communityCode' in body ? body.communityCode : null;
}

const AGREEMENT_TYPES = new Set(['SharingAgreementGranted', 'SharingAgreementRevoked']);
/** How far a community or withdrawn type is passed down a chain of references. */
const MAX_REFERENCE_DEPTH = 8;

/**
 * The feed's fold, written once for every store: applies one event, returns whether it counted
 * (a new record or a higher revision of a known one).
 */
export function createFeedFold(store: FeedStore): (event: ProjectedEvent) => boolean {
  /** A record's community or share type is now known or changed: pass it to the records referring to it. */
  const propagate = (provider: string, recordId: string, community: string | null, shareType: string | null, at: bigint, depth: number) => {
    if (depth > MAX_REFERENCE_DEPTH) return;
    for (const referrer of store.selectReferrers(provider, recordId)) {
      if (referrer.record_id === recordId) continue;
      const referrerShareType = referrer.type === 'RecordWithdrawn' ? shareType : referrer.type;
      if (referrer.community_code === community && referrer.share_type === referrerShareType) continue;
      store.updateReferrer(provider, referrer.record_id, community, shareType);
      if (community !== null && referrerShareType !== null) store.redeliver(at, provider, referrer.record_id);
      propagate(provider, referrer.record_id, community, referrerShareType, at, depth + 1);
    }
  };

  return (event) => {
    const body = event.body;
    const provider = event.agency;
    const known = store.selectRecord(provider, body.sourceRecordId);
    // Another type under a known record id is never counted; nor are stale revisions and duplicates.
    if (known && (known.type !== body.type || body.revision <= known.revision)) return false;

    const target = targetOf(body);
    const targetRow = target === null ? undefined : store.selectRecord(provider, target);
    const community = ownCommunity(body) ?? targetRow?.community_code ?? null;
    const shareType = body.type === 'RecordWithdrawn' ? (targetRow?.share_type ?? null) : body.type;
    store.upsertRecord(provider, body.sourceRecordId, body.type, body.revision, target, shareType, community);
    if (known === undefined || known.community_code !== community || known.share_type !== shareType) {
      propagate(provider, body.sourceRecordId, community, shareType, event.position, 1);
    }

    if (!AGREEMENT_TYPES.has(body.type)) {
      store.insertEvent(event.position, event.eventId, provider, body.type, body.sourceRecordId, ownCommunity(body), event.receivedAt, bodyJsonOf(body));
    }
    if (body.type === 'SharingAgreementGranted') {
      store.upsertAgreement(
        provider, body.sourceRecordId, body.revision, body.consumer, JSON.stringify(body.types),
        body.regionCode, body.purpose, body.validFrom, body.validUntil,
      );
    } else if (body.type === 'SharingAgreementRevoked') {
      store.insertRevocation(provider, body.agreementRecordId);
    } else if (body.type === 'RecordWithdrawn') {
      // A withdrawn grant stops sharing like a revoked one; for other records the row is inert.
      store.insertRevocation(provider, body.withdrawnRecordId);
    }
    return true;
  };
}

/** The SQLite store: today's prepared statements (a bulk load notes its redeliveries for the end). */
function sqliteFeedStore(db: Database.Database, bulkLoad: boolean): FeedStore {
  const selectRecord = db.prepare<[string, string], FeedRecordRow>(
    'SELECT type, revision, target_record_id, share_type, community_code FROM feed_records WHERE provider = ? AND record_id = ?',
  );
  const upsertRecord = db.prepare(
    `INSERT INTO feed_records (provider, record_id, type, revision, target_record_id, share_type, community_code)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider, record_id) DO UPDATE SET revision = excluded.revision, target_record_id = excluded.target_record_id,
       share_type = excluded.share_type, community_code = excluded.community_code`,
  );
  const selectReferrers = db.prepare<[string, string], FeedReferrerRow>(
    // Without statistics the planner prefers the primary key's provider prefix: a scan of the
    // provider's every record per event, quadratic over a rebuild.
    'SELECT record_id, type, community_code, share_type FROM feed_records INDEXED BY feed_records_target WHERE provider = ? AND target_record_id = ?',
  );
  const updateReferrer = db.prepare(
    'UPDATE feed_records SET community_code = ?, share_type = CASE WHEN type = \'RecordWithdrawn\' THEN ? ELSE share_type END WHERE provider = ? AND record_id = ?',
  );
  const insertEvent = db.prepare(
    'INSERT OR IGNORE INTO feed_events (position, deliver_at, event_id, provider, type, record_id, community_code, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // A reference whose region (or withdrawn type) just became known, or changed, is delivered
  // again from here: a consumer already past its own position would otherwise never see it.
  const redeliverNow = db.prepare<[bigint, string, string, bigint]>(
    'UPDATE feed_events SET deliver_at = ? WHERE provider = ? AND record_id = ? AND deliver_at < ?',
  );
  const noteRedelivery = bulkLoad
    ? db.prepare<[string, string, bigint]>('INSERT INTO temp.feed_bulk_redeliveries (provider, record_id, at) VALUES (?, ?, ?)')
    : undefined;
  const upsertAgreement = db.prepare(
    `INSERT INTO feed_agreements (provider, agreement_id, revision, consumer, types, region_code, purpose, valid_from, valid_until)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider, agreement_id) DO UPDATE SET revision = excluded.revision, consumer = excluded.consumer, types = excluded.types,
       region_code = excluded.region_code, purpose = excluded.purpose, valid_from = excluded.valid_from, valid_until = excluded.valid_until`,
  );
  const insertRevocation = db.prepare('INSERT OR IGNORE INTO feed_revocations (provider, agreement_id) VALUES (?, ?)');
  return {
    selectRecord: (provider, recordId) => selectRecord.get(provider, recordId),
    selectReferrers: (provider, recordId) => selectReferrers.all(provider, recordId),
    upsertRecord(provider, recordId, type, revision, target, shareType, community) {
      upsertRecord.run(provider, recordId, type, revision, target, shareType, community);
    },
    updateReferrer(provider, recordId, community, shareType) {
      updateReferrer.run(community, shareType, provider, recordId);
    },
    insertEvent(position, eventId, provider, type, recordId, community, receivedAt, body) {
      insertEvent.run(position, position, eventId, provider, type, recordId, community, receivedAt, body);
    },
    redeliver: noteRedelivery
      ? (at, provider, recordId) => void noteRedelivery.run(provider, recordId, at)
      : (at, provider, recordId) => void redeliverNow.run(at, provider, recordId, at),
    upsertAgreement(provider, agreementId, revision, consumer, types, regionCode, purpose, validFrom, validUntil) {
      upsertAgreement.run(provider, agreementId, revision, consumer, types, regionCode, purpose, validFrom, validUntil);
    },
    insertRevocation(provider, agreementId) {
      insertRevocation.run(provider, agreementId);
    },
  };
}

export function createFeedProjection(db: Database.Database, options: { bulkLoad?: boolean } = {}): FeedProjection {
  db.exec(DDL);
  db.exec(options.bulkLoad ? BULK_REDELIVERIES_DDL : EVENT_INDEXES_DDL);
  const applyOne = createFeedFold(sqliteFeedStore(db, options.bulkLoad === true));

  const listeners = new Set<() => void>();
  let notifyScheduled = false;
  const scheduleNotify = () => {
    if (notifyScheduled) return;
    notifyScheduled = true;
    // better-sqlite3 is synchronous: the caller's transaction has ended before a microtask runs.
    // Had it rolled back, listeners only query again and find nothing new.
    queueMicrotask(() => {
      notifyScheduled = false;
      for (const listener of listeners) listener();
    });
  };

  return {
    db,
    apply(events) {
      let changed = false;
      for (const event of events) if (applyOne(event)) changed = true;
      if (changed) scheduleNotify();
    },
    finishBulkLoad() {
      db.exec(EVENT_INDEXES_DDL);
      db.exec(APPLY_BULK_REDELIVERIES);
    },
    reset() {
      db.exec('DELETE FROM feed_records; DELETE FROM feed_events; DELETE FROM feed_agreements; DELETE FROM feed_revocations;');
      scheduleNotify();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
