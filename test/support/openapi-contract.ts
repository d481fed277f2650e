// Checks real responses against the OpenAPI document the API publishes: the status must be documented
// for the route, and the body must match its schema with no undocumented field (every object is closed
// here, after inlining $refs and merging allOf, so a field the document forgot fails the test).

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { expect } from 'vitest';

type Schema = { [key: string]: unknown };
interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
}

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function hasObjectType(schema: Schema): boolean {
  const type = schema.type;
  return type === 'object' || (Array.isArray(type) && type.includes('object'));
}

/** Inlines $refs, merges allOf into one object schema, and closes objects without additionalProperties. */
function normalize(doc: OpenApiDocument, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unresolved ${ref}`);
    const { $ref: _ignored, ...rest } = schema;
    return normalize(doc, { ...target, ...rest });
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.filter(isSchema).map((part) => normalize(doc, part));
    const { allOf: _ignored, ...rest } = schema;
    const merged: Schema = { type: 'object', ...rest, properties: {}, required: [] };
    for (const part of parts) {
      Object.assign(merged.properties as Schema, part.properties ?? {});
      (merged.required as string[]).push(...((part.required as string[] | undefined) ?? []));
      if (part.additionalProperties !== false && part.additionalProperties !== undefined) {
        merged.additionalProperties = part.additionalProperties;
      }
    }
    return close(merged);
  }
  const out: Schema = { ...schema };
  if (isSchema(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([key, value]) => [
        key,
        isSchema(value) ? normalize(doc, value) : value,
      ]),
    );
  }
  if (isSchema(out.items)) out.items = normalize(doc, out.items);
  if (isSchema(out.additionalProperties)) out.additionalProperties = normalize(doc, out.additionalProperties);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = out[key];
    if (Array.isArray(branches))
      out[key] = branches.map((branch) => (isSchema(branch) ? normalize(doc, branch) : branch));
  }
  return close(out);
}

function close(schema: Schema): Schema {
  if (hasObjectType(schema) && isSchema(schema.properties) && schema.additionalProperties === undefined) {
    return { ...schema, additionalProperties: false };
  }
  return schema;
}

/** The string formats the document uses, checked rather than ignored. */
const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

function validator(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  for (const [name, pattern] of Object.entries(FORMATS)) ajv.addFormat(name, pattern);
  return ajv;
}

export class ContractChecker {
  private readonly ajv = validator();
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Every method, route and status a test checked, to show which routes were covered. */
  readonly seen = new Set<string>();

  constructor(readonly doc: OpenApiDocument) {}

  /** Validates a response of `method template` (e.g. 'get', '/companies/{id}') against the document. */
  async check(method: string, template: string, response: Response): Promise<unknown> {
    const status = String(response.status);
    const operation = this.doc.paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is not in the document`).toBeDefined();
    const documented = operation?.responses[status];
    expect(
      documented,
      `${method} ${template} answered ${status}, which the document does not list`,
    ).toBeDefined();
    const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const body: unknown = await response.clone().json();
    const schema = documented?.content?.[type]?.schema;
    expect(schema, `${method} ${template} ${status}: no schema for ${type}`).toBeDefined();
    const key = `${method} ${template} ${status} ${type}`;
    let validate = this.compiled.get(key);
    if (!validate && schema) {
      validate = this.ajv.compile(normalize(this.doc, schema));
      this.compiled.set(key, validate);
    }
    const valid = validate?.(body);
    expect(validate?.errors ?? [], `${key}: ${JSON.stringify(body).slice(0, 500)}`).toEqual([]);
    expect(valid).toBe(true);
    this.seen.add(`${method.toLowerCase()} ${template}`);
    return body;
  }
}
