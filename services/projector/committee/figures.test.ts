import { describe, expect, it } from 'vitest';
import { DEFAULT_READINESS } from '../domain';
import type { LogPoint, ProjectionQueries } from '../model/queries';
import { createCommitteeFigures } from './figures';

const EARLIER = new Date('2024-12-31T15:59:59Z');
const LATEST = new Date('2026-01-01T00:00:00Z');

/** Queries over an empty model that count the overviews computed; EARLIER maps to position 7. */
function countingQueries() {
  const asked: number[] = [];
  const queries = {
    pointAt: (ms: number): LogPoint => (ms === EARLIER.getTime() ? { position: 7, latest: false } : { position: 9, latest: true }),
    communityFacts: (_code: string, _year: number, at: LogPoint) => {
      asked.push(at.position);
      return undefined;
    },
  } as unknown as ProjectionQueries;
  return { queries, asked };
}

describe('committee figures: the cache of answers for an earlier asOf', () => {
  it('answers an earlier asOf once and then from the cache, a latest one every time', () => {
    const { queries, asked } = countingQueries();
    const figures = createCommitteeFigures({ queries, timeZone: 'Asia/Shanghai', readiness: DEFAULT_READINESS });

    figures.overview('610902001', 2024, EARLIER);
    figures.overview('610902001', 2024, EARLIER);
    figures.overview('610902001', 2024, LATEST);
    figures.overview('610902001', 2024, LATEST);

    expect(asked).toEqual([7, 9, 9]);
  });

  it('keeps within its byte bound: the least recently used answers go first', () => {
    const { queries, asked } = countingQueries();
    const one = JSON.stringify(createCommitteeFigures({ queries, timeZone: 'Asia/Shanghai', readiness: DEFAULT_READINESS }).overview('610902001', 2024, EARLIER)).length;
    asked.length = 0;
    // Room for four overviews (each answer's key adds a little), and no answer above a quarter of it.
    const figures = createCommitteeFigures({ queries, timeZone: 'Asia/Shanghai', readiness: DEFAULT_READINESS, cacheBytes: 4 * (one + 100) });

    for (const code of ['610902001', '610902002', '610902003', '610902004', '610902005']) figures.overview(code, 2024, EARLIER);
    asked.length = 0;
    figures.overview('610902005', 2024, EARLIER); // recent: cached
    figures.overview('610902001', 2024, EARLIER); // evicted: computed again

    expect(asked).toEqual([7]);
  });
});
