// Re-running an interrupted import: the journal beside the file lets the re-run skip what the
// hub acknowledged, and deterministic event ids make anything sent twice count once.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportInterruptedError, runImport, type ImportOptions } from '../../scripts/import';
import { journalPathOf } from '../../scripts/import/journal';
import { TEST_TOKENS } from '../support/hubProcess';
import { startTestHub, type TestHub } from '../support/inProcessHub';
import { appendedSince, committeeGet, CRASH_HEADER, crashRows, markStore, metricValue, tempDir, uid, uniqueCounty, writeCsv } from './support';

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

/** Runs the import and aborts it once `afterBatches` batches are acknowledged. */
async function interruptedRun(options: ImportOptions, afterBatches: number): Promise<unknown> {
  const controller = new AbortController();
  return runImport({
    ...options,
    signal: controller.signal,
    onBatchAcknowledged: ({ batch }) => {
      if (batch === afterBatches) controller.abort();
    },
  }).catch((e: unknown) => e);
}

async function roadIncidents(county: string): Promise<number> {
  let total = 0;
  for (const n of [1, 2, 3]) {
    const res = await committeeGet(t, `/communities/${county}00${n}/overview?year=2025`, TEST_TOKENS.committeeNational);
    total += ((await res.json()) as { casualties: { roadTraffic: { incidents: number } } }).casualties.roadTraffic.incidents;
  }
  return total;
}

describe('re-running an interrupted import', () => {
  it('skips the batches the hub acknowledged and sends the rest, recording every row once', async () => {
    const county = uniqueCounty();
    const file = writeCsv(dir, `${uid()}.csv`, [CRASH_HEADER, ...crashRows(`JJ-${uid()}`, county, 25)]);
    const options: ImportOptions = { agency: 'police', file, url: t.baseUrl, token: TEST_TOKENS.police, batchSize: 10 };
    const mark = await markStore(t);

    const error = await interruptedRun(options, 1);
    expect(error).toBeInstanceOf(ImportInterruptedError);
    expect((error as Error).message).toMatch(/after 10 of 25 rows; run the same command again/);
    expect(JSON.parse(fs.readFileSync(journalPathOf(file), 'utf8'))).toMatchObject({ rowsAcknowledged: 10, totalRows: 25, agency: 'police', type: 'TrafficCrashReported' });
    expect(await appendedSince(t, mark)).toBe(10);

    const duplicatesBefore = await metricValue(t, 'hub_events_duplicate_total', { agency: 'police' });
    const report = await runImport(options);
    expect(report).toMatchObject({ totalRows: 25, skippedRows: 10, sentRows: 15, batches: 2 });
    expect(await appendedSince(t, mark)).toBe(25);
    expect(await metricValue(t, 'hub_events_duplicate_total', { agency: 'police' })).toBe(duplicatesBefore);
    expect(fs.existsSync(journalPathOf(file))).toBe(false);
    expect(await roadIncidents(county)).toBe(25);
  });

  it('without the journal sends every row again, and the hub records the re-sent ones as duplicates', async () => {
    const county = uniqueCounty();
    const file = writeCsv(dir, `${uid()}.csv`, [CRASH_HEADER, ...crashRows(`JJ-${uid()}`, county, 25)]);
    const options: ImportOptions = { agency: 'police', file, url: t.baseUrl, token: TEST_TOKENS.police, batchSize: 10 };
    const mark = await markStore(t);
    expect(await interruptedRun(options, 2)).toBeInstanceOf(ImportInterruptedError);
    fs.rmSync(journalPathOf(file));

    const duplicatesBefore = await metricValue(t, 'hub_events_duplicate_total', { agency: 'police' });
    const report = await runImport(options);
    expect(report).toMatchObject({ skippedRows: 0, sentRows: 25 });
    expect(await appendedSince(t, mark)).toBe(25);
    expect(await metricValue(t, 'hub_events_duplicate_total', { agency: 'police' })).toBe(duplicatesBefore + 20);
    expect(await roadIncidents(county)).toBe(25);
  });

  it('ignores the journal when the file changed since the interrupted run', async () => {
    const county = uniqueCounty();
    const rows = crashRows(`JJ-${uid()}`, county, 12);
    const file = writeCsv(dir, `${uid()}.csv`, [CRASH_HEADER, ...rows]);
    const options: ImportOptions = { agency: 'police', file, url: t.baseUrl, token: TEST_TOKENS.police, batchSize: 5 };
    expect(await interruptedRun(options, 1)).toBeInstanceOf(ImportInterruptedError);
    writeCsv(dir, file.slice(dir.length + 1), [CRASH_HEADER, ...rows.map((r) => r.replace(',URBAN_ROAD,', ',RURAL_ROAD,'))]);
    expect(await runImport(options)).toMatchObject({ skippedRows: 0, sentRows: 12 });
  });
});
