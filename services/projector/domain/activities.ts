/** Safety activities (docs/api/committee.md#community-overview): SafetyActivityHeld in the year, per kind, zeros included. */
import type { QueryClock } from './clock';
import { ACTIVITY_KINDS } from './enums';
import type { Activities, CommunityFacts } from './types';

export function activities(community: CommunityFacts | undefined, year: number, clock: QueryClock): Activities {
  const byKind = {} as Activities;
  for (const kind of ACTIVITY_KINDS) byKind[kind] = { count: 0, participants: 0, materials: 0 };
  for (const { current } of community?.records.SafetyActivityHeld ?? []) {
    if (clock.localYear(current.occurredAt) !== year) continue;
    const figure = byKind[current.kind];
    figure.count += 1;
    figure.participants += current.participants;
    figure.materials += current.materialsDistributed;
  }
  return byKind;
}
