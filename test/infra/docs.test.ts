// The repository stands on its own: no file points outside it, and the API reference in
// docs/api/ names every setting the hub parses and every metric it serves.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../services/kernel/config';
import { createMetrics } from '../../services/kernel/http/metrics';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const apiDocs = fs.readdirSync(path.join(root, 'docs/api')).map((f) => read(`docs/api/${f}`)).join('\n');

describe('the repository stands on its own', () => {
  it('no tracked or new file refers to a contract file outside the repository', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      // isFile: a worktree's node_modules may be an untracked symlink to a directory.
      .filter((f) => f && fs.existsSync(path.join(root, f)) && fs.statSync(path.join(root, f)).isFile() && !/\.(png|ico|woff2?|ttf|sqlite)$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    // Spelt in pieces so that this file does not match itself.
    const outside = new RegExp(['\\.\\./sha', 'red|CON', 'TRACT'].join(''));
    const offenders = files.filter((f) => outside.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it('every relative link in the docs and README points to a file that exists', () => {
    const docs = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), ...fs.readdirSync(path.join(root, 'docs/api')).map((f) => `docs/api/${f}`)];
    const broken: string[] = [];
    for (const doc of docs) {
      for (const [, target] of read(doc).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        if (!fs.existsSync(path.resolve(root, path.dirname(doc), target!))) broken.push(`${doc} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the API reference', () => {
  it('documents every environment variable the hub parses', () => {
    const missing = Object.keys(configSchema.shape).filter((name) => !apiDocs.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('documents every hub metric the processes serve', async () => {
    const names = (await createMetrics().registry.getMetricsAsJSON()).map((m) => m.name).filter((n) => n.startsWith('hub_') || n.startsWith('http_'));
    expect(names.length).toBeGreaterThanOrEqual(9);
    expect(names.filter((name) => !apiDocs.includes(`\`${name}\``))).toEqual([]);
  });

  it('documents every event type', () => {
    const types = fs.readdirSync(path.join(root, 'schemas')).filter((f) => f.endsWith('.avsc')).map((f) => f.replace(/\.avsc$/, ''));
    expect(types.length).toBeGreaterThanOrEqual(19);
    expect(types.filter((t) => !apiDocs.includes(`\`${t}\``))).toEqual([]);
  });
});
