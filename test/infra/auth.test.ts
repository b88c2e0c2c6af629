// The stack's auth files: the committed DEV-ONLY example holds exactly the hashes of the
// tokens documented in docs/operations.md, and the generator makes valid files with fresh
// tokens. Both are read with the hub's own HUB_AUTH_FILE parser.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENCIES } from '../../services/kernel/agency';
import { createAuthenticator, readAuthFile, sha256Hex } from '../../services/kernel/http/auth';
import { repoRoot } from './compose';

const devFile = path.join(repoRoot, 'infra/auth/auth.dev.json');
const generator = path.join(repoRoot, 'infra/auth/generate-auth-file.mjs');

const DEV_TOKENS = [
  ...AGENCIES.map((agency) => ({ token: `dev-${agency}-token`, principal: { role: 'agency', agency } })),
  { token: 'dev-committee-token', principal: { role: 'committee', region: '' } },
  { token: 'dev-committee-6109-token', principal: { role: 'committee', region: '6109' } },
  { token: 'dev-operator-token', principal: { role: 'operator' } },
];

describe('infra/auth/auth.dev.json', () => {
  it('is a valid HUB_AUTH_FILE, plainly marked as dev-only', () => {
    const raw = JSON.parse(fs.readFileSync(devFile, 'utf8')) as { _comment?: string };
    expect(raw._comment).toMatch(/DEV ONLY/);
    expect(() => readAuthFile(devFile)).not.toThrow();
  });

  it('holds exactly the documented dev tokens', () => {
    const file = readAuthFile(devFile);
    const auth = createAuthenticator(file);
    for (const { token, principal } of DEV_TOKENS) {
      expect(auth.authenticate(`Bearer ${token}`), token).toMatchObject(principal);
    }
    expect(file.tokens.map((t) => t.sha256).sort()).toEqual(DEV_TOKENS.map((t) => sha256Hex(t.token)).sort());
    const docs = fs.readFileSync(path.join(repoRoot, 'docs/operations.md'), 'utf8');
    for (const { token } of DEV_TOKENS) expect(docs, `docs/operations.md lists ${token}`).toContain(token);
  });
});

describe('infra/auth/generate-auth-file.mjs', () => {
  it('writes a valid file whose printed tokens authenticate, and refuses to overwrite without --force', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-auth-'));
    try {
      const out = path.join(dir, 'auth.json');
      const run = (...args: string[]) => spawnSync(process.execPath, [generator, out, ...args], { encoding: 'utf8' });
      const first = run('--region', '610902');
      expect(first.status, first.stderr).toBe(0);
      const file = readAuthFile(out);
      const auth = createAuthenticator(file);
      const printed = first.stdout.trim().split('\n').slice(1).map((l) => l.split('\t'));
      expect(printed.map((p) => p[0])).toEqual(file.tokens.map((t) => t.id));
      for (const [id, , , token] of printed) {
        expect(auth.authenticate(`Bearer ${token}`).tokenId).toBe(id);
        expect(fs.readFileSync(out, 'utf8')).not.toContain(token!);
      }
      for (const agency of AGENCIES) expect(file.tokens.some((t) => t.role === 'agency' && t.agency === agency), agency).toBe(true);
      expect(file.tokens.find((t) => t.id === 'committee-610902')?.region).toBe('610902');
      expect((fs.statSync(out).mode & 0o044) !== 0, 'readable by the container user').toBe(true);

      const again = run();
      expect(again.status).not.toBe(0);
      expect(readAuthFile(out)).toEqual(file);
      const forced = run('--force');
      expect(forced.status, forced.stderr).toBe(0);
      expect(readAuthFile(out).tokens.map((t) => t.sha256)).not.toEqual(file.tokens.map((t) => t.sha256));
      expect(run('--region', '123').status).not.toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
