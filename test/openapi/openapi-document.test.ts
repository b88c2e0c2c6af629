// The API description (GET /openapi.json): served without a token, OpenAPI 3.1 with every path
// and status of docs/api/gateway.md and committee.md, generated from the models the hub validates with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../services/kernel/openapi';
import { EVENT_TYPES } from '../../services/kernel/events.generated';
import { loadEventValidation } from '../../services/kernel/validation';
import { VALID_EVENTS } from '../kits/validEvents';
import { hazardsQuery, listQuery, overviewQuery } from '../../services/projector/committee/params';
import { startTestHub, type TestHub } from '../support/inProcessHub';
import { documentValidator, errorsOf, type Doc } from './documentValidator';

const EXPECTED_OPERATIONS: Record<string, Record<string, string[]>> = {
  '/agencies/{agency}/v1/events': { post: ['202', '400', '401', '403', '404', '409', '413', '415', '503'] },
  '/agencies/{agency}/v1/event-types': { get: ['200', '401', '403', '404'] },
  '/committee/v1/communities': { get: ['200', '400', '401', '403'] },
  '/committee/v1/communities/{code}/overview': { get: ['200', '400', '401', '403', '404'] },
  '/committee/v1/regions/{regionCode}/summary': { get: ['200', '400', '401', '403'] },
  '/committee/v1/hazards': { get: ['200', '400', '401', '403'] },
  '/committee/v1/designations': { get: ['200', '400', '401', '403'] },
};

const validation = loadEventValidation();
let t: TestHub;
let doc: Doc;
beforeAll(async () => {
  t = await startTestHub();
  const res = await fetch(`${t.baseUrl}/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = (await res.json()) as Doc;
});
afterAll(async () => {
  await t.close();
});

function operations(d: Doc): Array<[string, string, Doc]> {
  return Object.entries(d.paths as Record<string, Doc>).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [path, method, op as Doc] as [string, string, Doc]));
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document with JSON Schema 2020-12 schemas, served without a token', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });

  it('has every path of docs/api/gateway.md and committee.md with exactly its status codes', () => {
    const found = Object.fromEntries(
      Object.entries(doc.paths as Record<string, Doc>).map(([path, item]) => [path, Object.fromEntries(Object.entries(item).map(([m, op]) => [m, Object.keys((op as Doc).responses).sort()]))]),
    );
    expect(found).toEqual(EXPECTED_OPERATIONS);
  });

  it('describes every operation completely: ids, bearer security, path parameters, responses with a body', () => {
    const ids = new Set<string>();
    for (const [path, method, op] of operations(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.operationId, where).toEqual(expect.any(String));
      expect(ids.has(op.operationId), `${where}: operationId ${op.operationId} twice`).toBe(false);
      ids.add(op.operationId);
      expect(op.security, where).toEqual([{ bearer: [] }]);
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(op.parameters.filter((p: Doc) => p.in === 'path').map((p: Doc) => p.name), where).toEqual(pathParams);
      for (const p of op.parameters) expect(p, where).toMatchObject({ name: expect.any(String), in: expect.stringMatching(/^(path|query)$/), schema: expect.any(Object) });
      for (const [status, response] of Object.entries(op.responses as Record<string, Doc>)) {
        expect(response.description, `${where} ${status}`).toEqual(expect.any(String));
        const types = Object.keys(response.content);
        if (Number(status) >= 400) expect(types, `${where} ${status}`).toEqual(['application/problem+json']);
      }
    }
    expect(doc.paths['/agencies/{agency}/v1/events'].post.responses['503'].headers['Retry-After']).toMatchObject({ required: true });
  });

  it('resolves every $ref, and every schema compiles under strict draft 2020-12', () => {
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref') refs.push(v as string);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Doc)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
    const validator = documentValidator(doc);
    for (const name of Object.keys(doc.components.schemas)) expect(() => validator.component(name), name).not.toThrow();
  });

  it("takes the event bodies from the gateway's own models", () => {
    for (const type of EVENT_TYPES) {
      const { 'x-publishers': publishers, ...schema } = doc.components.schemas[type];
      const { $schema: _dialect, ...expected } = validation.jsonSchemaOf(type);
      expect(schema, type).toEqual(expected);
      expect(publishers, type).toEqual(validation.publishersOf(type));
    }
    const body = documentValidator(doc).requestBody('/agencies/{agency}/v1/events', 'post');
    for (const event of Object.values(VALID_EVENTS)) expect(body(event), errorsOf(body)).toBe(true);
    expect(body({ events: Object.values(VALID_EVENTS) }), errorsOf(body)).toBe(true);
    expect(body({ ...VALID_EVENTS.FireIncidentReported, deaths: -1 })).toBe(false);
    expect(body({ ...VALID_EVENTS.FireIncidentReported, eventId: 'x' })).toBe(false);
    expect(body({ events: [] })).toBe(false);
  });

  it("takes the committee parameters from the committee router's models", () => {
    const names = (path: string, place: string) => doc.paths[path].get.parameters.filter((p: Doc) => p.in === place).map((p: Doc) => p.name).sort();
    expect(names('/committee/v1/communities', 'query')).toEqual(Object.keys(listQuery.shape).sort());
    expect(names('/committee/v1/designations', 'query')).toEqual(Object.keys(listQuery.shape).sort());
    expect(names('/committee/v1/hazards', 'query')).toEqual(Object.keys(hazardsQuery.shape).sort());
    expect(names('/committee/v1/communities/{code}/overview', 'query')).toEqual(Object.keys(overviewQuery.shape).sort());
    expect(doc.paths['/committee/v1/hazards'].get.parameters.find((p: Doc) => p.name === 'status').schema).toEqual({
      default: 'open', type: 'string', enum: ['open', 'overdue', 'rectified', 'all'],
    });
  });

  it('describes only the APIs a process serves', () => {
    const gatewayOnly = buildOpenApiDocument({ validation, agencies: ['fire'] }) as Doc;
    expect(Object.keys(gatewayOnly.paths)).toEqual(['/agencies/{agency}/v1/events', '/agencies/{agency}/v1/event-types']);
    expect(gatewayOnly.paths['/agencies/{agency}/v1/events'].post.parameters[0].schema.enum).toEqual(['fire']);
  });
});
