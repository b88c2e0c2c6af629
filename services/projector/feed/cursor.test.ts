import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiBase64url, comparePlaces, decodeCursor, encodeCursor, placeAt, START } from './cursor';

describe('feed cursors', () => {
  it('given any place in the feed, when encoded and decoded, then the place comes back', () => {
    const places = [START, placeAt(0n), placeAt(1n), placeAt(42n), placeAt(BigInt(Number.MAX_SAFE_INTEGER)), { deliverAt: 90n, position: 12n }];
    for (const p of places) {
      const cursor = encodeCursor(p);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toEqual(p);
    }
  });

  it('given any ASCII text, when encoded as base64url, then it is what Buffer writes', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 40 }), (text) => {
        expect(asciiBase64url(text)).toBe(Buffer.from(text, 'utf8').toString('base64url'));
      }),
    );
  });

  it('given any place, when encoded, then the cursor is the base64url of its text and decodes to it', () => {
    const position = fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) });
    fc.assert(
      fc.property(fc.oneof(position, fc.constant(-1n)), position, (a, b) => {
        const place = a <= b ? placeAt(a) : { deliverAt: a, position: b };
        const text = place.deliverAt === place.position ? `f1:${place.position}` : `f1:${place.deliverAt}.${place.position}`;
        const cursor = encodeCursor(place);
        expect(cursor).toBe(Buffer.from(text).toString('base64url'));
        expect(decodeCursor(cursor)).toEqual(place);
      }),
    );
  });

  it('given malformed or foreign strings, when decoded, then they are refused', () => {
    const b = (text: string) => Buffer.from(text).toString('base64url');
    const bad = [
      '', 'abc', '12', '!!!', encodeCursor(placeAt(5n)) + '=', b('f1:01'), b('f1:-2'), b('f2:5'), b(`f1:${2n ** 53n}`),
      b('f1:5.5'), b('f1:4.5'), b('f1:5.'), b('f1:.5'), b('f1:5.05'), 'x'.repeat(61),
    ];
    for (const cursor of bad) expect(decodeCursor(cursor), cursor).toBeNull();
  });

  it('given places, when compared, then delivery order is by deliverAt, then position', () => {
    expect(comparePlaces(placeAt(5n), placeAt(6n))).toBe(-1);
    expect(comparePlaces({ deliverAt: 9n, position: 2n }, placeAt(8n))).toBe(1);
    expect(comparePlaces({ deliverAt: 9n, position: 2n }, placeAt(9n))).toBe(-1);
    expect(comparePlaces(placeAt(3n), placeAt(3n))).toBe(0);
  });
});

describe('feed cursors, properties over seeded random inputs', () => {
  // A small deterministic generator (no property-testing dependency in the project).
  let seed = 0x9e3779b9;
  const next = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };

  it('round-trips every place, plain or late-delivered', () => {
    for (let i = 0; i < 2000; i += 1) {
      const position = BigInt(Math.floor(next() * Number.MAX_SAFE_INTEGER));
      const place = i % 2 === 0 ? placeAt(position) : { deliverAt: position + 1n + BigInt(Math.floor(next() * 1000)), position };
      if (place.deliverAt > BigInt(Number.MAX_SAFE_INTEGER)) continue;
      expect(decodeCursor(encodeCursor(place))).toEqual(place);
    }
  });

  it('accepts a string only if it is the one encoding of its place', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ ';
    for (let i = 0; i < 5000; i += 1) {
      const base = i % 2 === 0 ? encodeCursor(placeAt(BigInt(Math.floor(next() * 1e9)))) : '';
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
