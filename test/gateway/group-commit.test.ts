// Concurrent requests through the embedded gateways are committed together (group commit), each
// still all or nothing: a request that loses a race on a record takes none of the others down,
// and every 202 is answered only once its events are in the store.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStream } from '../../services/kernel/bus/eventBus';
import { eventIdFor } from '../../services/kernel/eventId';
import { publish, startTestHub, type TestHub } from '../support/inProcessHub';

const uid = () => randomUUID().slice(0, 8);
const crash = (sourceRecordId = `GC-${uid()}`) => ({
  type: 'TrafficCrashReported', sourceRecordId, communityCode: '610902001',
  occurredAt: '2025-03-01T08:00:00+08:00', deaths: 0, injuries: 1, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'OTHER',
});
const publicSecurityCase = (sourceRecordId: string) => ({
  type: 'PublicSecurityCaseRecorded', sourceRecordId, communityCode: '610902001', occurredAt: '2025-03-01T08:00:00+08:00',
  caseKind: 'CRIMINAL', offense: 'THEFT', deaths: 0, injuries: 0, placeType: 'HOME',
});

for (const writer of ['thread', 'inline'] as const) {
  describe(`embedded group commit (${writer} writer)`, () => {
    let t: TestHub;
    beforeAll(async () => {
      t = await startTestHub({ HUB_SQLITE_WRITER: writer });
    });
    afterAll(async () => {
      await t.close();
    });

    /** The event ids the store holds for these police records. */
    async function storedIds(records: string[]): Promise<Set<string>> {
      const ids = new Set<string>();
      for (const record of records) for (const e of await t.hub.store!.readStream(recordStream('police', record))) ids.add(e.eventId);
      return ids;
    }

    it('records every concurrent batch but the one whose record another batch created first, and nothing of that one', async () => {
      // given six batches sent at once; two of them create the same record under different types
      const contested = `GC-${uid()}`;
      const batches: Array<Array<Record<string, unknown>>> = Array.from({ length: 4 }, () => Array.from({ length: 25 }, () => crash()));
      batches.push([crash(), crash(contested), crash()]);
      batches.push([crash(), publicSecurityCase(contested), crash()]);
      // when they are published concurrently, checking the store as each answer arrives
      const answers = await Promise.all(
        batches.map(async (events) => {
          const res = await publish(t.baseUrl, 'police', { events });
          const stored = await storedIds(events.map((e) => e.sourceRecordId as string));
          return { status: res.status, stored };
        }),
      );
      // then the plain batches are accepted, and exactly one of the contested two
      expect(answers.slice(0, 4).map((a) => a.status)).toEqual([202, 202, 202, 202]);
      expect(answers.slice(4).map((a) => a.status).sort()).toEqual([202, 409]);
      const loser = answers[4]!.status === 409 ? 4 : 5;
      // every accepted event was in the store when its 202 arrived
      answers.forEach((a, i) => {
        if (a.status !== 202) return;
        for (const e of batches[i]!) expect(a.stored.has(eventIdFor('police', e.sourceRecordId as string, 1))).toBe(true);
      });
      // and nothing of the refused batch is stored, not even its uncontested records
      const all = await storedIds(batches.flat().map((e) => e.sourceRecordId as string));
      batches[loser]!.forEach((e, index) => {
        if (e.sourceRecordId === contested) return; // the winner's event has this id
        expect(all.has(eventIdFor('police', e.sourceRecordId as string, 1)), `event ${index} of the refused batch`).toBe(false);
      });
      const contestedStream = await t.hub.store!.readStream(recordStream('police', contested));
      expect(contestedStream.map((e) => e.type)).toEqual([batches[9 - loser]![1]!.type]);
    });
  });
}
