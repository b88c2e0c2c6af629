import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { boundsCheckerFor } from './payloadBounds';
import { sampleValues } from './samples';
import type { AvroTypeSchema } from './schemaTypes';

const withArrays: AvroTypeSchema = {
  type: 'record',
  name: 'R',
  namespace: 'n',
  fields: [
    { name: 'tags', type: { type: 'array', items: { type: 'enum', name: 'Tag', symbols: ['A', 'B', 'C'] } } },
    { name: 'again', type: { type: 'array', items: 'Tag' } },
    { name: 'counts', type: { type: 'map', values: 'long' } },
    { name: 'maybe', type: ['null', 'string'] },
    { name: 'amount', type: 'double' },
    { name: 'flag', type: 'boolean' },
  ],
};

describe('payload bounds check', () => {
  const check = boundsCheckerFor(withArrays)!;
  const type = avro.Type.forSchema(withArrays as avro.Schema);

  it('is not needed for a schema without arrays or maps', () => {
    expect(boundsCheckerFor({ type: 'record', name: 'P', fields: [{ name: 'a', type: 'string' }] })).toBeNull();
  });

  it('finds the exact end of valid data', () => {
    for (const value of [...sampleValues(withArrays), { tags: ['A', 'C', 'B'], again: [], counts: {}, maybe: null, amount: 1, flag: false }]) {
      const bytes = type.toBuffer(value);
      expect(check(bytes, 0)).toBe(bytes.length);
    }
  });

  it('reads blocks written with a negative count and a byte size', () => {
    // given tags as one block of count -2 and size 2, then the end of the array
    const bytes = Buffer.of(0x03, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, ...Buffer.alloc(8), 0x01);
    expect(check(bytes, 0)).toBe(bytes.length);
    expect(type.fromBuffer(bytes).tags).toEqual(['A', 'B']);
  });

  it('rejects data cut anywhere', () => {
    const bytes = type.toBuffer({ tags: ['B'], again: ['C'], counts: { k: 5 }, maybe: 'yes', amount: 2, flag: true });
    for (let end = 0; end < bytes.length; end++) expect(check(bytes.subarray(0, end), 0)).toBe(-1);
  });

  it('rejects a block count larger than the bytes that follow', () => {
    const bytes = Buffer.of(0xc8, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00); // 100 tags, then too little data
    expect(check(bytes, 0)).toBe(-1);
  });

  it('rejects an enum index or union branch out of range', () => {
    const good = type.toBuffer({ tags: ['B'], again: [], counts: {}, maybe: null, amount: 2, flag: true });
    const badEnum = Buffer.from(good);
    badEnum[1] = 0x06; // index 3 of 3 symbols
    expect(check(badEnum, 0)).toBe(-1);
    const badBranch = Buffer.from(good);
    badBranch[5] = 0x04; // branch 2 of 2
    expect(check(badBranch, 0)).toBe(-1);
  });
});
