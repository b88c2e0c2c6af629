// The rebuild benchmark's event log: N events written through the SQLite store's own append
// (large transactions), Avro-encoded with the real registry, with the metadata the gateways
// write. Cached under .tmp/bench, keyed by the count, the generator version and the writer
// schemas' fingerprints, and reused across runs. Written to a temp name and renamed when
// complete, so an interrupted generation is never reused.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agency } from '../../services/kernel/agency';
import type { SchemaRegistry } from '../../services/kernel/avro/registry';
import { recordStream } from '../../services/kernel/bus/eventBus';
import { eventIdFor } from '../../services/kernel/eventId';
import type { StreamAppend } from '../../services/kernel/store/eventStore';
import { openSqliteEventStore } from '../../services/kernel/store/sqlite';
import { fireIncident, injuryCase, prng, trafficCrash, type BenchBody } from './bodies';
import { note } from './report';

/** Bump when the generated content changes. */
const GENERATOR_VERSION = 1;
const CACHE_DIR = fileURLToPath(new URL('../../.tmp/bench', import.meta.url));
const TYPES = ['TrafficCrashReported', 'InjuryCaseReported', 'FireIncidentReported'] as const;
/** Events per store transaction. */
const TRANSACTION_EVENTS = 10_000;
/** Share of events that are a new revision of an earlier record (bureaus' re-reports). */
const REVISION_SHARE = 0.05;

export function cachedLogPath(events: number, registry: SchemaRegistry): string {
  const key = createHash('sha256')
    .update(JSON.stringify({ v: GENERATOR_VERSION, fingerprints: TYPES.map((t) => registry.fingerprintOf(t)) }))
    .digest('hex')
    .slice(0, 10);
  return path.join(CACHE_DIR, `events-${events}-${key}.sqlite`);
}

interface RecordState {
  agency: Agency;
  id: string;
  type: (typeof TYPES)[number];
  revision: number;
}

/** Returns the cached log's path, generating it first when missing. */
export async function ensureEventLog(events: number, registry: SchemaRegistry): Promise<{ file: string; generatedMs: number | null }> {
  const file = cachedLogPath(events, registry);
  if (fs.existsSync(file)) return { file, generatedMs: null };
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });

  const started = performance.now();
  const store = openSqliteEventStore({ file: partial });
  const rnd = prng(42);
  const records: RecordState[] = [];
  const baseMs = Date.UTC(2025, 0, 1);
  try {
    for (let written = 0; written < events; ) {
      const appends: StreamAppend[] = [];
      const inThisTx = new Set<string>();
      const count = Math.min(TRANSACTION_EVENTS, events - written);
      for (let i = 0; i < count; i++) {
        const n = written + i;
        const receivedAt = new Date(baseMs + n * 30_000).toISOString();
        let rec: RecordState | undefined;
        if (records.length > 1000 && rnd() < REVISION_SHARE) {
          const candidate = records[Math.floor(rnd() * records.length)]!;
          if (!inThisTx.has(candidate.id)) rec = candidate;
        }
        const fresh = rec === undefined;
        if (!rec) {
          const t = rnd();
          const type = t < 0.45 ? 'TrafficCrashReported' : t < 0.9 ? 'InjuryCaseReported' : 'FireIncidentReported';
          const agency: Agency = type === 'TrafficCrashReported' ? 'police' : type === 'InjuryCaseReported' ? 'health' : 'fire';
          rec = { agency, id: `R${n}`, type, revision: 0 };
          records.push(rec);
        }
        rec.revision += 1;
        inThisTx.add(rec.id);
        const body: BenchBody =
          rec.type === 'TrafficCrashReported'
            ? trafficCrash(rnd, rec.id, rec.revision)
            : rec.type === 'InjuryCaseReported'
              ? injuryCase(rnd, rec.id, rec.revision)
              : fireIncident(rnd, rec.id, rec.revision);
        const { type, ...fields } = body;
        const eventId = eventIdFor(rec.agency, rec.id, rec.revision);
        appends.push({
          stream: recordStream(rec.agency, rec.id),
          expectedRevision: fresh ? 'no_stream' : BigInt(rec.revision - 2),
          events: [
            {
              eventId,
              type,
              data: registry.encode(type, { eventId, agency: rec.agency, receivedAt, ...fields }),
              metadata: {
                agency: rec.agency,
                tokenId: `${rec.agency}-bench`,
                receivedAt,
                sourceRecordId: rec.id,
                revision: rec.revision,
                schemaFingerprint: registry.fingerprintOf(type),
              },
            },
          ],
        });
      }
      store.appendSync(appends);
      written += count;
      if (written % 100_000 === 0 || written === events) {
        note(`generated ${written.toLocaleString('en-US')} / ${events.toLocaleString('en-US')} events (${Math.round(performance.now() - started)} ms)`);
      }
    }
  } finally {
    await store.close();
  }
  if (fs.existsSync(`${partial}-wal`)) throw new Error(`${partial}-wal is still there after closing the store`);
  fs.renameSync(partial, file);
  return { file, generatedMs: performance.now() - started };
}
