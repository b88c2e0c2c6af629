// Helpers of the exchange tests: bureau requests against a running hub, record builders, and the
// access-log chain check done the way a provider would (recomputing every hash).
import { expect } from 'vitest';
import { createHash } from 'node:crypto';
import type { AccessLogEntry } from '../../services/projector/feed/chain';
import { comparePlaces, decodeCursor } from '../../services/projector/feed/cursor';
import { addDays, localDate } from '../../services/kernel/time';
import { TEST_TOKENS } from '../support/hubProcess';

export type Bureau = 'police' | 'fire' | 'health' | 'transport' | 'safety';

export const today = () => localDate(new Date(), 'Asia/Shanghai');
export const dayOffset = (days: number) => addDays(today(), days);

export function client(baseUrl: () => string, feedUrl: () => string = baseUrl) {
  const auth = (agency: Bureau) => ({ authorization: `Bearer ${TEST_TOKENS[agency]}` });
  return {
    async post(agency: Bureau, events: unknown[]) {
      const res = await fetch(`${baseUrl()}/agencies/${agency}/v1/events`, {
        method: 'POST',
        headers: { ...auth(agency), 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      const body = (await res.json()) as any;
      expect(res.status, JSON.stringify(body)).toBe(202);
      return body;
    },
    async postRaw(agency: Bureau, events: unknown[]) {
      const res = await fetch(`${baseUrl()}/agencies/${agency}/v1/events`, {
        method: 'POST',
        headers: { ...auth(agency), 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      return { status: res.status, body: (await res.json()) as any };
    },
    async get(path: string, token: string) {
      const res = await fetch(`${feedUrl()}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      return { status: res.status, type: res.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : null) as any };
    },
    async feed(agency: Bureau, query: Record<string, string | number | undefined> = {}, as: Bureau = agency) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      const res = await fetch(`${feedUrl()}/agencies/${agency}/v1/feed?${params}`, { headers: auth(as) });
      const body = (await res.json()) as any;
      return { status: res.status, body, events: (body.events ?? []) as FeedEventJson[], next: body.next as string };
    },
    async accessLog(provider: Bureau): Promise<AccessLogEntry[]> {
      const entries: AccessLogEntry[] = [];
      for (;;) {
        const res = await fetch(`${feedUrl()}/agencies/${provider}/v1/access-log?after=${entries.length}&limit=1000`, { headers: auth(provider) });
        expect(res.status).toBe(200);
        const page = ((await res.json()) as { entries: AccessLogEntry[] }).entries;
        entries.push(...page);
        if (page.length < 1000) return entries;
      }
    },
  };
}

export interface FeedEventJson {
  cursor: string;
  agreementId: string;
  eventId: string;
  agency: string;
  type: string;
  receivedAt: string;
  record: Record<string, any>;
}

export const keyOf = (e: FeedEventJson) => `${e.record.sourceRecordId}#${e.record.revision}`;

let seq = 0;
export function uid(prefix: string): string {
  seq += 1;
  return `${prefix}-${process.pid}-${seq}`;
}

export const crash = (id: string, communityCode = '610902001', revision = 1) => ({
  type: 'TrafficCrashReported', sourceRecordId: id, revision, communityCode, occurredAt: '2025-02-28T08:00:00+08:00',
  deaths: 0, injuries: 1, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'SPEEDING',
});
export const policeCase = (id: string) => ({
  type: 'PublicSecurityCaseRecorded', sourceRecordId: id, communityCode: '610902001', occurredAt: '2025-02-28T08:00:00+08:00',
  caseKind: 'CRIMINAL', offense: 'THEFT', deaths: 0, injuries: 0, placeType: 'HOME',
});
export const hazard = (id: string) => ({
  type: 'HazardIdentified', sourceRecordId: id, communityCode: '610902001', occurredAt: '2025-02-01T08:00:00+08:00',
  sector: 'ENTERPRISE', level: 'GENERAL', rectifyBy: '2025-03-01', description: 'blocked exit',
});
export const grant = (id: string, consumer: Bureau, types: string[], over: Record<string, unknown> = {}) => ({
  type: 'SharingAgreementGranted', sourceRecordId: id, consumer, types, regionCode: '610902', purpose: 'exchange test',
  validFrom: dayOffset(-30), validUntil: dayOffset(365), ...over,
});
export const revoke = (id: string, agreementRecordId: string) => ({
  type: 'SharingAgreementRevoked', sourceRecordId: id, agreementRecordId, reason: 'ended by the provider',
});

/** Recomputes every hash of a provider's chain from seq 1, as the provider would. */
export function expectValidChain(entries: readonly AccessLogEntry[]): void {
  let prev = '0'.repeat(64);
  entries.forEach((entry, i) => {
    expect(Object.keys(entry)).toEqual(['seq', 'at', 'provider', 'consumer', 'tokenId', 'agreementIds', 'events', 'firstCursor', 'lastCursor', 'prevHash', 'hash']);
    expect(entry.seq).toBe(i + 1);
    expect(entry.prevHash).toBe(prev);
    const { hash, ...rest } = entry;
    // The served keys are in the published order (checked above), so the served JSON minus hash is the hashed text.
    expect(hash).toBe(createHash('sha256').update(`${prev}\n${JSON.stringify(rest)}`).digest('hex'));
    prev = hash;
  });
}

/** Whether the entries of a provider cover a served event (its place between the first and last cursor of an entry for the consumer). */
export function covered(entries: readonly AccessLogEntry[], consumer: string, cursor: string): boolean {
  const p = decodeCursor(cursor)!;
  return entries.some(
    (e) => e.consumer === consumer && comparePlaces(decodeCursor(e.firstCursor)!, p) <= 0 && comparePlaces(p, decodeCursor(e.lastCursor)!) <= 0,
  );
}

/**
 * A consumer reading its feed in `limit`-event pages for as long as the hub answers: `done`
 * resolves once an answer is not 200 or the connection fails (the process was killed).
 */
export function readUntilGone(api: ReturnType<typeof client>, consumer: Bureau, limit: number) {
  const received: FeedEventJson[] = [];
  let pages = 0;
  const done = (async () => {
    let after: string | undefined;
    for (;;) {
      try {
        const page = await api.feed(consumer, { after, limit });
        if (page.status !== 200) return;
        received.push(...page.events);
        after = page.next;
        pages += 1;
      } catch {
        return; // the process is gone
      }
    }
  })();
  return { received, pages: () => pages, done };
}
