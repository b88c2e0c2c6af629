// A randomized log for the feed index (seeded, so a failing seed replays): records of several
// providers in several communities, revisions that move a record to another community or point a
// reference at another target, duplicates and stale re-sends, type changes, references (hazard
// rectifications and extensions, project evaluations, withdrawals, withdrawals of withdrawals)
// that arrive before their targets, grants to several consumers and regions, revocations and
// withdrawals of grants (some before their grant). Shuffled, then numbered 1, 2, ...
import type { Agency } from '../../services/kernel/agency';
import type { EventBody } from '../../services/kernel/events.generated';
import * as b from '../../services/projector/domain/testing/builders';
import type { ProjectedEvent } from '../../services/projector/domain/types';
import { rng } from '../projector/randomLog';

export const FEED_COMMUNITIES = ['610902001', '610902002', '610903001', '611002001'];
export const FEED_REGIONS = ['61', '6109', '610902', '610903', '610902001'];
export const FEED_PROVIDERS: Agency[] = ['police', 'safety', 'fire'];
export const FEED_CONSUMERS: Agency[] = ['health', 'fire', 'transport'];
export const FEED_DAYS = ['2025-01-15', '2025-06-01', '2025-11-30'];

export { rng };

type Draft = { agency: Agency; make: (revision: number) => EventBody; revisions: number };

const SHARED_TYPES = [
  'TrafficCrashReported', 'PublicSecurityCaseRecorded', 'HazardIdentified', 'HazardRectified', 'HazardRectificationExtended',
  'PromotionProjectRegistered', 'PromotionProjectEvaluated', 'FireIncidentReported', 'RecordWithdrawn',
] as const;

export function generateFeedLog(seed: number, records: number): ProjectedEvent[] {
  const r = rng(seed);
  const community = () => r.pick(FEED_COMMUNITIES);
  const drafts: Draft[] = [];
  const ids: Record<string, string[]> = {};
  const remember = (agency: string, kind: string, id: string) => (ids[`${agency}:${kind}`] ??= []).push(id);
  /** A known id of the kind, or now and then one that comes later or never. */
  const some = (agency: string, kind: string, i: number) => {
    const known = ids[`${agency}:${kind}`];
    return known && r.chance(0.85) ? r.pick(known) : `R${i + r.int(1, 25)}`;
  };

  for (let i = 0; i < records; i += 1) {
    const id = `R${i}`;
    const revisions = r.chance(0.25) ? r.int(2, 3) : 1;
    const roll = r.next();
    const add = (agency: Agency, make: (rev: number) => EventBody, kind?: string) => {
      drafts.push({ agency, make, revisions });
      if (kind) remember(agency, kind, id);
      remember(agency, 'any', id);
    };
    // A revision may move the record to another community, or a reference to another target.
    if (roll < 0.14) add('police', (rev) => b.trafficCrash(id, { revision: rev, communityCode: community() }));
    else if (roll < 0.2) add('police', (rev) => b.publicSecurityCase(id, { revision: rev, communityCode: community() }));
    else if (roll < 0.24) add('fire', (rev) => b.fireIncident(id, { revision: rev, communityCode: community() }));
    else if (roll < 0.36) {
      const agency = r.pick<Agency>(['safety', 'fire']);
      add(agency, (rev) => b.hazard(id, { revision: rev, communityCode: community() }), 'hazard');
    } else if (roll < 0.42) {
      const agency = r.pick<Agency>(['safety', 'fire']);
      add(agency, (rev) => b.hazardRectified(id, { revision: rev, hazardRecordId: some(agency, 'hazard', i) }), 'reference');
    } else if (roll < 0.46) {
      const agency = r.pick<Agency>(['safety', 'fire']);
      add(agency, (rev) => b.hazardExtended(id, { revision: rev, hazardRecordId: some(agency, 'hazard', i) }), 'reference');
    } else if (roll < 0.5) add('safety', (rev) => b.projectRegistered(id, { revision: rev, communityCode: community() }), 'project');
    else if (roll < 0.54) add('safety', (rev) => b.projectEvaluated(id, { revision: rev, projectRecordId: some('safety', 'project', i) }), 'reference');
    else if (roll < 0.66) {
      const agency = r.pick(FEED_PROVIDERS);
      const consumer = r.pick(FEED_CONSUMERS.filter((c) => c !== agency));
      add(agency, (rev) => ({
        type: 'SharingAgreementGranted', sourceRecordId: id, revision: rev, consumer,
        types: SHARED_TYPES.filter(() => r.chance(0.5)),
        regionCode: r.pick(FEED_REGIONS), purpose: `purpose ${i}`,
        validFrom: r.pick(['2025-01-01', '2025-03-01', '2025-07-01']), validUntil: r.pick(['2025-05-31', '2025-12-31']),
      }), 'grant');
    } else if (roll < 0.72) {
      const agency = r.pick(FEED_PROVIDERS);
      add(agency, (rev) => ({ type: 'SharingAgreementRevoked', sourceRecordId: id, revision: rev, agreementRecordId: some(agency, 'grant', i), reason: 'ended' }));
    } else {
      // Withdrawals: of any record, a reference, a withdrawal, a grant, or one not seen yet.
      const agency = r.pick(FEED_PROVIDERS);
      const kind = r.pick(['any', 'any', 'reference', 'withdrawal', 'grant']);
      add(agency, (rev) => b.recordWithdrawn(id, { revision: rev, withdrawnRecordId: some(agency, kind, i) }), 'withdrawal');
    }
  }

  const events: { agency: Agency; body: EventBody }[] = [];
  for (const draft of drafts) {
    for (let rev = 1; rev <= draft.revisions; rev += 1) {
      const body = draft.make(rev);
      events.push({ agency: draft.agency, body });
      if (r.chance(0.05)) events.push({ agency: draft.agency, body }); // a duplicate re-send
    }
    if (r.chance(0.02)) events.push({ agency: draft.agency, body: b.trafficCrash(draft.make(1).sourceRecordId, { revision: 9 }) }); // type change
  }
  // A partial shuffle: mostly log order, but references (and stale revisions) often before their targets.
  for (let i = events.length - 1; i > 0; i -= 1) {
    if (!r.chance(0.6)) continue;
    const j = Math.max(0, i - r.int(1, 40));
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  const start = Date.parse('2025-01-01T00:00:00Z');
  return events.map(({ agency, body }, i) => {
    const at = new Date(start + i * 600_000).toISOString();
    return { position: BigInt(i + 1), eventId: `${agency}/${body.sourceRecordId}/${body.revision}/${i}`, agency, receivedAt: at, body };
  });
}
