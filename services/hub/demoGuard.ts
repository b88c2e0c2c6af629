// Keeps the demo district and real data apart. The demo loads only into the embedded SQLite
// store of its own data directory (./data-demo by default), which it marks; a hub started
// without HUB_DEMO=1 refuses a marked directory, and the demo refuses a directory that
// already holds unmarked (real) records or a shared store (EventStoreDB, PostgreSQL).
import fs from 'node:fs';
import path from 'node:path';

export const DEMO_MARKER = 'DEMO-DISTRICT';

/** A start-up refusal: the process exits with this message before serving anything. */
export class DemoSeparationError extends Error {
  override name = 'DemoSeparationError';
}

export interface DemoGuardInput {
  dataDir: string;
  demo: boolean;
  /** The event store is a shared server (ESDB_URL, DATABASE_URL), not this directory's SQLite file. */
  sharedStore: boolean;
}

export function isDemoDataDir(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, DEMO_MARKER));
}

/** Before any store is opened: refuses the combinations that would mix demo and real records. */
export function checkDemoSeparation(input: DemoGuardInput): void {
  if (input.demo && input.sharedStore) {
    throw new DemoSeparationError('HUB_DEMO=1 loads the demo district only into the embedded SQLite store; unset ESDB_URL/DATABASE_URL or set HUB_DEMO=0.');
  }
  if (!input.demo && isDemoDataDir(input.dataDir)) {
    throw new DemoSeparationError(
      `${input.dataDir} holds the invented demo district (${DEMO_MARKER} marker): start with HUB_DEMO=1 to look at it, or point HUB_DATA_DIR at another directory for real data.`,
    );
  }
}

/** After the store is open: may the demo be loaded into it? Throws when it holds real records. */
export function mayLoadDemo(input: { dataDir: string; storeEmpty: boolean }): boolean {
  if (isDemoDataDir(input.dataDir)) return input.storeEmpty;
  if (!input.storeEmpty) {
    throw new DemoSeparationError(`HUB_DEMO=1 but ${input.dataDir} already holds records that are not the demo's: the demo loads only into an empty directory of its own (unset HUB_DATA_DIR to use ./data-demo).`);
  }
  return true;
}

/** Marks the directory before the first demo record is written (a crash mid-load stays marked). */
export function markDemoDataDir(dataDir: string): void {
  fs.writeFileSync(
    path.join(dataDir, DEMO_MARKER),
    'This data directory holds the invented demo district of the Safe Community Exchange Hub.\nA hub started without HUB_DEMO=1 refuses to open it. Delete the directory to start afresh.\n',
  );
}
