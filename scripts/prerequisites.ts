// First step of `npm test`: makes sure the machine has what the tests drive for real (a Kafka
// broker needs Java and Maven, the dashboard tests Chromium and CJK fonts, the operations
// tests promtool and kcat, the PostgreSQL tests a server at 127.0.0.1:5432).
// As root with apt-get (or with CI=true), it installs what is missing; otherwise it stops at
// once and prints the exact commands to run. HUB_INSTALL_PREREQUISITES=0 only checks.
// The decisions are in scripts/prerequisites/plan.ts (unit-tested); this file does the I/O.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { instructions, planPrerequisites, parseJavaMajor, withLoopbackTrust, type MachineFacts, type Plan } from './prerequisites/plan';

const require = createRequire(import.meta.url);
const say = (line: string) => process.stderr.write(`prerequisites: ${line}\n`);

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', env: options.env ?? process.env, stdio: options.quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'] });
  return { ok: res.status === 0, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const pgHost = process.env.PGHOST && !process.env.PGHOST.startsWith('/') ? process.env.PGHOST : '127.0.0.1';
const pgPort = Number(process.env.PGPORT ?? 5432);

function accepts(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function sqliteBindingLoads(): boolean {
  try {
    const Database = require('better-sqlite3') as new (file: string) => { close(): void };
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

function cjkFonts(): boolean {
  if (onPath('fc-list')) {
    const res = run('fc-list', [':lang=zh', 'family'], { quiet: true });
    if (res.ok && res.stdout.trim() !== '') return true;
  }
  if (onPath('dpkg-query')) return run('dpkg-query', ['-W', '-f=${Status}', 'fonts-noto-cjk'], { quiet: true }).stdout.includes('install ok installed');
  return false;
}

async function probe(): Promise<MachineFacts> {
  const java = onPath('java') ? run('java', ['-version'], { quiet: true }) : undefined;
  return {
    nodeMajor: Number(process.versions.node.split('.')[0]),
    javaMajor: java ? parseJavaMajor(java.stderr + java.stdout) : undefined,
    maven: onPath('mvn'),
    chromium: executable(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    cjkFonts: cjkFonts(),
    promtool: process.env.PROMTOOL ? executable(process.env.PROMTOOL) : onPath('promtool'),
    kcat: onPath('kcat'),
    postgresRunning: await accepts(pgHost, pgPort),
    postgresInstalled: onPath('pg_ctlcluster') || fs.existsSync('/usr/bin/pg_ctlcluster'),
    sqliteBinding: sqliteBindingLoads(),
    cToolchain: onPath('cc') && onPath('make') && onPath('python3'),
    isRoot: process.getuid?.() === 0,
    aptGet: onPath('apt-get'),
    ci: ['1', 'true', 'yes'].includes((process.env.CI ?? '').toLowerCase()),
    installDisabled: process.env.HUB_INSTALL_PREREQUISITES === '0',
  };
}

// Debian's invoke-rc.d asks /usr/sbin/policy-rc.d whether a package may start its service;
// exit 101 means no. We install with it in place so that neither Prometheus (:9090) nor a
// second PostgreSQL starts on its own; we start what we need ourselves.
const POLICY = '/usr/sbin/policy-rc.d';

function aptInstall(plan: Plan, asRoot: (cmd: string, args: string[]) => { ok: boolean }) {
  const ownPolicy = !fs.existsSync(POLICY);
  if (ownPolicy) fs.writeFileSync(POLICY, '#!/bin/sh\n# written by safe-community-hub prerequisites during apt-get install\nexit 101\n', { mode: 0o755 });
  try {
    say(`installing ${plan.packages.join(' ')} (apt-get)`);
    if (!asRoot('apt-get', ['update', '-qq']).ok) throw new Error('apt-get update failed');
    if (!asRoot('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages]).ok) throw new Error('apt-get install failed');
  } finally {
    if (ownPolicy) fs.rmSync(POLICY, { force: true });
  }
}

function keepPrometheusStopped(asRoot: (cmd: string, args: string[]) => { ok: boolean }) {
  // An enabled unit would start at the next boot; the tests only need the promtool binary.
  // `systemctl disable` edits the unit links even where systemd is not running.
  if (onPath('systemctl')) {
    asRoot('systemctl', ['disable', 'prometheus']);
    if (fs.existsSync('/run/systemd/system')) asRoot('systemctl', ['stop', 'prometheus']);
  } else if (onPath('update-rc.d')) asRoot('update-rc.d', ['prometheus', 'disable']);
}

async function provisionPostgres(asRoot: (cmd: string, args: string[]) => { ok: boolean }) {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)) : [];
  const version = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!version) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<version>)');
  const confDir = `/etc/postgresql/${version}/main`;
  if (!fs.existsSync(confDir)) asRoot('pg_createcluster', [version, 'main', '--port', String(pgPort)]);
  const hbaFile = path.join(confDir, 'pg_hba.conf');
  fs.writeFileSync(hbaFile, withLoopbackTrust(fs.readFileSync(hbaFile, 'utf8')));
  say(`starting PostgreSQL ${version} (cluster main) with trust auth on loopback for the tests`);
  asRoot('pg_ctlcluster', [version, 'main', 'start']);
  if (fs.existsSync('/run/systemd/system') && onPath('systemctl')) asRoot('systemctl', ['enable', `postgresql@${version}-main`]);
  for (let i = 0; i < 30; i++) {
    if (await accepts(pgHost, pgPort)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`PostgreSQL did not accept connections at ${pgHost}:${pgPort}`);
}

async function main(): Promise<number> {
  const facts = await probe();
  if (facts.nodeMajor < 20) {
    say(`Node ${process.versions.node} is too old: the hub needs Node 20 or later (https://nodejs.org/)`);
    return 1;
  }
  const plan = planPrerequisites(facts);
  if (plan.action === 'nothing') return 0;
  for (const need of plan.needs) say(`missing ${need.what}: ${need.why}`);
  if (plan.followUps.includes('provision-postgres') && plan.packages.length === 0) say(`no PostgreSQL accepts connections at ${pgHost}:${pgPort}`);
  if (plan.action === 'instruct') {
    say('run, then `npm test` again:');
    for (const line of instructions(plan, facts)) process.stderr.write(`\n    ${line}\n`);
    process.stderr.write('\n');
    return 1;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const asRoot = (cmd: string, args: string[]) => (facts.isRoot ? run(cmd, args, { env }) : run('sudo', ['-n', '-E', cmd, ...args], { env }));
  try {
    if (plan.packages.length > 0) aptInstall(plan, asRoot);
    if (plan.followUps.includes('keep-prometheus-stopped')) keepPrometheusStopped(asRoot);
    if (plan.followUps.includes('provision-postgres')) await provisionPostgres(asRoot);
    if (plan.followUps.includes('rebuild-sqlite') && !run('npm', ['rebuild', 'better-sqlite3']).ok) throw new Error('npm rebuild better-sqlite3 failed');
  } catch (err) {
    say(`${(err as Error).message}; run these yourself, then \`npm test\` again:`);
    for (const line of instructions(plan, facts)) process.stderr.write(`\n    ${line}\n`);
    return 1;
  }
  const after = planPrerequisites(await probe());
  if (after.needs.length > 0 || after.followUps.length > 0) {
    say(`still missing after installing: ${[...after.needs.map((n) => n.what), ...after.followUps].join(', ')}`);
    return 1;
  }
  say('all installed');
  return 0;
}

process.exitCode = await main();
