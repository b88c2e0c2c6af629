// infra/Dockerfile and .dockerignore, checked without Docker: the build follows the agreed
// shape (node 20 slim, native deps and the compile only in the build stage, production
// dependencies, non-root, node as PID 1 running the compiled hub), everything it copies is in the build context,
// and its HEALTHCHECK command really works against a live /healthz.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './compose';

const dockerfile = fs.readFileSync(path.join(repoRoot, 'infra/Dockerfile'), 'utf8');
/** Instructions with continuation lines joined and comments dropped. */
const instructions = dockerfile
  .replace(/\\\r?\n/g, ' ')
  .split(/\r?\n/)
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const m = /^(\w+)\s+(.*)$/s.exec(l)!;
    return { op: m[1]!.toUpperCase(), args: m[2]!.trim() };
  });
const stages: Array<{ from: string; name?: string; body: typeof instructions }> = [];
for (const ins of instructions) {
  if (ins.op === 'FROM') {
    const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args)!;
    stages.push({ from: m[1]!, name: m[2], body: [] });
  } else stages.at(-1)?.body.push(ins);
}
const finalStage = stages.at(-1)!;
const argDefaults = Object.fromEntries(instructions.filter((i) => i.op === 'ARG' && i.args.includes('=')).map((i) => i.args.split('=') as [string, string]));
const resolveArgs = (s: string) => s.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => argDefaults[a ?? b!] ?? '');

describe('infra/Dockerfile', () => {
  it('builds on node:20-bookworm-slim in two stages, compilers and the compile only in the build stage', () => {
    expect(stages.length).toBe(2);
    for (const s of stages) expect(resolveArgs(s.from)).toBe('node:20-bookworm-slim');
    const build = stages[0]!.body.map((i) => i.args).join('\n');
    for (const pkg of ['python3', 'make', 'g++']) expect(build).toMatch(new RegExp(`apt-get install[^\\n]*\\s${pkg.replace('+', '\\+')}(\\s|$)`));
    // The same build the tests run (test/infra/build.test.ts), then only production packages kept.
    expect(build).toMatch(/npm run build/);
    expect(build).toMatch(/npm prune --omit=dev/);
    const runtime = finalStage.body.map((i) => `${i.op} ${i.args}`).join('\n');
    expect(runtime).not.toMatch(/g\+\+|build-essential|python3/);
    expect(runtime).toContain(`COPY --from=${stages[0]!.name} /app/node_modules ./node_modules`);
    expect(runtime).toContain(`COPY --from=${stages[0]!.name} /app/dist ./dist`);
    expect(runtime, 'the image runs compiled JavaScript, not TypeScript sources').not.toMatch(/COPY (services|scripts) /);
  });

  it('keeps test-only and development packages out of the production dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const name of ['tsx', 'ajv', 'ajv-formats', 'playwright-core', 'vitest', 'yaml', 'typescript', 'eslint']) {
      expect(pkg.dependencies[name], `${name} is not needed at run time`).toBeUndefined();
      expect(pkg.devDependencies[name], `${name} is a devDependency`).toBeTruthy();
    }
    expect(fs.existsSync(path.join(repoRoot, 'package-lock.json'))).toBe(true);
  });

  it('has every package the hub, `npm run rebuild` and `npm run import` import at run time among the production dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    // Follow the import graph from the entry points (type-only imports are erased at run time).
    const entries = ['services/hub/main.ts', 'scripts/rebuild.ts', 'scripts/import/main.ts'].map((f) => path.join(repoRoot, f)).filter((f) => fs.existsSync(f));
    expect(entries.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    const missing = new Set<string>();
    const unresolved: string[] = [];
    const resolveLocal = (from: string, spec: string) => {
      const base = path.resolve(path.dirname(from), spec);
      const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}.mts`, `${base}.js`, `${base}.json`, path.join(base, 'index.ts')];
      return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    };
    const queue = [...entries];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      if (!/\.[mc]?[jt]s$/.test(file)) continue;
      const src = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
      const specs = [
        ...[...src.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
        ...[...src.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
        ...[...src.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
      ];
      for (const spec of specs) {
        if (spec.startsWith('node:')) continue;
        if (spec.startsWith('.') || spec.startsWith('/')) {
          const local = resolveLocal(file, spec);
          if (local) queue.push(local);
          else unresolved.push(`${path.relative(repoRoot, file)} imports ${spec}`);
          continue;
        }
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!pkg.dependencies[name]) missing.add(`${name} (${path.relative(repoRoot, file)})`);
      }
    }
    expect([...missing], 'imported at run time but not in "dependencies" (npm ci --omit=dev leaves it out)').toEqual([]);
    expect(unresolved, 'imports of files that do not exist').toEqual([]);
    // Everything reached must be compiled into the image: inside the build's include, not excluded.
    const buildConfig = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tsconfig.build.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { exclude: string[] };
    for (const file of seen) {
      const rel = path.relative(repoRoot, file);
      const included = /^services\//.test(rel) || rel === 'scripts/rebuild.ts' || rel.startsWith('scripts/import/');
      expect(included && !/\.test\.[mc]?[jt]s$|\.testkit\.ts$|\/testdata\//.test(rel), `${rel} is not in the image`).toBe(true);
      expect(buildConfig.exclude.includes(rel), `${rel} is excluded from the build`).toBe(false);
    }
  });

  it('runs node as PID 1 on the compiled hub entry point, as a non-root user, exposing 8080', () => {
    const entry = finalStage.body.filter((i) => i.op === 'ENTRYPOINT');
    expect(entry).toHaveLength(1);
    expect(JSON.parse(entry[0]!.args)).toEqual(['node', 'dist/services/hub/main.js']);
    expect(finalStage.body.some((i) => i.op === 'CMD')).toBe(false);
    const user = finalStage.body.filter((i) => i.op === 'USER').at(-1);
    expect(user?.args).toBeTruthy();
    expect(user!.args.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(finalStage.body.find((i) => i.op === 'EXPOSE')?.args).toBe('8080');
    expect(finalStage.body.find((i) => i.op === 'WORKDIR')?.args).toBe('/app');
    expect(fs.existsSync(path.join(repoRoot, 'services/hub/main.ts')), 'the ENTRYPOINT file exists').toBe(true);
  });

  it('copies only files that exist and that .dockerignore lets into the context', () => {
    const ignore = fs.readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    // .dockerignore globs (Go filepath.Match plus **), matching a path or any parent folder of it.
    const toRegex = (glob: string) => {
      const body = glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        // eslint-disable-next-line no-control-regex -- NUL is the placeholder for a `**/` segment
        .replace(/\u0000/g, '(?:.*/)?');
      return new RegExp(`^${body}(?:/.*)?$`);
    };
    const ignored = (p: string) => ignore.filter((g) => !g.startsWith('!')).some((g) => toRegex(g.replace(/^\//, '')).test(p));
    const copies = finalStage.body.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .concat(stages[0]!.body.filter((i) => i.op === 'COPY'));
    const sources = copies.flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['services', 'schemas', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']));
    for (const src of sources) {
      expect(fs.existsSync(path.join(repoRoot, src)), `${src} exists`).toBe(true);
      expect(ignored(src), `${src} is excluded by .dockerignore`).toBe(false);
    }
    for (const p of ['node_modules', '.git', 'data', 'data-demo', 'dist', 'services/kernel/config.test.ts', 'infra/auth/auth.json', '.env']) {
      expect(ignored(p), `${p} should stay out of the build context`).toBe(true);
    }
  });

  describe('HEALTHCHECK', () => {
    const hc = finalStage.body.find((i) => i.op === 'HEALTHCHECK');
    const cmd = JSON.parse(/CMD\s+(\[.*\])$/.exec(hc?.args ?? '')?.[1] ?? 'null') as string[] | null;
    let status = 200;
    let server: http.Server;
    let port = 0;

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        res.statusCode = req.url === '/healthz' ? status : 404;
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const run = (env: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(cmd![0]!, cmd!.slice(1), { env: { ...process.env, ...env }, stdio: 'ignore' });
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? 1));
      });

    it('is an exec-form node fetch of /healthz on $PORT', () => {
      expect(hc).toBeDefined();
      expect(cmd?.[0]).toBe('node');
      expect(cmd?.join(' ')).toContain('/healthz');
      expect(cmd?.join(' ')).toContain('process.env.PORT');
    });

    it('passes on 200, fails on 503 and when nothing listens', async () => {
      status = 200;
      expect(await run({ PORT: String(port) })).toBe(0);
      status = 503;
      expect(await run({ PORT: String(port) })).toBe(1);
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const freePort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      expect(await run({ PORT: String(freePort) })).toBe(1);
    });
  });
});
