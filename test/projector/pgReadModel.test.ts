// The read model in PostgreSQL holds row for row what the SQLite one holds after the same log,
// folded by the same projection in pages of random sizes (references before their records,
// withdrawals of withdrawals, re-sends: pages whose first run misses rows and runs again).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgReadModelPool } from '../../services/projector/model/pg/pool';
import { CheckpointMovedError, openPgReadModelWriter } from '../../services/projector/model/pg/readModelWriter';
import { migratePgReadModel } from '../../services/projector/model/pg/schema';
import { openReadModel } from '../../services/projector/readModel';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres';
import { generateLog, rng, TZ } from './randomLog';
import { pgReadModelRows, sqliteReadModelRows } from './readModelRows';

const available = await postgresForTests();
let db: TestDatabase;

beforeAll(async () => {
  if (available) db = await createTestDatabase('hub_read_model');
});
afterAll(async () => {
  await db?.drop();
});

/** A pool on a fresh schema of the test database, with the read model's tables. */
async function freshReadModel(): Promise<pg.Pool> {
  const pool = openPgReadModelPool({ connectionString: await db.freshSchemaUrl(), max: 2 });
  const client = await pool.connect();
  try {
    await migratePgReadModel(client, { timeZone: TZ });
  } finally {
    client.release();
  }
  return pool;
}

describe.runIf(available)('read model in PostgreSQL', () => {
  for (const seed of [11, 12, 13]) {
    it(`holds row for row what the SQLite read model holds after the same log (seed ${seed})`, async () => {
      const events = generateLog(seed, 900);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-rm-'));
      const sqlite = openReadModel(path.join(dir, 'readmodel.sqlite'), { timeZone: TZ, snapshotEvery: 97 });
      const pool = await freshReadModel();
      const client = await pool.connect();
      try {
        const writer = await openPgReadModelWriter(client, { timeZone: TZ, snapshotEvery: 97 });
        const r = rng(seed);
        for (let i = 0; i < events.length; ) {
          const page = events.slice(i, i + r.int(1, 80));
          const position = page[page.length - 1]!.position;
          sqlite.apply(page, position);
          await writer.apply(page, position);
          i += page.length;
        }
        expect(writer.reruns(), 'pages whose first run missed rows').toBeGreaterThan(0);
        const expected = await sqliteReadModelRows(sqlite.feed.db);
        expect((expected.versions as unknown[]).length).toBeGreaterThan(900);
        expect(await pgReadModelRows(client)).toEqual(expected);
      } finally {
        client.release();
        await pool.end();
        sqlite.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('goes on where it stopped: a writer opened later continues the same model', async () => {
    const events = generateLog(21, 400);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-rm-'));
    const sqlite = openReadModel(path.join(dir, 'readmodel.sqlite'), { timeZone: TZ, snapshotEvery: 50 });
    const pool = await freshReadModel();
    try {
      const half = 200;
      for (const [from, to] of [[0, half], [half, events.length]] as const) {
        const client = await pool.connect();
        try {
          const writer = await openPgReadModelWriter(client, { timeZone: TZ, snapshotEvery: 50 });
          expect(writer.checkpoint()).toBe(from === 0 ? null : events[from - 1]!.position);
          for (let i = from; i < to; i += 40) {
            const page = events.slice(i, Math.min(i + 40, to));
            sqlite.apply(page, page[page.length - 1]!.position);
            await writer.apply(page, page[page.length - 1]!.position);
          }
        } finally {
          client.release();
        }
      }
      const client = await pool.connect();
      try {
        expect(await pgReadModelRows(client)).toEqual(await sqliteReadModelRows(sqlite.feed.db));
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to write a page when another writer moved the checkpoint', async () => {
    const events = generateLog(31, 60);
    const pool = await freshReadModel();
    const [a, b] = [await pool.connect(), await pool.connect()];
    try {
      const first = await openPgReadModelWriter(a, { timeZone: TZ });
      const second = await openPgReadModelWriter(b, { timeZone: TZ });
      await second.apply(events.slice(0, 30), events[29]!.position);
      await expect(first.apply(events.slice(0, 30), events[29]!.position)).rejects.toBeInstanceOf(CheckpointMovedError);
      expect((await a.query('SELECT count(*)::int AS n FROM rm_records')).rows[0].n).toBe(
        (await b.query('SELECT count(DISTINCT key)::int AS n FROM rm_records')).rows[0].n,
      );
    } finally {
      a.release();
      b.release();
      await pool.end();
    }
  });
});
