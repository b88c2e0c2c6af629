// The PostgreSQL query side against the SQLite one: a random log projected by the SQLite code,
// its read model copied into the rm_ tables, and every committee figure, latest and at earlier
// asOf instants, answered alike by both query sources. Also: one REPEATABLE READ READ ONLY
// transaction per answer, and a failed answer gives its connection back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCommitteeFigures, type CommitteeFigures } from '../../services/projector/committee/figures';
import { DEFAULT_READINESS } from '../../services/projector/domain';
import type { ProjectedEvent } from '../../services/projector/domain/types';
import { createPgQuerySource } from '../../services/projector/model/pg/queries';
import { openPgReadModelPool } from '../../services/projector/model/pg/pool';
import { migratePgReadModel } from '../../services/projector/model/pg/schema';
import { sqliteQuerySource } from '../../services/projector/model/queries';
import { openReadModel, type ReadModel } from '../../services/projector/readModel';
import { copyReadModelToPg } from '../support/copyReadModel';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres';
import { applyInRandomPages, COMMUNITIES, generateLog, REGIONS, TZ, YEARS } from './randomLog';

const available = await postgresForTests();
let database: TestDatabase;

if (available) {
  beforeAll(async () => {
    database = await createTestDatabase('hub_pg_queries');
  });
  afterAll(async () => {
    await database?.drop();
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The events applied in pages of random sizes, with agg snapshots every 97 events. */
function projectInPages(events: readonly ProjectedEvent[], seed: number): ReadModel {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-queries-'));
  const model = openReadModel(path.join(dir, 'readmodel.sqlite'), { timeZone: TZ, snapshotEvery: 97 });
  cleanups.push(() => {
    model.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  applyInRandomPages(events, seed, (page) => model!.apply(page, page[page.length - 1]!.position));
  return model;
}

/** A pool on a fresh schema holding the read model's tables (and the SQLite model's rows, if given). */
async function pgReadModel(model?: ReadModel): Promise<pg.Pool> {
  const pool = openPgReadModelPool({ connectionString: await database.freshSchemaUrl(), max: 4 });
  cleanups.push(() => pool.end());
  const client = await pool.connect();
  try {
    await migratePgReadModel(client, { timeZone: TZ });
    if (model) await copyReadModelToPg(model.feed.db, client);
  } finally {
    client.release();
  }
  return pool;
}

/** Every committee question at the asOf, labelled, started at once. */
function everyFigure(figures: CommitteeFigures, asOf: Date): Promise<[string, unknown][]> {
  const asked: [string, Promise<unknown>][] = [];
  for (const regionCode of REGIONS) {
    for (const year of YEARS) asked.push([`summary ${regionCode} ${year}`, figures.summary(regionCode, year, asOf)]);
    for (const status of ['all', 'open', 'overdue', 'rectified'] as const) {
      asked.push([`${status} hazards ${regionCode}`, figures.hazards(regionCode, status, asOf)]);
    }
    asked.push([`designations ${regionCode}`, figures.designations(regionCode, asOf)]);
    asked.push([`communities ${regionCode}`, figures.communities(regionCode, asOf)]);
  }
  for (const code of [...COMMUNITIES, '610902999']) {
    asked.push([`known ${code}`, figures.communityKnown(code, asOf)]);
    for (const year of YEARS) asked.push([`overview ${code} ${year}`, figures.overview(code, year, asOf)]);
  }
  return Promise.all(asked.map(async ([label, answer]) => [label, await answer] as [string, unknown]));
}

describe.runIf(available)('PostgreSQL committee queries', () => {
  for (const seed of [1, 2]) {
    it(`answer every figure as the SQLite queries do, latest and at earlier asOf (seed ${seed})`, async () => {
      const events = generateLog(seed, 1200);
      const model = projectInPages(events, seed);
      const pool = await pgReadModel(model);
      const options = { timeZone: TZ, readiness: DEFAULT_READINESS };
      const sqlite = createCommitteeFigures({ source: sqliteQuerySource(model.feed.db, model.queries), ...options });
      const postgres = createCommitteeFigures({ source: createPgQuerySource(pool), ...options });

      const at = (i: number) => Date.parse(events[i]!.recordedAt!);
      const instants = [
        at(0) - 1, // before the first event: position 0
        at(0), // the first event's own instant
        at(Math.floor(events.length / 5)) + 30_000,
        at(Math.floor(events.length / 2)), // exactly an event's instant
        at(Math.floor((events.length * 4) / 5)) + 30_000,
        at(events.length - 2) + 1,
        at(events.length - 1) + 30_000, // latest
        Date.parse('2031-01-01T00:00:00Z'), // latest
      ];
      let nonEmptyHazardLists = 0;
      for (const ms of instants) {
        const asOf = new Date(ms);
        const expected = await everyFigure(sqlite, asOf);
        const actual = await everyFigure(postgres, asOf);
        expect(actual.map(([label]) => label)).toEqual(expected.map(([label]) => label));
        for (let i = 0; i < expected.length; i += 1) {
          expect(actual[i]![1], `seed ${seed}, asOf ${asOf.toISOString()}: ${expected[i]![0]}`).toEqual(expected[i]![1]);
          if (expected[i]![0].includes('hazards') && (expected[i]![1] as unknown[]).length > 0) nonEmptyHazardLists += 1;
        }
      }
      // The comparison is of figures with content, not of empty answers.
      expect(nonEmptyHazardLists).toBeGreaterThan(20);
      expect(await model.queries.pointAt(instants[2]!)).toMatchObject({ latest: false });
    });
  }

  it('reads every statement of an answer in one snapshot, whatever is committed meanwhile', async () => {
    const pool = await pgReadModel();
    await pool.query('INSERT INTO rm_log_times (recorded_ms, pos) VALUES (1000, 1)');
    const source = createPgQuerySource(pool);
    const late = 10_000;

    const seen = await source.read(async (queries) => {
      const before = await queries.pointAt(late);
      await pool.query('INSERT INTO rm_log_times (recorded_ms, pos) VALUES (2000, 2)'); // another connection commits
      const after = await queries.pointAt(late);
      return { before, after };
    });

    expect(seen).toEqual({ before: { position: 1, latest: true }, after: { position: 1, latest: true } });
    expect(await source.read((queries) => queries.pointAt(late))).toEqual({ position: 2, latest: true });
  });

  it('answers read-only, rolls a failed answer back and gives its connection back', async () => {
    const pool = await pgReadModel();
    const sent: string[] = [];
    const watched = new WeakSet<pg.PoolClient>();
    pool.on('acquire', (client) => {
      if (watched.has(client)) return;
      watched.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
        const config = args[0] as string | { text: string };
        // A simple query (the BEGIN with the first statement): what precedes its first ';'.
        sent.push(typeof config === 'string' ? config.split(';')[0]! : config.text.split(/\s+/).slice(0, 2).join(' '));
        return query(...args);
      };
    });
    const source = createPgQuerySource(pool);

    expect(await source.read(async (queries) => queries.pointAt(0))).toEqual({ position: 0, latest: true });
    // The transaction's BEGIN goes with the answer's first statement, in one round trip.
    expect(sent.splice(0)).toEqual(['BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', 'COMMIT']);

    await expect(
      source.read(async (queries) => {
        await queries.pointAt(0);
        throw new Error('no answer');
      }),
    ).rejects.toThrow('no answer');
    expect(sent.splice(0)).toEqual(['BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', 'ROLLBACK']);

    for (let i = 0; i < 6; i += 1) {
      await expect(source.read(async (queries) => queries.pointAt(0))).resolves.toEqual({ position: 0, latest: true });
    }
    expect(pool.totalCount).toBeLessThanOrEqual(4);
    expect(pool.idleCount).toBe(pool.totalCount); // none left checked out
  });
});
