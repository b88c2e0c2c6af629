// The progress display on stderr: one line redrawn on a terminal, periodic lines otherwise.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../scripts/import/progress';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('import progress', () => {
  it('redraws one line on a terminal and ends it once', () => {
    const s = stream(true);
    const p = createProgress(s, 1000, 'fire FireIncidentReported');
    p.update(0);
    p.update(500);
    p.note('retrying in 5 s');
    p.update(1000);
    p.finish(1000);
    expect(s.writes[1]).toBe(`\r\x1b[2Kfire FireIncidentReported [${'#'.repeat(15)}${'.'.repeat(15)}] 500/1000 rows (50.0%)`);
    expect(s.writes.filter((w) => w.endsWith('\n'))).toEqual(['retrying in 5 s\n', `fire FireIncidentReported [${'#'.repeat(30)}] 1000/1000 rows (100.0%)\n`]);
  });

  it('prints a line per tenth of the rows (or after 10 s of quiet) when stderr is not a terminal', () => {
    const s = stream(false);
    let now = 0;
    const p = createProgress(s, 1000, 'police', () => now);
    for (let done = 0; done <= 1000; done += 50) p.update(done);
    now = 20_000;
    p.update(1000);
    p.finish(1000);
    expect(s.writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
    expect(s.writes.map((w) => /(\d+)\/1000/.exec(w)![1])).toEqual(['0', '100', '200', '300', '400', '500', '600', '700', '800', '900', '1000', '1000']);
  });
});
