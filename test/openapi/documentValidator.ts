// ajv (draft 2020-12, the dialect of OpenAPI 3.1) over an OpenAPI document: compiles the
// schema found at a path of the document, resolving its #/components/... references.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export type Doc = Record<string, any>;

const BASE = 'openapi.json';

export function documentValidator(doc: Doc) {
  // Strict: an unknown keyword or format in a generated schema fails the compile.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword('x-publishers');
  ajv.addKeyword('components'); // the container below holds schemas, but is none itself
  ajv.addSchema({ $id: BASE, components: doc.components });
  const absolute = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${BASE}#/components/`)) as object;

  return {
    component(name: string): ValidateFunction {
      return ajv.compile({ $ref: `${BASE}#/components/schemas/${name}` });
    },
    response(path: string, method: string, status: number, contentType: string): ValidateFunction {
      const schema = doc.paths?.[path]?.[method]?.responses?.[String(status)]?.content?.[contentType]?.schema;
      if (!schema) throw new Error(`no ${contentType} schema for ${method.toUpperCase()} ${path} ${status}`);
      return ajv.compile(absolute(schema));
    },
    requestBody(path: string, method: string): ValidateFunction {
      return ajv.compile(absolute(doc.paths[path][method].requestBody.content['application/json'].schema));
    },
  };
}

/** ajv's errors in one line, for assertion messages. */
export function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');
}
