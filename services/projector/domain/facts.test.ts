import { describe, expect, it } from 'vitest';
import { attributedCommunity, projectFacts } from './facts';
import {
  COMMUNITY,
  communityRegistered,
  controlIndicator,
  hazard,
  hazardRectified,
  newLog,
  projectEvaluated,
  projectRegistered,
  recordWithdrawn,
  trafficCrash,
} from './testing/builders';

describe('projectFacts: records', () => {
  it('folds every revision of a record into one state', () => {
    const log = newLog();
    log.add('police', trafficCrash('F-rev', { deaths: 1 }));
    log.add('police', trafficCrash('F-rev', { deaths: 2, revision: 2 }));

    const facts = log.facts();

    expect(facts.records.size).toBe(1);
    expect(facts.communities.get(COMMUNITY)?.records.TrafficCrashReported.map((r) => r.current.deaths)).toEqual([2]);
  });

  it('keeps records of different agencies with the same sourceRecordId apart', () => {
    const log = newLog();
    log.add('police', trafficCrash('F-shared'));
    log.add('safety', hazard('F-shared'));

    const facts = log.facts();

    expect([...facts.records.keys()].sort()).toEqual(['police/F-shared', 'safety/F-shared']);
  });

  it('files a record under the community of its current revision', () => {
    const log = newLog();
    log.add('police', trafficCrash('F-move', { communityCode: '610902001' }));
    log.add('police', trafficCrash('F-move', { communityCode: '610902002', revision: 2 }));

    const facts = log.facts();

    expect(facts.communities.get('610902002')?.records.TrafficCrashReported).toHaveLength(1);
    expect(facts.communities.has('610902001')).toBe(false);
  });

  it('keeps control indicators apart from communities', () => {
    const log = newLog();
    log.add('safety', controlIndicator('F-cap'));

    const facts = log.facts();

    expect(facts.controlIndicators).toHaveLength(1);
    expect(facts.communities.size).toBe(0);
  });
});

describe('projectFacts: withdrawal', () => {
  it('stops a withdrawn record from counting anywhere', () => {
    const log = newLog();
    log.add('police', trafficCrash('W-crash', { deaths: 1 }));
    log.add('police', recordWithdrawn('W-w1', { withdrawnRecordId: 'W-crash' }));

    const facts = log.facts();

    expect(facts.withdrawn.has('police/W-crash')).toBe(true);
    expect(facts.communities.get(COMMUNITY)).toBeUndefined();
  });

  it('withdraws a record when the withdrawal arrived before it', () => {
    const log = newLog();
    log.add('police', recordWithdrawn('W-early', { withdrawnRecordId: 'W-late-crash' }));
    log.add('police', trafficCrash('W-late-crash', { deaths: 1 }));

    const facts = log.facts();

    expect(facts.withdrawn.has('police/W-late-crash')).toBe(true);
    expect(facts.communities.get(COMMUNITY)).toBeUndefined();
  });

  it('revives a record when its withdrawal is itself withdrawn', () => {
    const log = newLog();
    log.add('police', trafficCrash('WW-crash', { deaths: 1 }));
    log.add('police', recordWithdrawn('WW-w1', { withdrawnRecordId: 'WW-crash' }));
    log.add('police', recordWithdrawn('WW-w2', { withdrawnRecordId: 'WW-w1' }));

    const facts = log.facts();

    expect(facts.withdrawn.has('police/WW-crash')).toBe(false);
    expect(facts.withdrawn.has('police/WW-w1')).toBe(true);
    expect(facts.communities.get(COMMUNITY)?.records.TrafficCrashReported).toHaveLength(1);
  });

  it('withdraws again when the withdrawal of the withdrawal is withdrawn', () => {
    const log = newLog();
    log.add('police', trafficCrash('WWW-crash'));
    log.add('police', recordWithdrawn('WWW-w1', { withdrawnRecordId: 'WWW-crash' }));
    log.add('police', recordWithdrawn('WWW-w2', { withdrawnRecordId: 'WWW-w1' }));
    log.add('police', recordWithdrawn('WWW-w3', { withdrawnRecordId: 'WWW-w2' }));

    expect(log.facts().withdrawn.has('police/WWW-crash')).toBe(true);
  });

  it('keeps a record withdrawn while another live withdrawal still points to it', () => {
    const log = newLog();
    log.add('police', trafficCrash('W2-crash'));
    log.add('police', recordWithdrawn('W2-a', { withdrawnRecordId: 'W2-crash' }));
    log.add('police', recordWithdrawn('W2-b', { withdrawnRecordId: 'W2-crash' }));
    log.add('police', recordWithdrawn('W2-c', { withdrawnRecordId: 'W2-a' }));

    expect(log.facts().withdrawn.has('police/W2-crash')).toBe(true);
  });

  it('ignores a withdrawal by another agency', () => {
    const log = newLog();
    log.add('police', trafficCrash('W-other'));
    log.add('fire', recordWithdrawn('W-other-w', { withdrawnRecordId: 'W-other' }));

    const facts = log.facts();

    expect(facts.withdrawn.has('police/W-other')).toBe(false);
    expect(facts.communities.get(COMMUNITY)?.records.TrafficCrashReported).toHaveLength(1);
  });

  it('follows the current revision of a withdrawal when it is re-pointed', () => {
    const log = newLog();
    log.add('police', trafficCrash('WR-a'));
    log.add('police', trafficCrash('WR-b'));
    log.add('police', recordWithdrawn('WR-w', { withdrawnRecordId: 'WR-a' }));
    log.add('police', recordWithdrawn('WR-w', { withdrawnRecordId: 'WR-b', revision: 2 }));

    const facts = log.facts();

    expect(facts.withdrawn.has('police/WR-a')).toBe(false);
    expect(facts.withdrawn.has('police/WR-b')).toBe(true);
  });

  it('leaves a loop of withdrawals withdrawing each other without effect on other records', () => {
    const log = newLog();
    log.add('police', trafficCrash('WL-crash'));
    log.add('police', recordWithdrawn('WL-a', { withdrawnRecordId: 'WL-b' }));
    log.add('police', recordWithdrawn('WL-b', { withdrawnRecordId: 'WL-a' }));
    log.add('police', recordWithdrawn('WL-self', { withdrawnRecordId: 'WL-self' }));

    const facts = log.facts();

    expect(facts.withdrawn.size).toBe(0);
    expect(facts.communities.get(COMMUNITY)?.records.TrafficCrashReported).toHaveLength(1);
  });
});

describe('projectFacts: references', () => {
  it('applies a rectification that arrived before its hazard', () => {
    const log = newLog();
    log.add('safety', hazardRectified('R-rect', { hazardRecordId: 'R-hazard' }));
    log.add('safety', hazard('R-hazard'));

    const hazards = log.facts().communities.get(COMMUNITY)?.hazards;

    expect(hazards?.[0]?.rectifications.map((r) => r.sourceRecordId)).toEqual(['R-rect']);
  });

  it('applies a reference only to a record of the same agency', () => {
    const log = newLog();
    log.add('safety', hazard('R-agency'));
    log.add('fire', hazardRectified('R-agency-rect', { hazardRecordId: 'R-agency' }));

    const hazards = log.facts().communities.get(COMMUNITY)?.hazards;

    expect(hazards?.[0]?.rectifications).toEqual([]);
  });

  it('does not apply a withdrawn reference', () => {
    const log = newLog();
    log.add('safety', hazard('R-wd-hazard'));
    log.add('safety', hazardRectified('R-wd-rect', { hazardRecordId: 'R-wd-hazard' }));
    log.add('safety', recordWithdrawn('R-wd-w', { withdrawnRecordId: 'R-wd-rect' }));

    expect(log.facts().communities.get(COMMUNITY)?.hazards[0]?.rectifications).toEqual([]);
  });

  it('resolves project evaluations by the current projectRecordId', () => {
    const log = newLog();
    log.add('safety', projectRegistered('R-proj-a'));
    log.add('safety', projectRegistered('R-proj-b'));
    log.add('safety', projectEvaluated('R-eval', { projectRecordId: 'R-proj-a' }));
    log.add('safety', projectEvaluated('R-eval', { projectRecordId: 'R-proj-b', revision: 2 }));

    const projects = log.facts().communities.get(COMMUNITY)?.projects ?? [];

    expect(projects.map((p) => [p.project.sourceRecordId, p.evaluations.length])).toEqual([
      ['R-proj-a', 0],
      ['R-proj-b', 1],
    ]);
  });
});

describe('projectFacts: community attribution and freshness', () => {
  it('attributes a reference to its target community, and a withdrawal to its target community', () => {
    const log = newLog();
    log.add('safety', hazard('A-hazard', { communityCode: '610902003' }));
    log.add('safety', hazardRectified('A-rect', { hazardRecordId: 'A-hazard' }));
    log.add('safety', recordWithdrawn('A-w', { withdrawnRecordId: 'A-rect' }));
    const facts = log.facts();
    const record = (key: string) => facts.records.get(key);

    expect(attributedCommunity(record('safety/A-rect')!, facts.records)).toBe('610902003');
    expect(attributedCommunity(record('safety/A-w')!, facts.records)).toBe('610902003');
  });

  it('attributes a reference to an unknown record to no community', () => {
    const log = newLog();
    log.add('safety', hazardRectified('A-orphan', { hazardRecordId: 'A-missing' }));
    const facts = log.facts();

    expect(attributedCommunity(facts.records.get('safety/A-orphan')!, facts.records)).toBeUndefined();
    expect(facts.communities.size).toBe(0);
  });

  it('takes freshness per agency from the latest receipt, references and stale revisions included', () => {
    const log = newLog();
    log.add('safety', communityRegistered('FR-reg'), '2025-01-01T00:00:00.000Z');
    log.add('safety', hazard('FR-hazard'), '2025-02-01T00:00:00.000Z');
    log.add('safety', hazardRectified('FR-rect', { hazardRecordId: 'FR-hazard' }), '2025-05-01T00:00:00.000Z');
    log.add('police', trafficCrash('FR-crash', { revision: 2 }), '2025-03-01T00:00:00.000Z');
    log.add('police', trafficCrash('FR-crash', { revision: 1 }), '2025-04-01T00:00:00.000Z');

    const freshness = log.facts().communities.get(COMMUNITY)?.latestReceivedAtByAgency;

    expect(freshness).toEqual({ safety: '2025-05-01T00:00:00.000Z', police: '2025-04-01T00:00:00.000Z' });
  });

  it('names a community by any counted record, but not by a withdrawn one', () => {
    const log = newLog();
    log.add('police', trafficCrash('N-live', { communityCode: '610902004' }));
    log.add('police', trafficCrash('N-gone', { communityCode: '610902005' }));
    log.add('police', recordWithdrawn('N-w', { withdrawnRecordId: 'N-gone' }));

    expect([...log.facts().communities.keys()]).toEqual(['610902004']);
  });

  it('gives the same facts for the same events in any order', () => {
    const log = newLog();
    log.add('safety', hazard('O-hazard', { rectifyBy: '2025-04-01' }), '2025-03-01T00:00:00.000Z');
    log.add('safety', hazardRectified('O-rect', { hazardRecordId: 'O-hazard' }), '2025-03-02T00:00:00.000Z');
    log.add('safety', hazard('O-hazard', { rectifyBy: '2025-05-01', revision: 2 }), '2025-03-03T00:00:00.000Z');

    const forward = projectFacts(log.events);
    const backward = projectFacts([...log.events].reverse());

    expect(backward.records).toEqual(forward.records);
    expect(backward.communities.get(COMMUNITY)?.hazards).toEqual(forward.communities.get(COMMUNITY)?.hazards);
  });
});
