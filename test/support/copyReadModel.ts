// Test kit: a SQLite read model (openReadModel(...).feed.db) copied into the PostgreSQL read
// model's rm_ tables (migratePgReadModel first), so the two backends' queries can be compared on
// the same rows. The column sets must match table by table: a layout drift fails the copy.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { PG_READ_MODEL_TABLES } from '../../services/projector/model/pg/schema';

/** PostgreSQL takes at most 65535 parameters per statement. */
const MAX_PARAMETERS = 60_000;
const MAX_ROWS_PER_INSERT = 1000;

/** Empties every rm_ table and fills it with its SQLite namesake's rows, in one transaction. */
export async function copyReadModelToPg(sqliteDb: Database.Database, pgClient: Pick<pg.ClientBase, 'query'>): Promise<void> {
  await pgClient.query('BEGIN');
  try {
    await pgClient.query(`TRUNCATE ${PG_READ_MODEL_TABLES.join(', ')}`);
    for (const table of PG_READ_MODEL_TABLES) {
      const source = table.replace(/^rm_/, '');
      const columns = sqliteDb.prepare<[string], string>('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(source);
      if (columns.length === 0) throw new Error(`the SQLite read model has no table ${source}`);
      const pgColumns = (
        await pgClient.query<{ column_name: string }>(
          'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
          [table],
        )
      ).rows.map((r) => r.column_name);
      if ([...columns].sort().join() !== [...pgColumns].sort().join()) {
        throw new Error(`${source} has columns ${columns.join(', ')} in SQLite but ${pgColumns.join(', ')} in ${table}`);
      }
      const rows = sqliteDb.prepare<[], unknown[]>(`SELECT ${columns.join(', ')} FROM ${source}`).raw(true).all();
      const perInsert = Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length));
      for (let i = 0; i < rows.length; i += perInsert) {
        const chunk = rows.slice(i, i + perInsert);
        const tuples = chunk.map((_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
        await pgClient.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, chunk.flat());
      }
    }
    await pgClient.query('COMMIT');
  } catch (err) {
    await pgClient.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
