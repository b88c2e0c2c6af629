// The hub's event ids: UUID v5 (RFC 9562, SHA-1 name-based) of `agency/sourceRecordId/revision`
// in the hub's own namespace, so a retried request gets the same id and is recognised as a
// duplicate.
//
//   eventIdFor(agency: Agency, sourceRecordId: string, revision: number): string
//
// The namespace is a random UUID chosen once for this hub (2025) and must never change:
// changing it would give every re-sent record a new id and defeat duplicate detection.
import { createHash, hash as oneShotHash } from 'node:crypto';
import type { Agency } from './agency';

export const HUB_EVENT_ID_NAMESPACE = '632b2102-65f5-4303-8f08-60bd1d03b7ef';

const NAMESPACE_BYTES = Buffer.from(HUB_EVENT_ID_NAMESPACE.replaceAll('-', ''), 'hex');

/**
 * The hashed input (namespace bytes, then the name), reused from call to call: one one-shot
 * hash of a slice instead of a Hash object and three calls per event (the hub computes one id per
 * event it accepts). Names are short (a sourceRecordId is at most 64 characters).
 */
const scratch = Buffer.alloc(1024);
NAMESPACE_BYTES.copy(scratch, 0);
const MAX_NAME_BYTES = scratch.length - NAMESPACE_BYTES.length;

/** SHA-1 of the namespace bytes and the UTF-8 name, version and variant bits set (RFC 9562 §5.5). */
export function eventIdFor(agency: Agency, sourceRecordId: string, revision: number): string {
  const name = `${agency}/${sourceRecordId}/${revision}`;
  // 3 bytes per UTF-16 unit is the most UTF-8 can take; longer names take the general path.
  const hash =
    name.length * 3 <= MAX_NAME_BYTES
      ? (oneShotHash('sha1', scratch.subarray(0, NAMESPACE_BYTES.length + scratch.write(name, NAMESPACE_BYTES.length, 'utf8')), 'buffer') as Buffer)
      : createHash('sha1').update(NAMESPACE_BYTES).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
