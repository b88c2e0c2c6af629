// Feed cursors: opaque to bureaus, a log position inside. The position is the event store's
// global position, which a read-model rebuild and a restart keep, so cursors stay valid.
//
//   encodeCursor(position: bigint): string
//   decodeCursor(cursor: string): bigint | null      null when malformed
const PREFIX = 'f1:';
/** Before the first event of the log. */
export const START_POSITION = -1n;

export function encodeCursor(position: bigint): string {
  return Buffer.from(`${PREFIX}${position}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): bigint | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^f1:(-1|0|[1-9]\d{0,15})$/.exec(text);
  if (!match) return null;
  const position = BigInt(match[1]!);
  // Re-encoding must give the same string: no second spelling of one cursor.
  if (position > BigInt(Number.MAX_SAFE_INTEGER) || encodeCursor(position) !== cursor) return null;
  return position;
}
