// Feed cursors: opaque to bureaus, a place in the feed's delivery order inside. That order is
// the log order, except that a reference delivered late (its target arrived after it, so only
// then could the hub tell whose region it lies in) takes its place at the position of the event
// that resolved it. A place is (deliverAt, position), both event-store global positions, which
// restarts and rebuilds keep, so cursors stay valid.
//
//   encodeCursor(place: FeedPlace): string
//   decodeCursor(cursor: string): FeedPlace | null      null when malformed
export interface FeedPlace {
  /** Where in the log the event became deliverable (its own position, or a later one). */
  deliverAt: bigint;
  /** The event's own log position. */
  position: bigint;
}

const PREFIX = 'f1:';
/** Before the first event of the log. */
export const START: FeedPlace = Object.freeze({ deliverAt: -1n, position: -1n });

export function placeAt(position: bigint): FeedPlace {
  return { deliverAt: position, position };
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url (no padding) of an ASCII string; a page writes a thousand cursors, and Buffer's round trip costs more than the text. */
export function asciiBase64url(text: string): string {
  let out = '';
  let i = 0;
  for (; i + 2 < text.length; i += 3) {
    const n = (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2);
    out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]! + BASE64URL[(n >> 6) & 63]! + BASE64URL[n & 63]!;
  }
  const rest = text.length - i;
  if (rest > 0) {
    const n = (text.charCodeAt(i) << 16) | (rest === 2 ? text.charCodeAt(i + 1) << 8 : 0);
    out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]! + (rest === 2 ? BASE64URL[(n >> 6) & 63]! : '');
  }
  return out;
}

/** The cursor of a place, from its two positions (numbers or bigints: a page's rows are either). */
export function cursorOf(deliverAt: bigint | number, position: bigint | number): string {
  // Digits, '.' and the prefix: ASCII, so the bytes are the characters.
  return asciiBase64url(deliverAt === position ? `${PREFIX}${position}` : `${PREFIX}${deliverAt}.${position}`);
}

export function encodeCursor(place: FeedPlace): string {
  return cursorOf(place.deliverAt, place.position);
}

export function decodeCursor(cursor: string): FeedPlace | null {
  if (!/^[A-Za-z0-9_-]{1,60}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^f1:(-1|0|[1-9]\d{0,15})(?:\.(0|[1-9]\d{0,15}))?$/.exec(text);
  if (!match) return null;
  const first = BigInt(match[1]!);
  const place = match[2] === undefined ? placeAt(first) : { deliverAt: first, position: BigInt(match[2]) };
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (place.deliverAt > max || (match[2] !== undefined && place.deliverAt <= place.position)) return null;
  // Re-encoding must give the same string: no second spelling of one cursor.
  return encodeCursor(place) === cursor ? place : null;
}

/** Delivery order: by deliverAt, then position. */
export function comparePlaces(a: FeedPlace, b: FeedPlace): number {
  if (a.deliverAt !== b.deliverAt) return a.deliverAt < b.deliverAt ? -1 : 1;
  return a.position === b.position ? 0 : a.position < b.position ? -1 : 1;
}
