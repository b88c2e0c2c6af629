// The read model's PostgreSQL connection pool. bigint columns (positions, ids, counts, sums of
// integers) come back as numbers: the read model keeps positions within 2^53 (readModel.ts
// assertPosition), so they are exact, and the SQLite code paths see the same shapes.
import pg from 'pg';

export interface PgReadModelPoolOptions {
  connectionString: string;
  /** Connections at most (HUB_DB_POOL_MAX). */
  max?: number;
  /** Server-side statement timeout in ms, 0 for none (HUB_DB_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
  applicationName?: string;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** int8 and numeric (SUM of bigint) as JavaScript numbers; every other type as pg parses it. */
export const readModelTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export function openPgReadModelPool(options: PgReadModelPoolOptions): pg.Pool {
  const statementTimeout = options.statementTimeoutMs ?? 30_000;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    application_name: options.applicationName ?? 'safe-community-hub read model',
    types: readModelTypes,
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
  });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
