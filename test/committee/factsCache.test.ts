// The committee API's facts cache must never change an answer: every query through it
// equals a fresh fold of the scope's events received by asOf.
import { afterEach, describe, expect, it } from 'vitest';
import { projectFacts, regionSummary, communityOverview, DEFAULT_READINESS } from '../../services/projector/domain';
import { createFactsCache } from '../../services/projector/committee/factsCache';
import { bodies, openFixture, uid, type Fixture } from '../projector/fixture';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const TZ = 'Asia/Shanghai';
const summary = (facts: ReturnType<typeof projectFacts>, asOf: Date) => regionSummary(facts, { regionCode: '6109', year: 2025, asOf, timeZone: TZ });

function fresh(fx: Fixture, regionCode: string, asOf: Date) {
  return projectFacts(fx.readModel.loadScope({ regionCode, asOfMs: asOf.getTime() }));
}

describe('committee facts cache', () => {
  it('answers latest queries from a live fold that follows new events exactly', async () => {
    f = openFixture();
    const community = `6109${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
    await f.append('safety', bodies.registered(community), '2025-01-02T00:00:00.000Z');
    await f.append('police', bodies.crash(uid('TC'), community, '2025-03-01T08:00:00+08:00', { deaths: 1 }), '2025-03-01T01:00:00.000Z');
    await f.projector.catchUp();
    const cache = createFactsCache({ readModel: f.readModel });
    const asOf = new Date('2025-06-01T00:00:00Z');

    // when: a latest query, then a new event is projected, then another latest query
    const first = cache.factsFor('6109', asOf.getTime());
    expect(first.source).toBe('live');
    expect(summary(first.facts, asOf)).toEqual(summary(fresh(f, '6109', asOf), asOf));
    await f.append('police', bodies.crash(uid('TC'), community, '2025-04-01T08:00:00+08:00', { deaths: 2 }), '2025-04-01T01:00:00.000Z');
    await f.projector.catchUp();
    const second = cache.factsFor('6109', asOf.getTime());

    // then: the live fold took the new event in, and equals a fresh fold
    expect(second.source).toBe('live');
    expect(summary(second.facts, asOf).casualties.roadTraffic.deaths).toBe(3);
    expect(summary(second.facts, asOf)).toEqual(summary(fresh(f, '6109', asOf), asOf));
    expect(communityOverview(second.facts, { communityCode: community, year: 2025, asOf, timeZone: TZ, readiness: DEFAULT_READINESS })).toEqual(
      communityOverview(fresh(f, community, asOf), { communityCode: community, year: 2025, asOf, timeZone: TZ, readiness: DEFAULT_READINESS }),
    );
  });

  it('answers an earlier asOf from the events received by then, and reuses it until the model moves', async () => {
    f = openFixture();
    const community = `6109${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
    const id = uid('TC');
    await f.append('police', bodies.crash(id, community, '2025-03-01T08:00:00+08:00', { deaths: 1 }), '2025-03-01T01:00:00.000Z');
    await f.append('police', bodies.crash(id, community, '2025-03-01T08:00:00+08:00', { deaths: 4, revision: 2 }), '2025-03-05T01:00:00.000Z');
    await f.projector.catchUp();
    const cache = createFactsCache({ readModel: f.readModel });
    const before = new Date('2025-03-02T00:00:00Z');

    const first = cache.factsFor(community, before.getTime());
    const again = cache.factsFor(community, before.getTime());
    expect(first.source).toBe('folded');
    expect(again.source).toBe('cached');
    expect(summary(first.facts, before).casualties.roadTraffic.deaths).toBe(1);
    expect(summary(cache.factsFor('6109', Date.now()).facts, new Date()).casualties.roadTraffic.deaths).toBe(4);

    await f.append('police', bodies.crash(uid('TC'), community, '2025-03-01T08:00:00+08:00', { deaths: 1 }), '2025-03-01T12:00:00.000Z');
    await f.projector.catchUp();
    const afterMove = cache.factsFor(community, before.getTime());
    expect(afterMove.source).toBe('folded');
    expect(summary(afterMove.facts, before).casualties.roadTraffic.deaths).toBe(2);
  });
});
