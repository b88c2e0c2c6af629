// The agency gateway over real HTTP (port 0) in front of a real SQLite store: every error
// the contract names gets its status and a problem+json body, and leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { eventIdFor } from '../../services/kernel/eventId';
import { TEST_TOKENS, waitUntilReady } from '../support/hubProcess';
import { publish, startTestHub, type TestHub } from '../support/inProcessHub';
import { checkMetricsText } from '../infra/promtool';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t.close();
});

const uid = () => randomUUID().slice(0, 8);
const crash = (over: Record<string, unknown> = {}) => ({
  type: 'TrafficCrashReported', sourceRecordId: `GA-${uid()}`, communityCode: '610902001',
  occurredAt: '2025-03-01T08:00:00+08:00', deaths: 0, injuries: 1, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'OTHER', ...over,
});
const hazard = (over: Record<string, unknown> = {}) => ({
  type: 'HazardIdentified', sourceRecordId: `HZ-${uid()}`, communityCode: '610902001', occurredAt: '2025-03-01T08:00:00+08:00',
  sector: 'FIRE', level: 'GENERAL', rectifyBy: '2025-04-01', description: '安全出口堵塞', ...over,
});

async function headPosition() {
  return t.hub.store!.headPosition();
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, any>;
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
  return body;
}

describe('agency gateway', () => {
  it('accepts one event with 202 and returns its deterministic event id', async () => {
    const event = crash();
    const res = await publish(t.baseUrl, 'police', event);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, events: [{ sourceRecordId: event.sourceRecordId, revision: 1, eventId: eventIdFor('police', event.sourceRecordId, 1) }] });
  });

  it('accepts a batch in request order and answers a retried request with the same ids, recording once', async () => {
    const events: Array<Record<string, unknown>> = [crash(), crash(), crash({ revision: 3 })];
    const first = await publish(t.baseUrl, 'police', { events });
    expect(first.status).toBe(202);
    const body = (await first.json()) as { events: Array<{ sourceRecordId: string; revision: number }> };
    expect(body.events.map((e) => [e.sourceRecordId, e.revision])).toEqual(events.map((e) => [e.sourceRecordId, e.revision ?? 1]));
    const head = await headPosition();
    const retry = await publish(t.baseUrl, 'police', { events });
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual(body);
    expect(await headPosition()).toBe(head);
  });

  it('rejects the whole batch when one event is invalid, naming index and field, writing nothing', async () => {
    const head = await headPosition();
    const res = await publish(t.baseUrl, 'police', { events: [crash(), crash({ deaths: -1 }), crash({ vehicles: 0 })] });
    const problem = await expectProblem(res, 400);
    expect(problem.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ index: 1, path: 'deaths' }),
      expect.objectContaining({ index: 2, path: 'vehicles' }),
    ]));
    expect(await headPosition()).toBe(head);
  });

  it('rejects unknown fields and hub-assigned fields sent by a bureau', async () => {
    const unknown = await expectProblem(await publish(t.baseUrl, 'police', crash({ driverName: 'x' })), 400);
    expect(unknown.errors[0]).toMatchObject({ index: 0 });
    expect(JSON.stringify(unknown.errors)).toContain('driverName');
    const agencyField = await expectProblem(await publish(t.baseUrl, 'police', crash({ agency: 'fire' })), 400);
    expect(JSON.stringify(agencyField.errors)).toContain('agency');
  });

  it('rejects a resident ID number in free text naming the field but not echoing the value', async () => {
    const id = '61090219900101123X';
    const res = await publish(t.baseUrl, 'safety', hazard({ description: `业主身份证 ${id} 拒不整改` }));
    const problem = await expectProblem(res, 400);
    expect(problem.errors).toEqual([expect.objectContaining({ index: 0, path: 'description' })]);
    expect(JSON.stringify(problem)).not.toContain(id);
  });

  it('rejects a mobile number in free text', async () => {
    const problem = await expectProblem(await publish(t.baseUrl, 'safety', hazard({ description: '联系人电话13912345678' })), 400);
    expect(problem.errors[0]).toMatchObject({ path: 'description' });
  });

  it('rejects an occurrence more than five minutes in the future', async () => {
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    const problem = await expectProblem(await publish(t.baseUrl, 'police', crash({ occurredAt: future })), 400);
    expect(problem.errors[0]).toMatchObject({ path: 'occurredAt' });
  });

  it('answers 401 without a token and with an unknown token', async () => {
    await expectProblem(await publish(t.baseUrl, 'police', crash(), { token: '' }), 401);
    await expectProblem(await publish(t.baseUrl, 'police', crash(), { token: 'unknown-token' }), 401);
  });

  it('answers 403 for a token of another agency and for a type the agency may not publish', async () => {
    const head = await headPosition();
    await expectProblem(await publish(t.baseUrl, 'police', crash(), { token: TEST_TOKENS.fire }), 403);
    const problem = await expectProblem(await publish(t.baseUrl, 'fire', { events: [crash()] }), 403);
    expect(problem.errors).toEqual([expect.objectContaining({ index: 0, path: 'type' })]);
    await expectProblem(await publish(t.baseUrl, 'police', crash(), { token: TEST_TOKENS.committeeNational }), 403);
    expect(await headPosition()).toBe(head);
  });

  it('answers 409 when a revision changes the type of an existing record, writing nothing of the batch', async () => {
    const id = `GA-${uid()}`;
    expect((await publish(t.baseUrl, 'police', crash({ sourceRecordId: id }))).status).toBe(202);
    const head = await headPosition();
    const changed = {
      type: 'PublicSecurityCaseRecorded', sourceRecordId: id, revision: 2, communityCode: '610902001', occurredAt: '2025-03-01T08:00:00+08:00',
      caseKind: 'CRIMINAL', offense: 'THEFT', deaths: 0, injuries: 0, placeType: 'HOME',
    };
    const problem = await expectProblem(await publish(t.baseUrl, 'police', { events: [crash(), changed] }), 409);
    expect(problem.errors).toEqual([expect.objectContaining({ index: 1, path: 'type' })]);
    expect(await headPosition()).toBe(head);
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const big = JSON.stringify({ events: [hazard({ description: 'x'.repeat(1024 * 1024) })] });
    await expectProblem(await publish(t.baseUrl, 'safety', null, { raw: big }), 413);
  });

  it('answers 415 for a body that is not JSON and 400 for malformed JSON', async () => {
    await expectProblem(await publish(t.baseUrl, 'police', null, { raw: 'a,b', contentType: 'text/csv' }), 415);
    await expectProblem(await publish(t.baseUrl, 'police', null, { raw: '{"events": [' }), 400);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'answers an event type named like an inherited property (%s) with 400 naming type',
    async (type) => {
      const head = await headPosition();
      const problem = await expectProblem(await publish(t.baseUrl, 'police', { type, sourceRecordId: `GA-${uid()}` }), 400);
      expect(problem.errors).toEqual([expect.objectContaining({ index: 0, path: 'type' })]);
      expect(await headPosition()).toBe(head);
    },
  );

  it.each(['gzip', 'deflate', 'br'])('answers a corrupt %s body with 400 problem+json', async (encoding) => {
    const res = await fetch(`${t.baseUrl}/agencies/police/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKENS.police}`, 'content-type': 'application/json', 'content-encoding': encoding },
      body: Buffer.from('this is not compressed at all'),
    });
    await expectProblem(res, 400);
  });

  it('accepts a well-formed gzip body', async () => {
    const event = crash();
    const res = await fetch(`${t.baseUrl}/agencies/police/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKENS.police}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(event)),
    });
    expect(res.status).toBe(202);
  });

  it('answers a path that cannot be percent-decoded with 400', async () => {
    const res = await fetch(`${t.baseUrl}/agencies/%zz/v1/event-types`, { headers: { authorization: `Bearer ${TEST_TOKENS.police}` } });
    const problem = await expectProblem(res, 400);
    expect(problem.detail).not.toContain('%zz');
  });

  it('rejects an empty batch and one over 1000 events', async () => {
    await expectProblem(await publish(t.baseUrl, 'police', { events: [] }), 400);
    const many = Array.from({ length: 1001 }, () => crash());
    const problem = await expectProblem(await publish(t.baseUrl, 'police', { events: many }), 400);
    expect(problem.errors[0]).toMatchObject({ path: 'events' });
  });

  it('accepts a full batch of 1000 events', async () => {
    const res = await publish(t.baseUrl, 'police', { events: Array.from({ length: 1000 }, () => crash()) });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { accepted: number }).accepted).toBe(1000);
  });

  it('lists the types an agency may publish with JSON and Avro schemas', async () => {
    const res = await fetch(`${t.baseUrl}/agencies/fire/v1/event-types`, { headers: { authorization: `Bearer ${TEST_TOKENS.fire}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { eventTypes: Array<{ type: string; jsonSchema: any; avroSchema: any }> };
    expect(body.eventTypes.map((e) => e.type).sort()).toEqual(
      ['FireIncidentReported', 'HazardIdentified', 'HazardRectificationExtended', 'HazardRectified', 'RecordWithdrawn', 'SafetyActivityHeld'].sort(),
    );
    const fire = body.eventTypes.find((e) => e.type === 'FireIncidentReported')!;
    expect(fire.avroSchema.name).toBe('FireIncidentReported');
    expect(JSON.stringify(fire.jsonSchema)).toContain('directLossYuan');
  });

  it('counts accepted and rejected events in /metrics with the contract names', async () => {
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(text).toMatch(/hub_events_accepted_total\{agency="police",type="TrafficCrashReported"\} \d+/);
    expect(text).toMatch(/hub_events_rejected_total\{agency="police",reason="[a-z_]+"\} \d+/);
    expect(text).toMatch(/hub_events_recorded_total\{agency="police",type="TrafficCrashReported"\} \d+/);
    expect(text).toMatch(/hub_events_duplicate_total\{agency="police"\} \d+/);
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="POST",route="/agencies/:agency/v1/events",status_code="202"}');
  });

  it('serves a /metrics page that promtool accepts', async () => {
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    const checked = await checkMetricsText(text);
    expect(checked.ok, checked.output).toBe(true);
  });

  it('is alive and ready', async () => {
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    await waitUntilReady(t.baseUrl);
  });
});
