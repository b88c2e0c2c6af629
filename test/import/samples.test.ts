// Every sample under docs/samples imports as-is into a fresh hub: each row answered 202.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAgency } from '../../services/kernel/agency';
import { runImport } from '../../scripts/import';
import { TEST_TOKENS } from '../support/hubProcess';
import { startTestHub, type TestHub } from '../support/inProcessHub';
import { appendedSince, committeeGet, markStore, tempDir } from './support';

const samplesDir = path.resolve(__dirname, '../../docs/samples');
const samples = fs.readdirSync(samplesDir).filter((f) => f.endsWith('.csv')).sort();

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

describe('the sample files in docs/samples', () => {
  it('cover every bureau, and one has Chinese headings', () => {
    expect(new Set(samples.map((f) => f.split('-')[0]))).toEqual(new Set(['police', 'fire', 'health', 'transport', 'safety']));
    expect(samples.some((f) => /[\u4e00-\u9fff]/.test(fs.readFileSync(path.join(samplesDir, f), 'utf8').split(/\r?\n/)[0]!))).toBe(true);
  });

  it.each(samples)('%s imports as-is, every row accepted and recorded', async (sample) => {
    const agency = sample.split('-')[0]!;
    if (!isAgency(agency)) throw new Error(`${sample}: name it <agency>-<what>.csv`);
    // A copy, so the journal of a failed run never lands in docs/.
    const file = path.join(dir, sample);
    fs.copyFileSync(path.join(samplesDir, sample), file);
    const rows = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
    const mark = await markStore(t);
    const accepted: number[] = [];
    const report = await runImport({ agency, file, url: t.baseUrl, token: TEST_TOKENS[agency], onBatchAcknowledged: ({ rowsAcknowledged }) => accepted.push(rowsAcknowledged) });
    expect(report.sentRows).toBe(rows);
    expect(accepted.at(-1)).toBe(rows);
    expect(await appendedSince(t, mark)).toBe(rows);
  });

  // After the imports above (tests of a file run in order).
  it('together give the committee a district to look at', async () => {
    const res = await committeeGet(t, '/communities?region=610902', TEST_TOKENS.committeeDistrict);
    const { communities } = (await res.json()) as { communities: Array<{ code: string; name: string | null }> };
    expect(communities.find((c) => c.code === '610902002')).toMatchObject({ name: '新城街道', population: 118900 });
    expect(communities.length).toBeGreaterThanOrEqual(11);
  });
});
