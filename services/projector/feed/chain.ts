// The access log's hash chain. An entry's hash is the hex SHA-256 of the previous entry's hash,
// a newline, and the entry's compact JSON without `hash`, keys in the published order; the
// first entry of a provider chains to 64 zeros. A provider can recompute every link itself.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AccessLogEntry {
  seq: number;
  at: string;
  provider: string;
  consumer: string;
  tokenId: string;
  agreementIds: string[];
  events: number;
  firstCursor: string;
  lastCursor: string;
  prevHash: string;
  hash: string;
}

export type UnhashedEntry = Omit<AccessLogEntry, 'hash'>;

/** The entry's JSON without hash, keys in the published order whatever order they were built in. */
export function canonicalEntryJson(e: UnhashedEntry): string {
  return JSON.stringify({
    seq: e.seq,
    at: e.at,
    provider: e.provider,
    consumer: e.consumer,
    tokenId: e.tokenId,
    agreementIds: e.agreementIds,
    events: e.events,
    firstCursor: e.firstCursor,
    lastCursor: e.lastCursor,
    prevHash: e.prevHash,
  });
}

export function entryHash(entry: UnhashedEntry): string {
  return createHash('sha256').update(`${entry.prevHash}\n${canonicalEntryJson(entry)}`, 'utf8').digest('hex');
}

/** The first broken link of a provider's chain read from seq 1, or null when every hash holds. */
export function firstBrokenLink(entries: readonly AccessLogEntry[]): number | null {
  let prev = GENESIS_HASH;
  for (const [i, entry] of entries.entries()) {
    if (entry.seq !== i + 1 || entry.prevHash !== prev || entryHash(entry) !== entry.hash) return entry.seq;
    prev = entry.hash;
  }
  return null;
}

/** The entry that continues a provider's chain after `previous` (its last entry; none: the first). */
export function chainedEntry(draft: Omit<UnhashedEntry, 'seq' | 'prevHash'>, previous: { seq: number; hash: string } | undefined): AccessLogEntry {
  const unhashed: UnhashedEntry = {
    seq: (previous?.seq ?? 0) + 1,
    at: draft.at,
    provider: draft.provider,
    consumer: draft.consumer,
    tokenId: draft.tokenId,
    agreementIds: draft.agreementIds,
    events: draft.events,
    firstCursor: draft.firstCursor,
    lastCursor: draft.lastCursor,
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: entryHash(unhashed) };
}
