// What the test suite needs from the machine, and what to do about what is missing.
// Pure: the probe (scripts/prerequisites/probe.ts) observes the machine, this decides.

/** What the probe saw. */
export interface MachineFacts {
  nodeMajor: number;
  /** Major version of `java -version`, undefined when no java runs. */
  javaMajor?: number;
  maven: boolean;
  chromium: boolean;
  cjkFonts: boolean;
  promtool: boolean;
  kcat: boolean;
  /** Something accepts connections at the PostgreSQL address the tests use. */
  postgresRunning: boolean;
  /** Debian's PostgreSQL server package is installed (pg_ctlcluster exists). */
  postgresInstalled: boolean;
  /** better-sqlite3's native binding loads. */
  sqliteBinding: boolean;
  /** cc, make and python3 are there (to build the native binding). */
  cToolchain: boolean;
  isRoot: boolean;
  aptGet: boolean;
  ci: boolean;
  /** HUB_INSTALL_PREREQUISITES=0: only check, never install. */
  installDisabled: boolean;
}

export interface Need {
  what: string;
  /** Why the tests need it. */
  why: string;
  /** Debian packages that provide it. */
  packages: string[];
}

/** Steps after apt-get, in order. */
export type FollowUp = 'keep-prometheus-stopped' | 'provision-postgres' | 'rebuild-sqlite';

export interface Plan {
  needs: Need[];
  /** Every package of every need, deduplicated, in order. */
  packages: string[];
  followUps: FollowUp[];
  /** install: run apt-get ourselves; instruct: print the command and fail; nothing: all present. */
  action: 'nothing' | 'install' | 'instruct';
}

export const MIN_JAVA = 17;
export const MIN_NODE = 20;

export function planPrerequisites(facts: MachineFacts): Plan {
  const needs: Need[] = [];
  const followUps: FollowUp[] = [];
  if (facts.javaMajor === undefined || facts.javaMajor < MIN_JAVA) {
    // default-jre-headless is 17 on Debian 12 and 21 on Debian 13; Kafka 3.9 runs on both.
    needs.push({ what: `Java ${MIN_JAVA}+`, why: 'the Kafka broker the tests start', packages: ['default-jre-headless'] });
  }
  if (!facts.maven) needs.push({ what: 'Maven', why: "fetches the Kafka broker's jars", packages: ['maven'] });
  if (!facts.chromium) needs.push({ what: 'Chromium', why: 'the dashboard tests drive a real browser', packages: ['chromium'] });
  if (!facts.cjkFonts) needs.push({ what: 'CJK fonts', why: "the dashboard's Chinese text in screenshots", packages: ['fonts-noto-cjk'] });
  if (!facts.promtool) {
    needs.push({ what: 'promtool', why: 'checks the Prometheus config, alert rules and /metrics', packages: ['prometheus'] });
    followUps.push('keep-prometheus-stopped');
  }
  if (!facts.kcat) needs.push({ what: 'kcat', why: 'Kafka interoperability with a client we did not write', packages: ['kcat'] });
  if (!facts.postgresRunning) {
    if (!facts.postgresInstalled) needs.push({ what: 'PostgreSQL server', why: 'the PostgreSQL store and read model tests', packages: ['postgresql'] });
    followUps.push('provision-postgres');
  }
  if (!facts.sqliteBinding) {
    if (!facts.cToolchain) needs.push({ what: 'a C toolchain', why: "builds better-sqlite3's native binding", packages: ['build-essential', 'python3'] });
    followUps.push('rebuild-sqlite');
  }
  const packages = [...new Set(needs.flatMap((n) => n.packages))];
  const mayInstall = facts.aptGet && (facts.isRoot || facts.ci) && !facts.installDisabled;
  const action = needs.length === 0 && followUps.length === 0 ? 'nothing' : mayInstall ? 'install' : 'instruct';
  return { needs, packages, followUps, action };
}

/** The exact commands a person runs to do what the plan would do. */
export function instructions(plan: Plan, facts: Pick<MachineFacts, 'isRoot'>): string[] {
  const sudo = facts.isRoot ? '' : 'sudo ';
  const lines: string[] = [];
  if (plan.packages.length > 0) {
    lines.push(`${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${plan.packages.join(' ')}`);
  }
  if (plan.followUps.includes('keep-prometheus-stopped')) {
    lines.push(`${sudo}systemctl disable --now prometheus   # the package starts a server on :9090 the tests do not want`);
  }
  if (plan.followUps.includes('provision-postgres')) {
    lines.push(`${sudo}pg_ctlcluster $(ls /etc/postgresql | sort -V | tail -1) main start   # PostgreSQL at 127.0.0.1:5432, user postgres, trust auth for 127.0.0.1`);
  }
  if (plan.followUps.includes('rebuild-sqlite')) lines.push('npm rebuild better-sqlite3');
  return lines;
}

/** Major version from `java -version` output (stderr), e.g. `openjdk version "17.0.12"` -> 17, `"1.8.0_402"` -> 8. */
export function parseJavaMajor(output: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

/** The pg_hba.conf lines that give the tests trust auth on loopback, put before any other rule. */
export function withLoopbackTrust(hba: string): string {
  const marker = '# safe-community-hub tests: trust on loopback';
  if (hba.includes(marker)) return hba;
  return `${marker}\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n${hba}`;
}
