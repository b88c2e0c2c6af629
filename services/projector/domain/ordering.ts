/**
 * "Latest" among records: by the domain date or instant the caller supplies, then by
 * when the hub received the current revision, then by log position, so ties always
 * resolve the same way.
 */
import { instantMs } from '../../kernel/time';
import type { RecordState } from './types';

export function compareReceived(a: RecordState, b: RecordState): number {
  const byReceived = instantMs(a.currentReceivedAt) - instantMs(b.currentReceivedAt);
  if (byReceived !== 0) return byReceived;
  return a.currentPosition < b.currentPosition ? -1 : a.currentPosition > b.currentPosition ? 1 : 0;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The greatest item by `sortKey` (a 'YYYY-MM-DD' date or epoch ms), ties by receipt. */
export function latestBy<T extends RecordState>(items: Iterable<T>, sortKey: (item: T) => string | number): T | undefined {
  let best: T | undefined;
  let bestKey: string | number | undefined;
  for (const item of items) {
    const key = sortKey(item);
    if (best === undefined || bestKey === undefined || key > bestKey || (key === bestKey && compareReceived(item, best) > 0)) {
      best = item;
      bestKey = key;
    }
  }
  return best;
}
