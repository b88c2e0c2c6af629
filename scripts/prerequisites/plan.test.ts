import { describe, expect, it } from 'vitest';
import { instructions, parseJavaMajor, planPrerequisites, withLoopbackTrust, type MachineFacts } from './plan';

const complete: MachineFacts = {
  nodeMajor: 20,
  javaMajor: 17,
  maven: true,
  chromium: true,
  cjkFonts: true,
  promtool: true,
  kcat: true,
  postgresRunning: true,
  postgresInstalled: true,
  sqliteBinding: true,
  cToolchain: true,
  isRoot: true,
  aptGet: true,
  ci: false,
  installDisabled: false,
};

describe('planning the prerequisites', () => {
  it('does nothing on a machine that has everything', () => {
    expect(planPrerequisites(complete)).toEqual({ needs: [], packages: [], followUps: [], action: 'nothing' });
  });

  it('installs every tool of a fresh Debian machine as root, in one apt-get call', () => {
    const fresh: MachineFacts = { ...complete, javaMajor: undefined, maven: false, chromium: false, cjkFonts: false, promtool: false, kcat: false, postgresRunning: false, postgresInstalled: false };
    const plan = planPrerequisites(fresh);
    expect(plan.action).toBe('install');
    expect(plan.packages).toEqual(['default-jre-headless', 'maven', 'chromium', 'fonts-noto-cjk', 'prometheus', 'kcat', 'postgresql']);
    expect(plan.followUps).toEqual(['keep-prometheus-stopped', 'provision-postgres']);
  });

  it('keeps a running PostgreSQL and installs no second one', () => {
    const plan = planPrerequisites({ ...complete, postgresRunning: true, postgresInstalled: false });
    expect(plan.packages).not.toContain('postgresql');
    expect(plan.followUps).not.toContain('provision-postgres');
  });

  it('starts an installed but stopped PostgreSQL without installing it again', () => {
    const plan = planPrerequisites({ ...complete, postgresRunning: false, postgresInstalled: true });
    expect(plan).toMatchObject({ packages: [], followUps: ['provision-postgres'], action: 'install' });
  });

  it('stops Prometheus whenever it installs promtool', () => {
    const plan = planPrerequisites({ ...complete, promtool: false });
    expect(plan.packages).toEqual(['prometheus']);
    expect(plan.followUps).toEqual(['keep-prometheus-stopped']);
  });

  it('wants Java 17 or later', () => {
    expect(planPrerequisites({ ...complete, javaMajor: 11 }).packages).toEqual(['default-jre-headless']);
    expect(planPrerequisites({ ...complete, javaMajor: 21 }).action).toBe('nothing');
  });

  it('builds the SQLite binding with a C toolchain only when it does not load', () => {
    expect(planPrerequisites({ ...complete, cToolchain: false }).action).toBe('nothing');
    const plan = planPrerequisites({ ...complete, sqliteBinding: false, cToolchain: false });
    expect(plan.packages).toEqual(['build-essential', 'python3']);
    expect(plan.followUps).toEqual(['rebuild-sqlite']);
  });

  it('prints the commands instead of installing when not root', () => {
    const facts = { ...complete, kcat: false, promtool: false, isRoot: false };
    const plan = planPrerequisites(facts);
    expect(plan.action).toBe('instruct');
    expect(instructions(plan, facts)).toEqual([
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus kcat',
      'sudo systemctl disable --now prometheus   # the package starts a server on :9090 the tests do not want',
    ]);
  });

  it('installs under CI=true without being root, and never without apt-get or when disabled', () => {
    expect(planPrerequisites({ ...complete, kcat: false, isRoot: false, ci: true }).action).toBe('install');
    expect(planPrerequisites({ ...complete, kcat: false, aptGet: false }).action).toBe('instruct');
    expect(planPrerequisites({ ...complete, kcat: false, installDisabled: true }).action).toBe('instruct');
  });

  it('gives the root user commands without sudo', () => {
    const facts = { ...complete, kcat: false, installDisabled: true };
    expect(instructions(planPrerequisites(facts), facts)).toEqual(['apt-get update && apt-get install -y --no-install-recommends kcat']);
  });
});

describe('reading java -version', () => {
  it.each([
    ['openjdk version "17.0.12" 2024-07-16', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_402"', 8],
    ['no java here', undefined],
  ])('%s -> %s', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });
});

describe('trust on loopback for the test database', () => {
  it('puts the trust rules first and adds them once', () => {
    const original = 'local all postgres peer\nhost all all 127.0.0.1/32 scram-sha-256\n';
    const once = withLoopbackTrust(original);
    expect(once.split('\n').slice(1, 3)).toEqual(['host all all 127.0.0.1/32 trust', 'host all all ::1/128 trust']);
    expect(once.endsWith(original)).toBe(true);
    expect(withLoopbackTrust(once)).toBe(once);
  });
});
