// The SQLite query source: one read transaction per answer, one answer at a time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteQuerySource } from '../../services/projector/model/queries';
import { openReadModel, type ReadModel } from '../../services/projector/readModel';
import { bodies, uid } from './fixture';

let dir: string;
let reader: ReadModel;
let writer: ReadModel;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'query-source-'));
  const file = path.join(dir, 'readmodel.sqlite');
  writer = openReadModel(file, { timeZone: 'Asia/Shanghai' });
  reader = openReadModel(file, { timeZone: 'Asia/Shanghai' });
});

afterEach(() => {
  reader.close();
  writer.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function applyCrash(position: bigint, receivedAt: string): void {
  const body = bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00', { deaths: 1 });
  writer.apply([{ position, eventId: uid('event'), agency: 'police', receivedAt, body }], position);
}

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('sqliteQuerySource', () => {
  it('runs answers started together one after the other, each in its own transaction', async () => {
    const source = sqliteQuerySource(reader.feed.db, reader.queries);
    const trace: string[] = [];
    const answer = (name: string) =>
      source.read(async () => {
        trace.push(`${name} begins in a transaction: ${reader.feed.db.inTransaction}`);
        await macrotask();
        trace.push(`${name} ends`);
        return name;
      });

    expect(await Promise.all([answer('a'), answer('b')])).toEqual(['a', 'b']);
    expect(trace).toEqual(['a begins in a transaction: true', 'a ends', 'b begins in a transaction: true', 'b ends']);
    expect(reader.feed.db.inTransaction).toBe(false);
  });

  it('rolls a failed answer back and goes on with the next', async () => {
    const source = sqliteQuerySource(reader.feed.db, reader.queries);
    const failed = source.read(async () => {
      throw new Error('no answer');
    });
    const next = source.read(async (queries) => queries.pointAt(Date.parse('2030-01-01T00:00:00Z')));

    await expect(failed).rejects.toThrow('no answer');
    expect(await next).toEqual({ position: 0, latest: true });
    expect(reader.feed.db.inTransaction).toBe(false);
  });

  it('shows every statement of an answer the pages committed when it began, not one committed during it', async () => {
    applyCrash(1n, '2025-03-01T01:00:00.000Z');
    const source = sqliteQuerySource(reader.feed.db, reader.queries);
    const late = Date.parse('2030-01-01T00:00:00Z');

    const seen = await source.read(async (queries) => {
      const before = await queries.pointAt(late);
      applyCrash(2n, '2025-03-02T01:00:00.000Z'); // another connection commits a page meanwhile
      await macrotask();
      const after = await queries.pointAt(late);
      const facts = await queries.communityFacts('610902001', 2025, after);
      return { before, after, crashes: facts?.records.TrafficCrashReported.length };
    });

    expect(seen).toEqual({ before: { position: 1, latest: true }, after: { position: 1, latest: true }, crashes: 1 });
    expect(await source.read(async (queries) => queries.pointAt(late))).toEqual({ position: 2, latest: true });
  });
});
