import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalEntryJson, entryHash, firstBrokenLink, GENESIS_HASH, type AccessLogEntry } from './chain';

const first = {
  seq: 1, at: '2025-03-01T02:00:00.000Z', provider: 'police', consumer: 'health', tokenId: 'health-1',
  agreementIds: ['GX-1'], events: 2, firstCursor: 'a', lastCursor: 'b', prevHash: GENESIS_HASH,
};

describe('access-log hash chain', () => {
  it('given an entry built with keys in another order, when serialised, then the keys follow the published order without whitespace', () => {
    const shuffled = { prevHash: first.prevHash, events: 2, lastCursor: 'b', firstCursor: 'a', agreementIds: ['GX-1'], tokenId: 'health-1', consumer: 'health', provider: 'police', at: first.at, seq: 1 };
    expect(canonicalEntryJson(shuffled)).toBe(
      `{"seq":1,"at":"2025-03-01T02:00:00.000Z","provider":"police","consumer":"health","tokenId":"health-1","agreementIds":["GX-1"],"events":2,"firstCursor":"a","lastCursor":"b","prevHash":"${'0'.repeat(64)}"}`,
    );
  });

  it('given the first entry, when hashed, then it is sha256 of 64 zeros, a newline and the JSON', () => {
    const expected = createHash('sha256').update(`${'0'.repeat(64)}\n${canonicalEntryJson(first)}`).digest('hex');
    expect(entryHash(first)).toBe(expected);
  });

  it('given a chain of three, when one field of the middle entry is changed, then the check names it', () => {
    const chain: AccessLogEntry[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq += 1) {
      const e = { ...first, seq, prevHash: prev };
      const entry = { ...e, hash: entryHash(e) };
      chain.push(entry);
      prev = entry.hash;
    }
    expect(firstBrokenLink(chain)).toBeNull();
    expect(firstBrokenLink([chain[0]!, { ...chain[1]!, events: 3 }, chain[2]!])).toBe(2);
    expect(firstBrokenLink([chain[0]!, chain[2]!])).toBe(3);
  });
});
