// Helpers of the importer tests: CSV files in a fresh temporary folder, and what a real hub
// recorded (events appended to its store since a point, its metrics).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { loadNationalDivisions } from '../../services/kernel/divisions';
import os from 'node:os';
import path from 'node:path';
import type { TestHub } from '../support/inProcessHub';

export const uid = () => randomUUID().slice(0, 8);

let countiesWithThreeStreets: string[] | undefined;

/**
 * A real county (6 digits) outside the demo's province whose townships 001-003 exist in the
 * national division list, picked at random so that tests sharing a hub do not share figures.
 */
export function uniqueCounty(): string {
  if (!countiesWithThreeStreets) {
    const national = loadNationalDivisions();
    countiesWithThreeStreets = [...national.keys()].filter(
      (code) => code.length === 6 && !code.startsWith('61') && ['001', '002', '003'].every((n) => national.has(code + n)),
    );
  }
  return countiesWithThreeStreets[Math.floor(Math.random() * countiesWithThreeStreets.length)]!;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hub-import-'));
}

export function writeCsv(dir: string, name: string, lines: readonly string[], options: { bom?: boolean; eol?: string } = {}): string {
  const file = path.join(dir, name);
  const text = lines.join(options.eol ?? '\n') + (options.eol ?? '\n');
  fs.writeFileSync(file, options.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) : text);
  return file;
}

export const CRASH_HEADER = 'type,sourceRecordId,communityCode,occurredAt,deaths,injuries,vehicles,commercialOperation,roadType,cause';

/** `count` valid traffic-crash rows spread over the communities `<county>001..003` in 2025. */
export function crashRows(prefix: string, county: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const community = `${county}00${(i % 3) + 1}`;
    const day = String((i % 28) + 1).padStart(2, '0');
    return `TrafficCrashReported,${prefix}-${i + 1},${community},2025-03-${day}T08:00:00+08:00,0,${i % 4},2,,URBAN_ROAD,OTHER`;
  });
}

export interface StoreMark {
  position: bigint | null;
}

export async function markStore(t: TestHub): Promise<StoreMark> {
  return { position: await t.hub.store!.headPosition() };
}

/** Events appended to the hub's store since the mark (duplicates are never appended). */
export async function appendedSince(t: TestHub, mark: StoreMark): Promise<number> {
  return (await t.hub.store!.readAll(mark.position, 1_000_000)).length;
}

/** A counter of the hub's /metrics, 0 when the series does not exist yet. */
export async function metricValue(t: TestHub, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort();
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\}\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2]!.split(',').filter(Boolean).sort();
    if (wanted.every((w) => have.includes(w))) return Number(m[3]);
  }
  return 0;
}

/** Lets the projector catch up with everything in the store, then asks the committee API. */
export async function committeeGet(t: TestHub, pathAndQuery: string, token: string): Promise<Response> {
  const head = await t.hub.store!.headPosition();
  if (head !== null) await t.hub.projector!.waitFor(head);
  return fetch(`${t.baseUrl}/committee/v1${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
}
