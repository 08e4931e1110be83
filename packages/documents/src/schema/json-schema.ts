import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { invalidRequest } from '../errors.js';
import { linearRegExpEngine } from './linear-regexp.js';

/** A JSON Schema object as received (untyped JSON). */
export type JsonSchema = Record<string, unknown>;

// ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function createAjv(): Ajv {
  // strict: false because user schemas carry vendor keywords ("X-SystemPrompt") and loose
  // combinations that Ajv's strict mode rejects though they are valid JSON Schema.
  // `pattern` keywords come from users: evaluated in linear time (see linear-regexp.ts).
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true, code: { regExp: linearRegExpEngine } });
  addFormats(ajv);
  return ajv;
}

/** The draft keyword is dropped: Ajv's default (draft-07) validator reads 2019/2020 schemas' common subset. */
function withoutDraft(schema: JsonSchema): JsonSchema {
  const { $schema: _draft, $id: _id, ...rest } = schema;
  return rest;
}

/** Compiles a schema, turning a broken one into a 400 naming Ajv's complaint. */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  try {
    return createAjv().compile(withoutDraft(schema));
  } catch (error) {
    throw invalidRequest(`json_schema is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** True when `schema` compiles as a JSON Schema. */
export function isValidJsonSchema(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return false;
  try {
    createAjv().compile(withoutDraft(schema as JsonSchema));
    return true;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nullable(schema: unknown): unknown {
  return { anyOf: [allowNullsInside(schema), { type: 'null' }] };
}

function allowNullsInside(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const copy: JsonSchema = { ...schema };
  if (isObject(schema.properties)) {
    copy.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, child]) => [name, nullable(child)]));
  }
  if (schema.items !== undefined) copy.items = Array.isArray(schema.items) ? schema.items.map(nullable) : nullable(schema.items);
  for (const keyword of ['$defs', 'definitions'] as const) {
    if (isObject(schema[keyword])) {
      copy[keyword] = Object.fromEntries(Object.entries(schema[keyword]).map(([name, child]) => [name, allowNullsInside(child)]));
    }
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(schema[keyword])) copy[keyword] = (schema[keyword] as unknown[]).map(allowNullsInside);
  }
  return copy;
}

/**
 * The schema with `null` allowed for every property and array item, at any depth:
 * what "validates apart from not-found nulls" means, and the `response_format` schema
 * sent to providers so they can say "not found" too.
 */
export function allowNulls(schema: JsonSchema): JsonSchema {
  return allowNullsInside(schema) as JsonSchema;
}

/** Resolves a local `$ref` (`#/$defs/X`, `#/definitions/X`) against the root schema. */
export function resolveRef(root: JsonSchema, schema: unknown, depth = 0): JsonSchema {
  if (!isObject(schema)) return {};
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/') && depth < 20) {
    let target: unknown = root;
    for (const part of schema.$ref.slice(2).split('/')) {
      target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    const { $ref: _ref, ...siblings } = schema;
    return { ...resolveRef(root, target, depth + 1), ...siblings };
  }
  // anyOf/oneOf [X, null] is how Pydantic writes Optional[X]: read it as X.
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const options = schema[keyword];
    if (Array.isArray(options)) {
      const nonNull = options.filter((option) => !(isObject(option) && option.type === 'null'));
      if (nonNull.length === 1) {
        const { [keyword]: _options, ...siblings } = schema;
        return { ...resolveRef(root, nonNull[0], depth + 1), ...siblings };
      }
    }
  }
  return schema;
}

/** The JSON type a (resolved) schema describes; `unknown` when it does not say. */
export type SchemaKind = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'unknown';

/** The kind of value a resolved schema describes. */
export function schemaKind(schema: JsonSchema): SchemaKind {
  const declared = Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type;
  if (typeof declared === 'string' && ['object', 'array', 'string', 'number', 'integer', 'boolean'].includes(declared)) {
    return declared as SchemaKind;
  }
  if (isObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  if (Array.isArray(schema.enum)) return typeof schema.enum.find((member) => member !== null) === 'number' ? 'number' : 'string';
  return 'unknown';
}

/** Ajv errors as `path: message` strings. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? 'invalid'}`);
}
