// The importer against a real hub (in-process, port 0, real SQLite files): a good file is
// recorded and counted; a bad file sends nothing; refusals and 503s are handled.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvInvalidError, GatewayRefusedError, runImport } from '../../scripts/import';
import { journalPathOf } from '../../scripts/import/journal';
import { TEST_TOKENS } from '../support/hubProcess';
import { publish, startTestHub, type TestHub } from '../support/inProcessHub';
import { appendedSince, committeeGet, CRASH_HEADER, crashRows, markStore, tempDir, uid, uniqueCounty, writeCsv } from './support';

let t: TestHub;
let dir: string;
beforeAll(async () => {
  t = await startTestHub();
  dir = tempDir();
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('importing a bureau CSV file into the hub', () => {
  it('records every row, in batches, and the committee API counts them', async () => {
    const county = uniqueCounty();
    const file = writeCsv(dir, 'crashes.csv', [CRASH_HEADER, ...crashRows(`JJ-${uid()}`, county, 1203)]);
    const mark = await markStore(t);
    const batches: number[] = [];
    const report = await runImport({
      agency: 'police', file, url: t.baseUrl, token: TEST_TOKENS.police,
      onBatchAcknowledged: ({ rowsAcknowledged }) => batches.push(rowsAcknowledged),
    });
    expect(report).toMatchObject({ type: 'TrafficCrashReported', totalRows: 1203, skippedRows: 0, sentRows: 1203, batches: 3 });
    expect(batches).toEqual([500, 1000, 1203]);
    expect(await appendedSince(t, mark)).toBe(1203);
    expect(fs.existsSync(journalPathOf(file))).toBe(false);

    const communities = (await (await committeeGet(t, `/communities?region=${county}`, TEST_TOKENS.committeeNational)).json()) as { communities: Array<{ code: string }> };
    expect(communities.communities.map((c) => c.code)).toEqual([`${county}001`, `${county}002`, `${county}003`]);
    const overview = (await (await committeeGet(t, `/communities/${county}001/overview?year=2025`, TEST_TOKENS.committeeNational)).json()) as {
      casualties: { roadTraffic: { incidents: number } };
    };
    expect(overview.casualties.roadTraffic.incidents).toBe(401);
  });

  it('sends nothing when any row is invalid, and names each bad row by line and field', async () => {
    const rows = crashRows(`JJ-${uid()}`, uniqueCounty(), 12);
    rows[5] = rows[5]!.replace(',URBAN_ROAD,', ',MOTORWAY,');
    rows[9] = rows[9]!.replace(/,0,(\d),2,/, ',-2,$1,2,');
    const file = writeCsv(dir, 'bad.csv', [CRASH_HEADER, ...rows]);
    const mark = await markStore(t);
    const error = await runImport({ agency: 'police', file, url: t.baseUrl, token: TEST_TOKENS.police }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvInvalidError);
    expect((error as CsvInvalidError).errors).toEqual([
      { line: 7, field: 'roadType', message: 'must be one of URBAN_ROAD, HIGHWAY, RURAL_ROAD, OTHER' },
      { line: 11, field: 'deaths', message: 'must be >= 0' },
    ]);
    expect(await appendedSince(t, mark)).toBe(0);
    expect(fs.existsSync(journalPathOf(file))).toBe(false);
  });

  it('stops at a refused batch with the lines the hub named, keeping the batches before it', async () => {
    const taken = `XF-${uid()}`;
    const hazard = {
      type: 'HazardIdentified', sourceRecordId: taken, communityCode: '610902001', occurredAt: '2025-03-01T08:00:00+08:00',
      sector: 'FIRE', level: 'GENERAL', rectifyBy: '2025-04-01', description: '消防通道堵塞',
    };
    expect((await publish(t.baseUrl, 'fire', hazard)).status).toBe(202);
    // Revision 2 of the hazard's record as a fire incident: a record cannot change its type.
    const row = (id: string, revision = 1) => `FireIncidentReported,${id},${revision},610902001,2025-03-02T08:00:00+08:00,0,0,100,OTHER,OUTDOOR`;
    const file = writeCsv(dir, 'fires.csv', [
      'type,sourceRecordId,revision,communityCode,occurredAt,deaths,injuries,directLossYuan,cause,propertyType',
      row(`XF-${uid()}`), row(`XF-${uid()}`), row(`XF-${uid()}`), row(taken, 2), row(`XF-${uid()}`),
    ]);
    const mark = await markStore(t);
    const error = await runImport({ agency: 'fire', file, url: t.baseUrl, token: TEST_TOKENS.fire, batchSize: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRefusedError);
    expect(error).toMatchObject({ status: 409, errors: [{ line: 5, field: 'type' }] });
    expect((error as Error).message).toMatch(/^The hub refused batch 2 \(lines 4-5\) with 409/);
    expect(await appendedSince(t, mark)).toBe(2);
    expect(JSON.parse(fs.readFileSync(journalPathOf(file), 'utf8'))).toMatchObject({ rowsAcknowledged: 2, totalRows: 5 });
  });

  it('stops with 401 on an unknown token, sending nothing', async () => {
    const file = writeCsv(dir, 'token.csv', [CRASH_HEADER, ...crashRows(`JJ-${uid()}`, uniqueCounty(), 3)]);
    const mark = await markStore(t);
    const error = await runImport({ agency: 'police', file, url: t.baseUrl, token: 'not-a-token' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRefusedError);
    expect((error as GatewayRefusedError).status).toBe(401);
    expect((error as Error).message).toMatch(/with 401: Unknown token\.\nCheck the bureau's token/);
    expect(await appendedSince(t, mark)).toBe(0);
  });

  it('waits for Retry-After when the hub answers 503, then sends the batch again', async () => {
    const proxy = await unavailableOnce(t.baseUrl, 7);
    try {
      const file = writeCsv(dir, 'retry.csv', [CRASH_HEADER, ...crashRows(`JJ-${uid()}`, uniqueCounty(), 4)]);
      const mark = await markStore(t);
      const waits: number[] = [];
      const report = await runImport({
        agency: 'police', file, url: proxy.url, token: TEST_TOKENS.police,
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      expect(report.sentRows).toBe(4);
      expect(waits).toEqual([7000]);
      expect(proxy.requests()).toBe(2);
      expect(await appendedSince(t, mark)).toBe(4);
    } finally {
      await proxy.close();
    }
  });
});

/** A real HTTP front of the hub whose first POST gets 503 + Retry-After; the rest pass through. */
async function unavailableOnce(target: string, retryAfterSeconds: number) {
  let count = 0;
  const server = http.createServer((req, res) => {
    count++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (count === 1) {
        res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': String(retryAfterSeconds) });
        res.end(JSON.stringify({ type: 'urn:test', title: 'Service Unavailable', status: 503, detail: 'store busy' }));
        return;
      }
      void fetch(`${target}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }).then(async (upstream) => {
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
