import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { describeProgress } from '../../scripts/rebuild';
import { DEFAULT_READINESS } from '../../services/projector/domain';
import { createCommitteeFigures } from '../../services/projector/committee/figures';
import { sqliteQuerySource } from '../../services/projector/model/queries';
import { openReadModel, type ReadModel } from '../../services/projector/readModel';
import { rebuildReadModel, type RebuildProgress } from '../../services/projector/rebuild';
import { bodies, openFixture, uid, type Fixture } from './fixture';

const fixtures: Fixture[] = [];
function fixture(options?: Parameters<typeof openFixture>[0]): Fixture {
  const f = openFixture(options);
  fixtures.push(f);
  return f;
}

afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A small district appended in rounds, the projector catching up between them. */
async function buildIncrementally(f: Fixture): Promise<void> {
  const hazardId = uid('hazard');
  const crashId = uid('crash');
  const rectId = uid('rect');
  await f.append('safety', bodies.registered('610902001', { population: 30_000 }), '2025-01-02T01:00:00.000Z');
  await f.append('fire', bodies.rectified(rectId, hazardId, '2025-03-10'), '2025-03-10T01:00:00.000Z'); // before its hazard
  await f.projector.catchUp();
  await f.append('fire', bodies.hazard(hazardId, '610902001', '2025-03-01T10:00:00+08:00', '2025-04-01'), '2025-03-11T01:00:00.000Z');
  await f.append('police', bodies.crash(crashId, '610902001', '2025-03-01T10:00:00+08:00'), '2025-03-01T03:00:00.000Z');
  await f.appendRaw('police', 'TrafficCrashReported', Buffer.from('garbage'), '2025-03-02T03:00:00.000Z');
  await f.projector.catchUp();
  await f.append('police', bodies.crash(crashId, '610902002', '2025-03-01T10:00:00+08:00', { deaths: 1, revision: 2 }), '2025-03-04T03:00:00.000Z');
  await f.append('fire', bodies.withdrawn(uid('wd'), rectId), '2025-03-12T01:00:00.000Z');
  await f.append('safety', bodies.indicator(uid('ci'), '610902', 2025, 4), '2025-01-03T01:00:00.000Z');
  await f.append('safety', bodies.production(uid('prod'), '610903001', '2025-04-01T10:00:00+08:00', { deaths: 1 }), '2025-04-01T03:00:00.000Z');
  await f.projector.catchUp();
}

const withoutSkipTime = (model: ReadModel) => model.skippedEvents().map(({ skippedAt: _skippedAt, ...rest }) => rest);

describe('rebuildReadModel', () => {
  it('gives the same query results as the incrementally built model', async () => {
    const f = fixture();
    await buildIncrementally(f);
    const target = path.join(f.dir, 'rebuilt.sqlite');

    const result = await rebuildReadModel({ store: f.store, registry: f.registry, file: target });

    const rebuilt = openReadModel(target, { timeZone: 'Asia/Shanghai' });
    try {
      expect(result).toMatchObject({ events: 8, skipped: 1, position: f.readModel.checkpoint() });
      expect(rebuilt.recordCount()).toBe(f.readModel.recordCount());
      expect(rebuilt.checkpoint()).toBe(f.readModel.checkpoint());
      expect(withoutSkipTime(rebuilt)).toEqual(withoutSkipTime(f.readModel));
      const figures = (model: ReadModel) => {
        const committee = createCommitteeFigures({
          source: sqliteQuerySource(model.feed.db, model.queries),
          timeZone: 'Asia/Shanghai',
          readiness: DEFAULT_READINESS,
        });
        const answers: Promise<unknown>[] = [];
        for (const at of ['2025-03-10T12:00:00Z', '2025-03-11T12:00:00Z', '2025-06-15T04:00:00Z', '2030-01-01T00:00:00Z']) {
          const asOf = new Date(at);
          for (const regionCode of ['', '61', '6109', '610902', '610902001', '610903001']) {
            answers.push(committee.summary(regionCode, 2025, asOf), committee.hazards(regionCode, 'all', asOf));
            answers.push(committee.communities(regionCode, asOf), committee.designations(regionCode, asOf));
          }
          answers.push(committee.overview('610902001', 2025, asOf), committee.communityKnown('610902002', asOf));
        }
        return Promise.all(answers);
      };
      expect(await figures(rebuilt)).toEqual(await figures(f.readModel));
    } finally {
      rebuilt.close();
    }
  });

  it('replaces the live file, dropping a stale WAL, and leaves no build file behind', async () => {
    const f = fixture();
    await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T10:00:00+08:00'), '2025-03-01T03:00:00.000Z');
    const target = path.join(f.dir, 'live.sqlite');
    const old = openReadModel(target, { timeZone: 'Asia/Shanghai' });
    old.apply([{ position: 99n, eventId: uid('stale'), agency: 'police', receivedAt: '2025-01-01T00:00:00.000Z', body: bodies.crash(uid('crash'), '610902009', '2025-01-01T00:00:00Z') }], 99n);
    old.close();
    fs.writeFileSync(`${target}-wal`, 'not a wal of the new file');

    await rebuildReadModel({ store: f.store, registry: f.registry, file: target });

    expect(fs.readdirSync(f.dir).filter((name) => name.includes('.rebuild-'))).toEqual([]);
    expect(fs.existsSync(`${target}-wal`)).toBe(false);
    const rebuilt = openReadModel(target, { timeZone: 'Asia/Shanghai' });
    try {
      expect(rebuilt.recordCount()).toBe(1);
      expect(rebuilt.checkpoint()).toBe(1n);
      expect(await rebuilt.queries.communityKnown('610902009', await rebuilt.queries.pointAt(Date.parse('2030-01-01T00:00:00Z')))).toBe(false);
    } finally {
      rebuilt.close();
    }
  });

  it('builds a file with the same tables and indexes as a live model, in WAL mode', async () => {
    const f = fixture();
    await buildIncrementally(f);
    const target = path.join(f.dir, 'rebuilt.sqlite');
    const fresh = path.join(f.dir, 'fresh.sqlite');
    openReadModel(fresh, { timeZone: 'Asia/Shanghai' }).close();

    await rebuildReadModel({ store: f.store, registry: f.registry, file: target, batchSize: 3 });

    const layout = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return {
          schema: db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all(),
          journalMode: db.pragma('journal_mode', { simple: true }),
          userVersion: db.pragma('user_version', { simple: true }),
          integrity: db.pragma('integrity_check', { simple: true }),
        };
      } finally {
        db.close();
      }
    };
    expect(layout(target)).toEqual(layout(fresh));
    expect(layout(target)).toMatchObject({ journalMode: 'wal', integrity: 'ok' });
  });

  it('reports progress after every page', async () => {
    const f = fixture();
    for (let i = 0; i < 5; i++) {
      await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T10:00:00+08:00'), '2025-03-01T03:00:00.000Z');
    }
    const seen: RebuildProgress[] = [];
    await rebuildReadModel({ store: f.store, registry: f.registry, file: path.join(f.dir, 'rm.sqlite'), batchSize: 2, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => [p.done, p.position, p.head])).toEqual([
      [2, 2n, 5n],
      [4, 4n, 5n],
      [5, 5n, 5n],
    ]);
  });

  it('builds an empty model from an empty log', async () => {
    const f = fixture();
    const target = path.join(f.dir, 'empty.sqlite');
    expect(await rebuildReadModel({ store: f.store, registry: f.registry, file: target })).toMatchObject({ events: 0, position: null });
    const rebuilt = openReadModel(target, { timeZone: 'Asia/Shanghai' });
    expect(rebuilt.checkpoint()).toBeNull();
    rebuilt.close();
  });
});

describe('npm run rebuild', () => {
  it('describes progress as done / estimated total, rate and ETA', () => {
    expect(describeProgress({ done: 2500, skipped: 0, position: 2500n, head: 10_000n, elapsedMs: 500 })).toBe(
      'rebuild: 2,500 / ~10,000 events (25.0%), 5,000 events/s, ETA 2 s',
    );
    expect(describeProgress({ done: 1000, skipped: 3, position: 1003n, head: 100_003n, elapsedMs: 1000 })).toBe(
      'rebuild: 1,000 / ~100,000 events (1.0%), 1,000 events/s, ETA 1 min 39 s, 3 skipped',
    );
    expect(describeProgress({ done: 0, skipped: 0, position: null, head: null, elapsedMs: 0 })).toBe('rebuild: 0 events, 0 events/s');
  });

  it('rebuilds <HUB_DATA_DIR>/readmodel.sqlite from <HUB_DATA_DIR>/events.sqlite', async () => {
    const f = fixture();
    await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T10:00:00+08:00'), '2025-03-01T03:00:00.000Z');
    await f.append('police', bodies.crash(uid('crash'), '610902002', '2025-03-01T10:00:00+08:00'), '2025-03-01T04:00:00.000Z');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rebuild.ts'], {
      cwd: ROOT,
      env: { ...process.env, HUB_DATA_DIR: f.dir },
      encoding: 'utf8',
    });
    expect(run.stderr).toContain('rebuild: 2 / ~2 events (100.0%)');
    expect(run.stderr).toMatch(/Rebuilt .*readmodel\.sqlite: 2 events, 0 skipped/);
    expect(run.status).toBe(0);
    const rebuilt = openReadModel(path.join(f.dir, 'readmodel.sqlite'), { timeZone: 'Asia/Shanghai' });
    expect(rebuilt.recordCount()).toBe(2);
    rebuilt.close();
  }, 60_000);

  it('fails with a clear message when there is no event store', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rebuild.ts'], {
      cwd: ROOT,
      env: { ...process.env, HUB_DATA_DIR: path.join(ROOT, 'no-such-dir-for-rebuild-test') },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No event store at');
    expect(fs.existsSync(path.join(ROOT, 'no-such-dir-for-rebuild-test'))).toBe(false);
  }, 60_000);
});
