import fs from 'node:fs';
import path from 'node:path';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { parsingCanonicalForm, schemaFingerprint } from './canonical';
import { SchemaError } from './errors';
import { SPEC_VECTORS } from '../../../test/kits/avroSpecVectors';

const schemasDir = path.resolve(import.meta.dirname, '../../../schemas');

describe('Parsing Canonical Form', () => {
  it.each(SPEC_VECTORS.map((v) => [v.id, v.input, v.canonical] as const))(
    'turns vector %s into the published canonical form',
    (_id, input, expected) => {
      // given a schema as written in the Avro test data
      const schema: unknown = JSON.parse(input);
      // when it is normalised
      // then the text is the published canonical form
      expect(parsingCanonicalForm(schema)).toBe(expected);
    },
  );

  it.each(SPEC_VECTORS.filter((v) => v.fingerprint !== undefined).map((v) => [v.id, v.input, v.fingerprint!] as const))(
    'fingerprints vector %s as published',
    (_id, input, expected) => {
      expect(BigInt.asIntN(64, schemaFingerprint(JSON.parse(input)))).toBe(expected);
    },
  );

  it('ignores docs, defaults and the hub custom attributes', () => {
    // given two schemas differing only in attributes outside the canonical form
    const plain = { type: 'record', name: 'E', namespace: 'n', fields: [{ name: 'deaths', type: 'int' }] };
    const annotated = {
      ...plain,
      doc: 'x',
      publishers: ['police'],
      fields: [{ name: 'deaths', type: 'int', minimum: 0, default: 0, doc: 'y', notInFuture: true }],
    };
    // then their canonical forms and fingerprints are the same
    expect(parsingCanonicalForm(annotated)).toBe(parsingCanonicalForm(plain));
    expect(schemaFingerprint(annotated)).toBe(schemaFingerprint(plain));
  });

  it('qualifies nested names with the enclosing namespace and writes a repeated type by name', () => {
    const schema = {
      type: 'record',
      name: 'Outer',
      namespace: 'a.b',
      fields: [
        { name: 'first', type: { type: 'enum', name: 'Level', symbols: ['LOW'] } },
        { name: 'second', type: 'Level' },
        { name: 'third', type: { type: 'fixed', name: 'x.Id', size: '016' } },
        { name: 'fourth', type: { type: 'record', name: 'Inner', namespace: '', fields: [] } },
      ],
    };
    expect(parsingCanonicalForm(schema)).toBe(
      '{"name":"a.b.Outer","type":"record","fields":[' +
        '{"name":"first","type":{"name":"a.b.Level","type":"enum","symbols":["LOW"]}},' +
        '{"name":"second","type":"a.b.Level"},' +
        '{"name":"third","type":{"name":"x.Id","type":"fixed","size":16}},' +
        '{"name":"fourth","type":{"name":"Inner","type":"record","fields":[]}}]}',
    );
  });

  it('keeps non-ASCII text unescaped', () => {
    expect(parsingCanonicalForm({ type: 'enum', name: 'E', symbols: ['\u77e5'] })).toBe('{"name":"E","type":"enum","symbols":["知"]}');
  });

  it('rejects something that is not a schema', () => {
    expect(() => parsingCanonicalForm(42)).toThrow(SchemaError);
    expect(() => parsingCanonicalForm({ type: 'record', fields: [] })).toThrow(SchemaError);
  });

  it('agrees with avsc on the canonical text of every hub schema', () => {
    // avsc's default schema() export is a canonical form too: an independent cross-check.
    for (const file of fs.readdirSync(schemasDir).filter((f) => f.endsWith('.avsc'))) {
      const schema: unknown = JSON.parse(fs.readFileSync(path.join(schemasDir, file), 'utf8'));
      const viaAvsc = JSON.stringify(avro.Type.forSchema(schema as avro.Schema).schema());
      expect(parsingCanonicalForm(schema), file).toBe(viaAvsc);
    }
  });
});
