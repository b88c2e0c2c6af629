// The PostgreSQL the tests use: 127.0.0.1:5432, user postgres, trust auth (PGHOST/PGPORT or
// HUB_TEST_POSTGRES_URL point elsewhere). Each test file creates its own database with a unique name and drops it after.
// Without a server the PostgreSQL tests are skipped with a message, except with CI=true, where a
// missing server fails the run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** HUB_TEST_POSTGRES_URL, else PGHOST/PGPORT (a TCP host; a socket directory is ignored), else 127.0.0.1:5432. */
export const TEST_POSTGRES_URL =
  process.env.HUB_TEST_POSTGRES_URL ??
  `postgres://postgres@${process.env.PGHOST && !process.env.PGHOST.startsWith('/') ? process.env.PGHOST : '127.0.0.1'}:${process.env.PGPORT ?? '5432'}/postgres`;

let probed: Promise<string | null> | undefined;

/** null when the server answers, else why not. */
function probe(): Promise<string | null> {
  probed ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (err) {
      const e = err as Error & { code?: string };
      return e.message || e.code || String(err);
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probed;
}

/**
 * Whether the PostgreSQL tests can run. With CI=true a missing server throws (the run fails);
 * otherwise it warns once and the caller skips its PostgreSQL suites.
 */
export async function postgresForTests(): Promise<boolean> {
  const reason = await probe();
  if (reason === null) return true;
  const message =
    `PostgreSQL is not reachable at ${redact(TEST_POSTGRES_URL)} (${reason}). ` +
    'Start one with trust authentication for user postgres on 127.0.0.1:5432 ' +
    '(Debian: `sudo apt-get install postgresql`, then allow `host all postgres 127.0.0.1/32 trust` in pg_hba.conf), ' +
    'or point HUB_TEST_POSTGRES_URL at a server where that user may create databases.';
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${message} CI=true: PostgreSQL tests never skip.`);
  console.warn(`${message} Skipping the PostgreSQL tests (they fail instead with CI=true).`);
  return false;
}

export interface TestDatabase {
  /** postgres:// URL of the fresh database. */
  url: string;
  name: string;
  /** A URL whose connections use a fresh schema of this database (search_path), for an empty store per test. */
  freshSchemaUrl(): Promise<string>;
  drop(): Promise<void>;
}

/** Creates a database with a unique name; drop() removes it, closing any connection left open. */
export async function createTestDatabase(label = 'hub'): Promise<TestDatabase> {
  const name = `${label.replace(/[^a-z0-9_]/g, '_')}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = withDatabase(TEST_POSTGRES_URL, name);
  return {
    url,
    name,
    async freshSchemaUrl() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await client.end();
      }
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      return u.toString();
    },
    async drop() {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
