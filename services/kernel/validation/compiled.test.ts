// The compiled validators (compiled.ts) must answer exactly as the interpreted reference (zod
// models plus the rules' table, test/kits/referenceValidation.ts): same errors (index, path,
// message, order), same accepted bodies with defaults applied, on valid and invalid events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSchemaFiles } from '../avro/schemaFiles';
import type { AvroField, AvroRecordSchema } from '../avro/schemaTypes';
import type { EventType } from '../events.generated';
import { createEventValidation } from './eventValidation';
import { compileBodyValidator, codePointLength, validatorSource } from './compiled';
import { createReferenceValidation } from '../../../test/kits/referenceValidation';
import { NOW, VALID_EVENTS } from '../../../test/kits/validEvents';

const schemas = readSchemaFiles().current;
const compiled = createEventValidation(schemas);
const reference = createReferenceValidation(schemas);
const hubFields = ['eventId', 'agency', 'receivedAt'];
const symbols = [...new Set(schemas.flatMap((s) => s.fields.flatMap((f) => enumSymbolsOf(f))))];

function enumSymbolsOf(field: AvroField): string[] {
  const t = field.type as { type?: string; symbols?: string[]; items?: { symbols?: string[] } };
  return t.symbols ?? t.items?.symbols ?? [];
}

/** Sets a key as an own property, `__proto__` included (assignment would set the prototype). */
function withKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// Numbers around every bound of the schemas and of zod's integer checks.
const edgeNumber = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1.5, -0.5, 2, 120, 121, 1999, 2000, 2100, 2101, 1e-300),
  fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 52, 2 ** 52 + 1, -(2 ** 52) - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2),
  fc.constantFrom(1e20, -1e20, 1e308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.integer(),
  fc.integer({ min: -3, max: 130 }),
  fc.double(),
);

// Date-times and dates from parts that are sometimes out of range, plus stray variants.
const digits = (width: number, max: number) => fc.integer({ min: 0, max }).map((n) => pad(n, width));
const offset = fc.oneof(
  fc.constantFrom('Z', '+08:00', '-05:30', '+00:00', '+24:00', '+23:59', '-00:60', 'z', '+0800', '+08', ''),
  fc.tuple(fc.constantFrom('+', '-'), digits(2, 25), digits(2, 61)).map(([s, h, m]) => `${s}${h}:${m}`),
);
const dateParts = fc.tuple(
  fc.oneof(fc.constantFrom('2024', '2025', '2026', '1900', '2000', '2100', '0000', '0099', '9999'), digits(4, 9999)),
  fc.oneof(fc.constantFrom('01', '02', '12', '00', '13'), digits(2, 99)),
  fc.oneof(fc.constantFrom('01', '28', '29', '30', '31', '00', '32'), digits(2, 99)),
);
const dateText = fc.oneof(
  dateParts.map(([y, m, d]) => `${y}-${m}-${d}`),
  fc.constantFrom('2025-3-1', '2025-03-01T00:00:00Z', ' 2025-03-01', '2025-03-01\n', '２０２５-03-01', '2025/03/01', '20250301'),
);
const dateTimeText = fc.oneof(
  fc
    .tuple(
      dateParts,
      fc.oneof(fc.constantFrom('00', '08', '23', '24'), digits(2, 99)),
      fc.oneof(fc.constantFrom('00', '59', '60'), digits(2, 99)),
      fc.oneof(fc.constantFrom('00', '59', '60'), digits(2, 99)),
      fc.oneof(fc.constant(''), fc.constantFrom('.5', '.123', '.1234567', '.'), digits(3, 999).map((f) => `.${f}`)),
      offset,
    )
    .map(([[y, mo, d], h, mi, s, frac, off]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${off}`),
  // Around now and its 5-minute tolerance (NOW is 04:00Z; 12:00+08:00 is the same instant).
  fc.integer({ min: -600, max: 600 }).map((sec) => new Date(NOW.getTime() + 300_000 + sec * 1000).toISOString()),
  fc.integer({ min: -2, max: 2 }).map((ms) => new Date(NOW.getTime() + 300_000 + ms).toISOString()),
  fc.constantFrom('2025-03-01T12:05:00+08:00', '2025-03-01T12:05:00.001+08:00', '2025-03-01T12:04:59.999+08:00', '2025-03-01t08:30:00Z', '2025-03-01 08:30:00Z'),
);

const idLike = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._:-]{0,66}$/),
  fc.constantFrom('', 'a'.repeat(64), 'a'.repeat(65), 'JJ 1', 'JJ/1', '甲-1'),
);
const codeLike = fc.oneof(
  fc.stringMatching(/^\d{1,12}$/),
  fc.constantFrom('610902001', '6109', '61', '610902', '61090200', '6109020011', '61090200a', '６１０９０２００１', '610902001\n'),
);
const freeText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('当事人110105194912310021', '请联系13812345678', '139-1234-5678', '整改期 2013.05.01-2014.06.30', '楼道堆放杂物', '１３９１２３４５６７８'),
  // Lengths around 100, 200 and 500 code points, some of them surrogate pairs (one code point, two units).
  fc.tuple(fc.constantFrom(99, 100, 101, 199, 200, 201, 499, 500, 501, 250, 251), fc.constantFrom('a', '字', '😀')).map(([n, c]) => c.repeat(n)),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('😀', '\ud83d', '\ude00', '字')).map(([n, c]) => c.repeat(n)),
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 3, arbitrary: edgeNumber },
  { weight: 2, arbitrary: dateTimeText },
  { weight: 2, arbitrary: dateText },
  { weight: 2, arbitrary: idLike },
  { weight: 2, arbitrary: codeLike },
  { weight: 2, arbitrary: freeText },
  { weight: 2, arbitrary: fc.constantFrom(...symbols, 'speeding', 'OTHER ', true, false, null, undefined) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.array(fc.oneof(fc.constantFrom(...symbols), fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 }),
      fc.constantFrom([], [undefined], { length: 0 }, { length: 'x' }, { length: 600 }, '', 'x'.repeat(600)),
    ),
  },
);

/** A valid value for a field (so that mutations land on otherwise valid events). */
function validValue(field: AvroField): fc.Arbitrary<unknown> {
  const symbolsOf = enumSymbolsOf(field);
  const t = typeof field.type === 'string' ? field.type : (field.type as { type: string }).type;
  if (t === 'array') return fc.uniqueArray(fc.constantFrom(...symbolsOf), { minLength: 1, maxLength: symbolsOf.length });
  if (t === 'enum') return fc.constantFrom(...symbolsOf);
  if (t === 'boolean') return fc.boolean();
  if (t === 'int' || t === 'long') return fc.integer({ min: field.minimum ?? 0, max: field.maximum ?? 1_000_000 });
  if (t === 'double') return fc.double({ min: field.exclusiveMinimum ?? field.minimum ?? 0, max: 1e9, noNaN: true, minExcluded: field.exclusiveMinimum !== undefined });
  switch (field.format) {
    case 'date':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: NOW, noInvalidDate: true }).map((d) => d.toISOString());
    case 'record-id':
      return fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);
    case 'community-code':
      return fc.constantFrom('610902001', '110105001');
    case 'region-code':
      return fc.constantFrom('61', '6109', '610902', '610902001');
    default:
      return fc.constantFrom('楼道堆放杂物', 'Fire exit blocked', '3 号楼 2 单元');
  }
}

function eventOf(schema: AvroRecordSchema, maxEdits = 4): fc.Arbitrary<unknown> {
  const fields = schema.fields.filter((f) => !f.hubAssigned);
  const keys = [...fields.map((f) => f.name), 'type', ...hubFields, '__proto__', 'constructor', 'toString', '0', '10', 'x.y', 'extra'];
  const valid = fc.record(Object.fromEntries(fields.map((f) => [f.name, validValue(f)])) as Record<string, fc.Arbitrary<unknown>>, {
    requiredKeys: fields.filter((f) => f.default === undefined).map((f) => f.name),
  });
  const edit = fc.oneof(
    fc.tuple(fc.constant('set' as const), fc.constantFrom(...keys), anyValue),
    fc.tuple(fc.constant('delete' as const), fc.constantFrom(...keys), fc.constant(undefined)),
  );
  return fc.tuple(valid, fc.array(edit, { maxLength: maxEdits }), fc.boolean()).map(([body, edits, fromKit]) => {
    const base: Record<string, unknown> = fromKit ? { ...VALID_EVENTS[schema.name as EventType] } : { type: schema.name, ...body };
    for (const [op, key, value] of edits) {
      if (op === 'delete') delete base[key];
      else withKey(base, key, value);
    }
    return base;
  });
}

const anyEvent = fc.oneof(...schemas.map((s) => eventOf(s)));
const anyNow = fc.oneof(fc.constant(NOW), fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }));
const anyInput = fc.oneof(
  { weight: 4, arbitrary: anyEvent },
  { weight: 4, arbitrary: fc.array(anyEvent, { minLength: 1, maxLength: 6 }).map((events) => ({ events })) },
  { weight: 1, arbitrary: fc.tuple(fc.array(anyEvent, { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })).map(([events, extra]) => ({ ...extra, events })) },
  { weight: 1, arbitrary: fc.anything() },
);

describe('compiled validators agree with the interpreted reference', () => {
  it('on random valid and invalid events, batches and bodies', () => {
    fc.assert(
      fc.property(anyInput, anyNow, (input, now) => {
        expect(compiled.validateEvents(input, { now })).toStrictEqual(reference.validateEvents(input, { now }));
      }),
      { numRuns: 3000 },
    );
  });

  it('on random events that are valid except by chance', () => {
    // given only valid field values (no edits), most events pass; both must accept the same ones
    const validOnly = fc.oneof(...schemas.map((s) => eventOf(s, 0)));
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(validOnly, { minLength: 1, maxLength: 20 }), (events) => {
        const answer = compiled.validateEvents({ events }, { now: NOW });
        expect(answer).toStrictEqual(reference.validateEvents({ events }, { now: NOW }));
        if (answer.ok) accepted++;
      }),
      { numRuns: 300 },
    );
    // then the property really saw accepted batches, not only errors
    expect(accepted).toBeGreaterThan(0);
  });

  it.each([
    ['a string field given an empty array (type and length errors)', { ...VALID_EVENTS.HazardIdentified, description: [] }],
    ['a string field given an object with a length', { ...VALID_EVENTS.HazardIdentified, description: { length: 900 } }],
    ['an array field given an empty string', { ...VALID_EVENTS.PromotionProjectRegistered, targetGroups: '' }],
    ['an integer beyond the safe range', { ...VALID_EVENTS.TrafficCrashReported, deaths: 1e20, injuries: -(2 ** 53) - 2 }],
    ['a fractional integer below its minimum', { ...VALID_EVENTS.TrafficCrashReported, vehicles: -0.5 }],
    ['a long beyond 2^52', { ...VALID_EVENTS.CommunityRegistered, population: 2 ** 52 + 1 }],
    ['500 emoji (1000 UTF-16 units) in a 500-character field', { ...VALID_EVENTS.HazardIdentified, description: '😀'.repeat(500) }],
    ['501 emoji in a 500-character field', { ...VALID_EVENTS.HazardIdentified, description: '😀'.repeat(501) }],
    ['a present key holding undefined where a default applies', { ...VALID_EVENTS.TrafficCrashReported, revision: undefined }],
    ['an own __proto__ key', withKey({ ...VALID_EVENTS.TrafficCrashReported }, '__proto__', { deaths: 1 })],
    ['integer-like unknown keys (listed first, in numeric order)', { ...VALID_EVENTS.TrafficCrashReported, b: 1, 10: 1, 2: 1 }],
    ['a broken pair rule beside broken fields', { ...VALID_EVENTS.ProductionAccidentReported, seriousInjuries: 9, injuries: 2, deaths: 'x' }],
    ['a future occurrence that is also an unknown-field event', { ...VALID_EVENTS.TrafficCrashReported, occurredAt: '2025-03-01T12:05:00.001+08:00', x: 1 }],
    ['an agreement ending before it starts', { ...VALID_EVENTS.SharingAgreementGranted, validFrom: '2025-05-01', validUntil: '2025-04-30' }],
  ])('on %s', (_what, body) => {
    const answer = compiled.validateEvents({ events: [VALID_EVENTS.FireIncidentReported, body] }, { now: NOW });
    expect(answer).toStrictEqual(reference.validateEvents({ events: [VALID_EVENTS.FireIncidentReported, body] }, { now: NOW }));
  });

  it('reports a string field given an empty array twice, as zod does: not a string, and empty', () => {
    const answer = compiled.validateEvents({ ...VALID_EVENTS.HazardIdentified, description: [] }, { now: NOW });
    expect(answer).toEqual({
      ok: false,
      omittedErrors: 0,
      errors: [
        { index: 0, path: 'description', message: 'must be a string' },
        { index: 0, path: 'description', message: 'must not be empty' },
      ],
    });
  });
});

describe('compiling', () => {
  it('counts code points as zod does (a lone surrogate is one)', () => {
    expect([codePointLength(''), codePointLength('字'), codePointLength('😀'), codePointLength('\ud83d'), codePointLength('\ude00\ud83d'), codePointLength('a😀b')]).toEqual([
      0, 1, 1, 1, 2, 3,
    ]);
  });

  it('refuses a field name that is not an Avro name, before generating code', () => {
    const schema = { ...schemas[0]!, fields: [...schemas[0]!.fields, { name: 'x"]; evil(); ["', type: 'string' }] } as AvroRecordSchema;
    expect(() => compileBodyValidator(schema, new Set())).toThrow(/not an Avro name/);
  });

  it('refuses a type the HTTP edge has no check for', () => {
    const schema = { ...schemas[0]!, fields: [...schemas[0]!.fields, { name: 'blob', type: 'bytes' }] } as AvroRecordSchema;
    expect(() => validatorSource(schema)).toThrow(/no model for Avro type/);
  });
});
