// The import ledger: the event ids a hub has acknowledged (202) for one bureau, kept in the CSV
// file's folder (.hub-import-ledger-<agency>-<hub hash>.txt, one id a line). The gateway answers
// a duplicate exactly as a new event (same eventId, recorded once), so the summary tells rows
// already imported apart from new ones with this ledger. Records that reached the hub some other
// way (the bureau's own system calling the API) are not in it and count as new.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function ledgerPathOf(file: string, agency: string, url: string): string {
  const hub = createHash('sha256').update(url).digest('hex').slice(0, 8);
  return path.join(path.dirname(path.resolve(file)), `.hub-import-ledger-${agency}-${hub}.txt`);
}

export function readLedger(ledgerFile: string): Set<string> {
  try {
    return new Set(fs.readFileSync(ledgerFile, 'utf8').split('\n').filter(Boolean));
  } catch {
    return new Set(); // none yet (or unreadable): every row counts as new
  }
}

/** Appends the acknowledged ids not yet in the ledger. */
export function appendLedger(ledgerFile: string, known: Set<string>, eventIds: readonly string[]): void {
  const fresh = eventIds.filter((id) => !known.has(id));
  if (fresh.length === 0) return;
  fs.appendFileSync(ledgerFile, fresh.map((id) => `${id}\n`).join(''));
  for (const id of fresh) known.add(id);
}
