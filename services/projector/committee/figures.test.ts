import { describe, expect, it } from 'vitest';
import { DEFAULT_READINESS } from '../domain';
import type { LogPoint, ProjectionQueries, QuerySource } from '../model/queries';
import { createCommitteeFigures } from './figures';

const EARLIER = new Date('2024-12-31T15:59:59Z');
const LATEST = new Date('2026-01-01T00:00:00Z');

/**
 * Queries over an empty model that count the overviews computed; EARLIER maps to position 7.
 * Each statement resolves on a later macrotask, so answers run at once interleave (as on PostgreSQL).
 */
function countingSource(): { source: QuerySource; asked: number[] } {
  const asked: number[] = [];
  const later = <T>(value: T) => new Promise<T>((resolve) => setImmediate(() => resolve(value)));
  const queries = {
    pointAt: (ms: number) => later<LogPoint>(ms === EARLIER.getTime() ? { position: 7, latest: false } : { position: 9, latest: true }),
    communityKnown: () => later(true),
    communityFacts: (_code: string, _year: number, at: LogPoint) => {
      asked.push(at.position);
      return later(undefined);
    },
  } as unknown as ProjectionQueries;
  return { source: { read: (answer) => answer(queries) }, asked };
}

describe('committee figures: the cache of answers for an earlier asOf', () => {
  it('answers an earlier asOf once and then from the cache, a latest one every time', async () => {
    const { source, asked } = countingSource();
    const figures = createCommitteeFigures({ source, timeZone: 'Asia/Shanghai', readiness: DEFAULT_READINESS });

    await figures.overview('610902001', 2024, EARLIER);
    await figures.overview('610902001', 2024, EARLIER);
    await figures.overview('610902001', 2024, LATEST);
    await figures.overview('610902001', 2024, LATEST);

    expect(asked).toEqual([7, 9, 9]);
  });

  it('keeps within its byte bound: the least recently used answers go first', async () => {
    const { source, asked } = countingSource();
    const one = JSON.stringify(
      await createCommitteeFigures({ source, timeZone: 'Asia/Shanghai', readiness: DEFAULT_READINESS }).overview('610902001', 2024, EARLIER),
    ).length;
    asked.length = 0;
    // Room for four overviews (each answer's key adds a little), and no answer above a quarter of it.
    const figures = createCommitteeFigures({ source, timeZone: 'Asia/Shanghai', readiness: DEFAULT_READINESS, cacheBytes: 4 * (one + 100) });

    for (const code of ['610902001', '610902002', '610902003', '610902004', '610902005']) await figures.overview(code, 2024, EARLIER);
    asked.length = 0;
    await figures.overview('610902005', 2024, EARLIER); // recent: cached
    await figures.overview('610902001', 2024, EARLIER); // evicted: computed again

    expect(asked).toEqual([7]);
  });

  it('counts an answer computed by several concurrent askers once against its bounds', async () => {
    const { source, asked } = countingSource();
    const one = JSON.stringify(
      await createCommitteeFigures({ source, timeZone: 'Asia/Shanghai', readiness: DEFAULT_READINESS }).overview('610902001', 2024, EARLIER),
    ).length;
    const figures = createCommitteeFigures({ source, timeZone: 'Asia/Shanghai', readiness: DEFAULT_READINESS, cacheBytes: 4 * (one + 100) });

    // Four askers of the same answer before any is kept: all compute it, one entry is kept.
    await Promise.all([1, 2, 3, 4].map(() => figures.overview('610902001', 2024, EARLIER)));
    for (const code of ['610902002', '610902003', '610902004']) await figures.overview(code, 2024, EARLIER);
    asked.length = 0;
    await figures.overview('610902001', 2024, EARLIER); // four entries fit: still cached

    expect(asked).toEqual([]);
  });
});
