import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventIdFor, HUB_EVENT_ID_NAMESPACE } from './eventId';

/** UUID v5 computed directly from RFC 9562 (SHA-1 of namespace bytes + name), as a cross-check. */
function rfcUuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('eventIdFor', () => {
  it('gives the known id of a police record revision', () => {
    expect(eventIdFor('police', 'JJ-2025-000123', 2)).toBe('203ff600-0b45-574b-b8f0-90ae466ca76d');
  });

  it('is the UUID v5 of agency/sourceRecordId/revision in the hub namespace', () => {
    expect(eventIdFor('health', 'IC:2025.0001', 1)).toBe(rfcUuidV5(HUB_EVENT_ID_NAMESPACE, 'health/IC:2025.0001/1'));
  });

  it('gives the same id for the same agency, record and revision', () => {
    expect(eventIdFor('fire', 'F-7', 3)).toBe(eventIdFor('fire', 'F-7', 3));
  });

  it('gives different ids when the agency, the record or the revision differ', () => {
    const ids = new Set([eventIdFor('fire', 'F-7', 3), eventIdFor('safety', 'F-7', 3), eventIdFor('fire', 'F-8', 3), eventIdFor('fire', 'F-7', 4)]);
    expect(ids.size).toBe(4);
  });

  it('hashes non-ASCII and very long names exactly as RFC 9562 does', () => {
    expect(eventIdFor('health', 'IC-é中-1', 2)).toBe(rfcUuidV5(HUB_EVENT_ID_NAMESPACE, 'health/IC-é中-1/2'));
    const long = 'L'.repeat(2000);
    expect(eventIdFor('health', long, 1)).toBe(rfcUuidV5(HUB_EVENT_ID_NAMESPACE, `health/${long}/1`));
    // and a short name after a long one is not polluted by its bytes
    expect(eventIdFor('fire', 'F-7', 3)).toBe(rfcUuidV5(HUB_EVENT_ID_NAMESPACE, 'fire/F-7/3'));
  });

  it('is a version 5, RFC variant UUID', () => {
    expect(eventIdFor('transport', 'T-1', 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
