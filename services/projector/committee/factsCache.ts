// Folded facts for the committee API, exact for every asOf.
//
// - "Latest" queries (asOf at or after the newest receipt in the read model: the events
//   received by asOf are then all of them) share one live fold of the whole log, kept up to
//   date incrementally: when the checkpoint moves, only the newly projected events are folded
//   in. Figure functions select their region or community from it.
// - Queries for an earlier asOf load their scope's events received by asOf and fold them;
//   the result is kept (LRU) until the read model moves.
// - A log larger than `maxLiveEvents` is not kept in memory: latest queries then fold their
//   scope per request like historical ones.
import type { RecordState } from '../domain';
import { factsFromRecords, foldRecords, projectFacts, type Facts } from '../domain';
import type { ReadModel } from '../readModel';

export interface FactsCache {
  factsFor(regionCode: string, asOfMs: number): { facts: Facts; source: 'live' | 'cached' | 'folded'; events: number };
}

interface Entry { regionCode: string; asOfMs: number; facts: Facts; events: number }

export function createFactsCache(deps: {
  readModel: Pick<ReadModel, 'loadScope' | 'loadAfter' | 'checkpoint' | 'latestReceivedAtMs' | 'eventCount'>;
  maxEntries?: number;
  maxLiveEvents?: number;
}): FactsCache {
  const { readModel } = deps;
  const maxEntries = deps.maxEntries ?? 16;
  const maxLiveEvents = deps.maxLiveEvents ?? 500_000;
  let entries: Entry[] = [];
  let seen: bigint | null | undefined; // checkpoint the entries and `latestMs` belong to
  let latestMs: number | null = null;
  let live: { records: Map<string, RecordState>; checkpoint: bigint | null; facts: Facts; events: number } | undefined;

  const refresh = (): void => {
    const checkpoint = readModel.checkpoint();
    if (seen !== undefined && checkpoint === seen) return;
    seen = checkpoint;
    entries = [];
    latestMs = readModel.latestReceivedAtMs();
  };

  const liveFacts = (): typeof live => {
    if (live && live.checkpoint === seen) return live;
    if (!live) {
      if (readModel.eventCount() > maxLiveEvents) return undefined;
      live = { records: new Map(), checkpoint: null, facts: projectFacts([]), events: 0 };
    }
    const fresh = readModel.loadAfter(live.checkpoint);
    foldRecords(live.records, fresh);
    live.events += fresh.length;
    live.checkpoint = fresh.length > 0 ? fresh[fresh.length - 1]!.position : live.checkpoint;
    if (live.events > maxLiveEvents) {
      live = undefined; // grew too big to keep
      return undefined;
    }
    live.facts = factsFromRecords(live.records);
    // Positions only grow; a checkpoint past the last event (skipped events) is fine too.
    live.checkpoint = seen ?? null;
    return live;
  };

  return {
    factsFor(regionCode, asOfMs) {
      refresh();
      if (latestMs === null || asOfMs >= latestMs) {
        const current = liveFacts();
        if (current) return { facts: current.facts, source: 'live', events: current.events };
      }
      const hit = entries.find((e) => e.asOfMs === asOfMs && regionCode.startsWith(e.regionCode));
      if (hit) {
        entries = [hit, ...entries.filter((e) => e !== hit)];
        return { facts: hit.facts, source: 'cached', events: hit.events };
      }
      const events = readModel.loadScope({ regionCode, asOfMs });
      const facts = projectFacts(events);
      entries = [{ regionCode, asOfMs, facts, events: events.length }, ...entries].slice(0, maxEntries);
      return { facts, source: 'folded', events: events.length };
    },
  };
}
