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

describe('feed cursors, properties over seeded random inputs', () => {
  // A small deterministic generator (no property-testing dependency in the project).
  let seed = 0x9e3779b9;
  const next = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };

  it('round-trips every position from -1 to 2^53-1', () => {
    for (let i = 0; i < 2000; i += 1) {
      const p = i === 0 ? -1n : BigInt(Math.floor(next() * Number.MAX_SAFE_INTEGER));
      expect(decodeCursor(encodeCursor(p))).toBe(p);
    }
  });

  it('accepts a string only if it is the one encoding of its position', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ ';
    for (let i = 0; i < 5000; i += 1) {
      const base = i % 2 === 0 ? encodeCursor(BigInt(Math.floor(next() * 1e9))) : '';
      let s = base;
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e += 1) {
        const at = Math.floor(next() * (s.length + 1));
        s = s.slice(0, at) + alphabet[Math.floor(next() * alphabet.length)] + s.slice(at + (next() < 0.5 ? 1 : 0));
      }
      const decoded = decodeCursor(s);
      if (decoded !== null) expect(encodeCursor(decoded)).toBe(s);
    }
  });
});
