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

export function encodeCursor(place: FeedPlace): string {
  const text = place.deliverAt === place.position ? `${place.position}` : `${place.deliverAt}.${place.position}`;
  return Buffer.from(`${PREFIX}${text}`, 'utf8').toString('base64url');
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
