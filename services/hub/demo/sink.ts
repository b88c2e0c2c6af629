// Collects the bureau submissions as the generators produce them, and hands out the
// bureaus' record numbers (`GA-SG-2024-000123`: agency, kind, year, sequence).

import type { Agency } from '../../kernel/agency';
import { PUBLISHERS, type EventBody } from '../../kernel/events.generated';

export interface Draft {
  agency: Agency;
  body: EventBody;
  /** When the bureau sent it (epoch ms). Mutable only for the late-delivery scenario. */
  receivedAtMs: number;
  /** Insertion order, the tie-breaker of the final ordering. */
  readonly order: number;
}

export interface Sink {
  readonly drafts: readonly Draft[];
  add(agency: Agency, body: EventBody, receivedAtMs: number): Draft;
  nextId(prefix: string, year: number): string;
}

/**
 * `goLiveMs`: records older than the hub are delivered when it went live, two seconds
 * apart in the order they were added. `nowMs`: nothing may be delivered after now.
 */
export function createSink(goLiveMs: number, nowMs: number): Sink {
  const drafts: Draft[] = [];
  const counters = new Map<string, number>();
  let backlog = 0;
  return {
    drafts,
    add(agency, body, receivedAtMs) {
      if (!PUBLISHERS[body.type].includes(agency)) throw new Error(`${agency} may not publish ${body.type}`);
      let at = receivedAtMs;
      if (at < goLiveMs) {
        at = goLiveMs + backlog * 2000;
        backlog += 1;
      }
      if (at > nowMs) throw new Error(`${body.type} ${body.sourceRecordId} would be delivered after now`);
      const draft: Draft = { agency, body, receivedAtMs: at, order: drafts.length };
      drafts.push(draft);
      return draft;
    },
    nextId(prefix, year) {
      const key = `${prefix}-${year}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      return `${key}-${String(n).padStart(6, '0')}`;
    },
  };
}
