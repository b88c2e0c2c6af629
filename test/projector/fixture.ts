// Real parts for projector and committee tests: a SQLite event store and read model in a fresh
// temp directory, the real schema registry, and builders for valid event bodies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Agency } from '../../services/kernel/agency';
import { loadSchemaRegistry, type SchemaRegistry } from '../../services/kernel/avro/registry';
import { recordStream } from '../../services/kernel/bus/eventBus';
import { eventIdFor } from '../../services/kernel/eventId';
import type { BodyOf, EventBody, EventType } from '../../services/kernel/events.generated';
import { createMetrics, type HubMetrics } from '../../services/kernel/http/metrics';
import { createLogger, type Logger } from '../../services/kernel/logger';
import type { NewEvent } from '../../services/kernel/store/eventStore';
import { openSqliteEventStore, type SqliteEventStore } from '../../services/kernel/store/sqlite';
import { createProjector, type Projector, type ProjectorDeps } from '../../services/projector/projector';
import { openReadModel, type ReadModel } from '../../services/projector/readModel';

let registry: SchemaRegistry | undefined;
/** Loading the schemas is the slow part; one registry per test file is enough (it is stateless). */
export function sharedRegistry(): SchemaRegistry {
  registry ??= loadSchemaRegistry();
  return registry;
}

/** A record id unique to this call, so no two tests ever share a record. */
export function uid(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface Fixture {
  dir: string;
  store: SqliteEventStore;
  registry: SchemaRegistry;
  readModel: ReadModel;
  readModelFile: string;
  projector: Projector;
  metrics: HubMetrics;
  /** JSON log lines written by the projector. */
  logLines: Record<string, unknown>[];
  logger: Logger;
  clock: { now: Date };
  /** Encodes and appends one event; returns its position in the log. */
  append(agency: Agency, body: EventBody, receivedAt: string): Promise<bigint>;
  /** Appends raw bytes under a type (for undecodable events). */
  appendRaw(agency: Agency, type: EventType, data: Uint8Array, receivedAt: string): Promise<bigint>;
  close(): Promise<void>;
}

export function openFixture(options: Partial<Pick<ProjectorDeps, 'batchSize' | 'pollIntervalMs' | 'lagIntervalMs'>> = {}): Fixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projector-'));
  // The log records each event at the receipt the test gives it (as the embedded hub does).
  let recordingAt = new Date(0);
  const store = openSqliteEventStore({ file: path.join(dir, 'events.sqlite'), now: () => recordingAt });
  const readModelFile = path.join(dir, 'readmodel.sqlite');
  const readModel = openReadModel(readModelFile, { timeZone: 'Asia/Shanghai' });
  const metrics = createMetrics({ defaultMetrics: false });
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) });
  const clock = { now: new Date('2025-06-15T04:00:00Z') };
  const reg = sharedRegistry();
  const projector = createProjector({ store, registry: reg, readModel, metrics, logger, now: () => clock.now, ...options });

  const appendEvent = async (event: NewEvent, agency: Agency, sourceRecordId: string): Promise<bigint> => {
    recordingAt = new Date(event.metadata.receivedAt);
    const stream = recordStream(agency, sourceRecordId);
    await store.append([{ stream, expectedRevision: 'any', events: [event] }]);
    const stored = (await store.readStream(stream)).find((e) => e.eventId === event.eventId);
    if (!stored) throw new Error('appended event not found');
    return stored.position;
  };

  return {
    dir,
    store,
    registry: reg,
    readModel,
    readModelFile,
    projector,
    metrics,
    logLines,
    logger,
    clock,
    append(agency, body, receivedAt) {
      const eventId = eventIdFor(agency, body.sourceRecordId, body.revision);
      const data = reg.encode(body.type, { ...body, eventId, agency, receivedAt });
      const metadata = {
        agency,
        tokenId: `${agency}-test`,
        receivedAt,
        sourceRecordId: body.sourceRecordId,
        revision: body.revision,
        schemaFingerprint: reg.fingerprintOf(body.type),
      };
      return appendEvent({ eventId, type: body.type, data, metadata }, agency, body.sourceRecordId);
    },
    appendRaw(agency, type, data, receivedAt) {
      const sourceRecordId = uid('raw');
      const metadata = { agency, tokenId: `${agency}-test`, receivedAt, sourceRecordId, revision: 1, schemaFingerprint: '0000000000000000' };
      return appendEvent({ eventId: randomUUID(), type, data, metadata }, agency, sourceRecordId);
    },
    async close() {
      await projector.stop();
      readModel.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ------------------------------------------------------------------ event bodies

type Fields<T extends EventType> = Omit<BodyOf<T>, 'type' | 'sourceRecordId' | 'revision'>;

export function body<T extends EventType>(type: T, sourceRecordId: string, fields: Fields<T>, revision = 1): BodyOf<T> {
  return { type, sourceRecordId, revision, ...fields } as unknown as BodyOf<T>;
}

export const bodies = {
  registered: (communityCode: string, o: { name?: string; population?: number; registeredOn?: string; id?: string; revision?: number } = {}) =>
    body(
      'CommunityRegistered',
      o.id ?? `reg-${communityCode}`,
      {
        communityCode,
        name: o.name ?? `Community ${communityCode}`,
        communityType: 'URBAN_STREET',
        population: o.population ?? 40_000,
        registeredOn: o.registeredOn ?? '2020-01-10',
      },
      o.revision ?? 1,
    ),
  crash: (id: string, communityCode: string, occurredAt: string, o: { deaths?: number; injuries?: number; revision?: number } = {}) =>
    body(
      'TrafficCrashReported',
      id,
      {
        communityCode,
        occurredAt,
        deaths: o.deaths ?? 0,
        injuries: o.injuries ?? 1,
        vehicles: 2,
        commercialOperation: false,
        roadType: 'URBAN_ROAD',
        cause: 'SPEEDING',
      },
      o.revision ?? 1,
    ),
  production: (id: string, communityCode: string, occurredAt: string, o: { deaths?: number; injuries?: number } = {}) =>
    body('ProductionAccidentReported', id, {
      communityCode,
      occurredAt,
      industry: 'CONSTRUCTION',
      deaths: o.deaths ?? 0,
      seriousInjuries: 0,
      injuries: o.injuries ?? 1,
      directLossYuan: 10_000,
    }),
  hazard: (id: string, communityCode: string, occurredAt: string, rectifyBy: string, level: 'GENERAL' | 'MAJOR' = 'GENERAL') =>
    body('HazardIdentified', id, { communityCode, occurredAt, sector: 'FIRE', level, rectifyBy, description: 'Blocked fire exit' }),
  rectified: (id: string, hazardRecordId: string, rectifiedOn: string, revision = 1) =>
    body('HazardRectified', id, { hazardRecordId, rectifiedOn, verified: true }, revision),
  extended: (id: string, hazardRecordId: string, rectifyBy: string) =>
    body('HazardRectificationExtended', id, { hazardRecordId, rectifyBy }),
  withdrawn: (id: string, withdrawnRecordId: string) =>
    body('RecordWithdrawn', id, { withdrawnRecordId, reason: 'Entered in error' }),
  indicator: (id: string, regionCode: string, year: number, cap: number) =>
    body('ControlIndicatorIssued', id, { regionCode, year, category: 'ROAD_TRAFFIC', cap }),
  designated: (id: string, communityCode: string, designatedOn: string, validUntil: string) =>
    body('CommunityDesignated', id, { communityCode, level: 'PROVINCIAL', designatedOn, validUntil }),
};
