import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, START_POSITION } from './cursor';

describe('feed cursors', () => {
  it('given any position of the log, when encoded and decoded, then the position comes back', () => {
    for (const p of [START_POSITION, 0n, 1n, 42n, 1_000_000n, BigInt(Number.MAX_SAFE_INTEGER)]) {
      const cursor = encodeCursor(p);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toBe(p);
    }
  });

  it('given malformed or foreign strings, when decoded, then they are refused', () => {
    const bad = [
      '', 'abc', '12', '!!!', encodeCursor(5n) + '=', Buffer.from('f1:01').toString('base64url'),
      Buffer.from('f1:-2').toString('base64url'), Buffer.from('f2:5').toString('base64url'),
      Buffer.from(`f1:${2n ** 53n}`).toString('base64url'), 'x'.repeat(41),
    ];
    for (const cursor of bad) expect(decodeCursor(cursor), cursor).toBeNull();
  });
});
