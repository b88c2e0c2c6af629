// promtool (Prometheus' checker) for the infra tests and for any test that wants to lint a
// real /metrics page. A missing promtool fails the tests that need it (never a skip): .ci/run installs Debian's
// `prometheus` package, which ships /usr/bin/promtool. PROMTOOL=/path overrides the lookup.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface PromtoolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** True when running under CI, where every check must really run. */
export const inCI = ['1', 'true', 'yes'].includes((process.env.CI ?? '').toLowerCase());

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Absolute path of promtool, or undefined when it is not installed. */
export const promtoolPath: string | undefined = process.env.PROMTOOL || findOnPath('promtool');


export const PROMTOOL_MISSING =
  'promtool not found: install the Debian package `prometheus` (apt-get install --no-install-recommends prometheus) or set PROMTOOL=/path/to/promtool';

/** Runs promtool with the arguments (and optional stdin); never rejects on a non-zero exit. */
export function runPromtool(args: string[], options: { input?: string; cwd?: string; timeoutMs?: number } = {}): Promise<PromtoolResult> {
  if (!promtoolPath) return Promise.reject(new Error(PROMTOOL_MISSING));
  return new Promise((resolve, reject) => {
    const child = spawn(promtoolPath, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`promtool ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms`));
    }, options.timeoutMs ?? 60_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.on('error', () => {
      // promtool may exit before reading all of stdin; the exit code tells the story
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Lint findings that come from prom-client's default Node.js metrics, which the hub does not
 * name and cannot rename: these gauges end in `_total`. Tolerated; everything else fails.
 */
export const TOLERATED_LINT: ReadonlyArray<{ metric: string; message: RegExp }> = [
  { metric: 'nodejs_active_handles_total', message: /non-counter metrics should not have "_total" suffix/ },
  { metric: 'nodejs_active_requests_total', message: /non-counter metrics should not have "_total" suffix/ },
  { metric: 'nodejs_active_resources_total', message: /non-counter metrics should not have "_total" suffix/ },
];

/**
 * Runs a Prometheus text-format page (e.g. a hub's GET /metrics body) through
 * `promtool check metrics`. ok is true when the page parses and every lint finding is one
 * of TOLERATED_LINT. promtool exits 1 on a parse error and 3 on lint findings.
 * Rejects when promtool is not installed.
 */
export async function checkMetricsText(text: string): Promise<{ ok: boolean; output: string }> {
  if (!text.split('\n').some((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))) {
    return { ok: false, output: 'no samples in the metrics text' };
  }
  const result = await runPromtool(['check', 'metrics'], { input: text });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.code === 0) return { ok: true, output };
  if (result.code !== 3) return { ok: false, output: output || `promtool exited with ${result.code}` };
  // Exit 3: lint findings, one per line: "<metric> <message>".
  const findings = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const untolerated = findings.filter((line) => {
    const [metric = '', ...rest] = line.split(/\s+/);
    const message = rest.join(' ');
    return !TOLERATED_LINT.some((t) => t.metric === metric && t.message.test(message));
  });
  return {
    ok: untolerated.length === 0,
    output: untolerated.length === 0 ? `tolerated (prom-client default metrics):\n${output}` : output,
  };
}
