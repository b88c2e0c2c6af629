// What every benchmark prints: a small table, then one JSON line (last line of stdout) with the
// figures, the ceiling measured in the same run, their ratio and the environment.
import os from 'node:os';

export interface Environment {
  node: string;
  cores: number;
  cpu: string;
  platform: string;
  memoryGiB: number;
  /** 1-minute load average when the benchmark started and when it ended. */
  loadAverageStart: number;
  loadAverageEnd?: number;
  date: string;
}

export function environment(): Environment {
  return {
    node: process.version,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageStart: round(os.loadavg()[0] ?? 0, 2),
    date: new Date().toISOString(),
  };
}

export function finishEnvironment(env: Environment): Environment {
  return { ...env, loadAverageEnd: round(os.loadavg()[0] ?? 0, 2) };
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function perSecond(events: number, ms: number): number {
  return ms > 0 ? (events * 1000) / ms : 0;
}

/** Prints rows as an aligned text table (numbers right-aligned, thousands separated). */
export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US') : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: Array<string | number>) =>
    r.map((c, i) => (typeof rows[0]?.[i] === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ');
  process.stdout.write(`${line(cells[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of cells.slice(1)) process.stdout.write(`${line(r)}\n`);
}

/** The final, machine-readable line. */
export function printResult(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Progress and notes go to stderr, so stdout holds only the table and the JSON line. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Runs a benchmark's main, reporting a failure on stderr with a non-zero exit code. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`benchmark failed: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
