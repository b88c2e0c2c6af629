import { describe, expect, it } from 'vitest';
import { CRC64_AVRO_EMPTY, crc64Avro, crc64AvroOfText, fingerprintHex } from './crc64';
import { SPEC_VECTORS } from '../../../test/kits/avroSpecVectors';

/** Bit-at-a-time CRC-64-AVRO straight from the specification's description, as a cross-check. */
function bitwiseCrc64Avro(bytes: Uint8Array): bigint {
  let fp = CRC64_AVRO_EMPTY;
  for (const byte of bytes) {
    fp ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) fp = (fp >> 1n) ^ (fp & 1n ? CRC64_AVRO_EMPTY : 0n);
  }
  return fp;
}

describe('CRC-64-AVRO', () => {
  const published = SPEC_VECTORS.filter((v) => v.fingerprint !== undefined);

  it('has at least ten published vectors to check against', () => {
    expect(published.length).toBeGreaterThanOrEqual(10);
  });

  it.each(published.map((v) => [v.id, v.canonical, v.fingerprint!] as const))(
    'matches the published fingerprint of vector %s (%s)',
    (_id, canonical, expected) => {
      // given the canonical form of a schema
      // when it is fingerprinted
      const fp = crc64AvroOfText(canonical);
      // then the value equals the Java long published by the Avro project
      expect(BigInt.asIntN(64, fp)).toBe(expected);
    },
  );

  it('gives the EMPTY constant for no bytes', () => {
    expect(crc64Avro(new Uint8Array(0))).toBe(0xc15d213aa4d7a795n);
  });

  it('fingerprints the UTF-8 bytes of non-ASCII text like the bit-by-bit algorithm', () => {
    const text = '{"name":"安全社区","type":"enum","symbols":["知晓率","A"]}';
    const bytes = new TextEncoder().encode(text);
    expect(crc64AvroOfText(text)).toBe(bitwiseCrc64Avro(bytes));
    expect(crc64Avro(bytes)).toBe(bitwiseCrc64Avro(bytes));
  });

  it('writes a fingerprint as 16 hex digits, most significant first', () => {
    expect(fingerprintHex(0x00ab_0000_0000_00cdn)).toBe('00ab0000000000cd');
    expect(fingerprintHex(-1n)).toBe('ffffffffffffffff');
    expect(fingerprintHex(crc64AvroOfText('"null"'))).toBe(BigInt.asUintN(64, 7195948357588979594n).toString(16));
  });
});
