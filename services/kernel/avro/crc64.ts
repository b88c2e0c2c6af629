// CRC-64-AVRO: the 64-bit Rabin fingerprint the Avro specification uses to identify a
// schema (of its Parsing Canonical Form) in single-object encoding.
//
//   crc64Avro(bytes: Uint8Array): bigint      unsigned 64-bit fingerprint
//   crc64AvroOfText(text: string): bigint     fingerprint of the text's UTF-8 bytes
//   fingerprintHex(fp: bigint): string        16 lower-case hex digits, most significant first
//
// Computed on two unsigned 32-bit halves so the byte loop needs no BigInt arithmetic.

/** The fingerprint of the empty input, and the polynomial of the Avro specification. */
export const CRC64_AVRO_EMPTY = 0xc15d213aa4d7a795n;

const EMPTY_HI = Number(CRC64_AVRO_EMPTY >> 32n) >>> 0;
const EMPTY_LO = Number(CRC64_AVRO_EMPTY & 0xffffffffn) >>> 0;

// Lookup table of the shift-register step for every byte value: immutable derived data,
// not state, so it is computed once at load.
const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let lo = i;
  let hi = 0;
  for (let bit = 0; bit < 8; bit++) {
    const mask = -(lo & 1); // all ones when the low bit is set
    lo = ((lo >>> 1) | (hi << 31)) >>> 0;
    hi = hi >>> 1;
    lo = (lo ^ (EMPTY_LO & mask)) >>> 0;
    hi = (hi ^ (EMPTY_HI & mask)) >>> 0;
  }
  TABLE_LO[i] = lo;
  TABLE_HI[i] = hi;
}

export function crc64Avro(bytes: Uint8Array): bigint {
  let lo = EMPTY_LO;
  let hi = EMPTY_HI;
  for (let i = 0; i < bytes.length; i++) {
    const index = (lo ^ bytes[i]!) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index]!) >>> 0;
    hi = ((hi >>> 8) ^ TABLE_HI[index]!) >>> 0;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

export function crc64AvroOfText(text: string): bigint {
  return crc64Avro(new TextEncoder().encode(text));
}

export function fingerprintHex(fingerprint: bigint): string {
  return BigInt.asUintN(64, fingerprint).toString(16).padStart(16, '0');
}
