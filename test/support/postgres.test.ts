// The PostgreSQL test set-up: without a server it skips locally but fails under CI=true, with a
// message that says what to do. Run in a child process, where the server address is one that
// nothing listens on.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../kafka/closedPort';

const root = path.resolve(__dirname, '../..');

async function probeWith(env: Record<string, string>) {
  const url = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
  const script = "import('./test/support/postgres.ts').then(async (m) => { console.log('available=' + (await m.postgresForTests())); }, (e) => { throw e; })";
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    env: { ...process.env, CI: '', ...env, HUB_TEST_POSTGRES_URL: url },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr, url };
}

describe('the PostgreSQL test set-up without a server', () => {
  it('fails under CI=true, naming the address and how to provision PostgreSQL', async () => {
    const run = await probeWith({ CI: 'true' });
    expect(run.status).not.toBe(0);
    expect(run.err).toContain(`PostgreSQL is not reachable at ${run.url}`);
    expect(run.err).toContain('apt-get install postgresql');
    expect(run.err).toContain('CI=true: PostgreSQL tests never skip');
    expect(run.out).not.toContain('available=');
  });

  it('skips with a warning outside CI', async () => {
    const run = await probeWith({});
    expect(run.status).toBe(0);
    expect(run.out).toContain('available=false');
    expect(run.err).toContain('Skipping the PostgreSQL tests');
  });
});
