/**
 * The bundled spec (packages/api-types/generated/openapi.json, what the server, mock and docs read)
 * and Ajv validators compiled from it at test time. Nothing here restates a schema: every shape
 * the suite checks is looked up in the spec, so a change to the spec changes the checks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type JsonObject = Record<string, any>;

const require = createRequire(import.meta.url);
export const SPEC_JSON_PATH = require.resolve('@jobs-api/api-types/openapi.json');
export const SPEC_YAML_PATH = require.resolve('@jobs-api/api-types/openapi.yaml');
export const spec = JSON.parse(readFileSync(SPEC_JSON_PATH, 'utf8')) as JsonObject;
export const schemas = spec.components.schemas as Record<string, JsonObject>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface Operation {
  operationId: string;
  /** Lower case, as in the spec. */
  method: (typeof HTTP_METHODS)[number];
  /** The templated path, e.g. `/v1/jobs/{job_id}`. */
  path: string;
  /** The same path as Express writes it, e.g. `/v1/jobs/:job_id`. */
  expressPath: string;
  summary: string;
  definition: JsonObject;
  /** Path-level and operation-level parameters, `$ref`s resolved. */
  parameters: JsonObject[];
}

/** Follows local `$ref`s (`#/components/...`) until it reaches the object itself. */
export function deref<T = JsonObject>(value: any): T {
  let current = value;
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are expected in the bundled spec, got ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<any>((node, key) => node?.[key], spec);
    if (current === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return current as T;
}

/** Every operation of the spec, in spec order. */
export const operations: Operation[] = Object.entries(spec.paths as Record<string, JsonObject>).flatMap(([path, item]) =>
  HTTP_METHODS.flatMap((method) => {
    const definition = item[method] as JsonObject | undefined;
    if (!definition) return [];
    return [
      {
        operationId: definition.operationId as string,
        method,
        path,
        expressPath: path.replace(/\{([^}]+)\}/g, ':$1'),
        summary: definition.summary as string,
        definition,
        parameters: [...(item.parameters ?? []), ...(definition.parameters ?? [])].map((p: unknown) => deref(p)),
      },
    ];
  }),
);

export function operationById(operationId: string): Operation {
  const operation = operations.find((o) => o.operationId === operationId);
  if (!operation) throw new Error(`no operation ${operationId} in the bundled spec`);
  return operation;
}

/** The JSON schema of an operation's answer with `status` (exact status, else `default`), or undefined. */
export function responseSchema(operation: Operation, status: number): JsonObject | undefined {
  const responses = operation.definition.responses as Record<string, unknown>;
  const response = responses[String(status)] ?? responses.default;
  if (!response) return undefined;
  return deref<JsonObject>(response).content?.['application/json']?.schema;
}

/** The spec's enum of `components.schemas.<name>`. */
export function enumOf(name: string): string[] {
  const values = schemas[name]?.enum;
  if (!Array.isArray(values)) throw new Error(`components.schemas.${name} has no enum`);
  return values as string[];
}

const refName = (ref: string) => ref.split('/').pop()!;

/**
 * For a target endpoint: the `JobCreate` branch that pins it, the name of its request schema and the
 * schema of its synchronous route's 200 answer (what a completed job's `response.body` must fit).
 */
export function endpointContract(endpoint: string): { branch: string; requestSchema: string; okSchema: JsonObject } {
  const branches = (schemas.JobCreate!.oneOf as { $ref: string }[]).map((b) => refName(b.$ref));
  const branch = branches.find((name) => schemas[name]!.properties?.endpoint?.const === endpoint);
  if (!branch) throw new Error(`no JobCreate branch pins endpoint ${endpoint}`);
  const requestSchema = refName(schemas[branch]!.properties.request.$ref);
  const syncRoute = spec.paths[endpoint]?.post as JsonObject | undefined;
  if (!syncRoute) throw new Error(`no synchronous route POST ${endpoint} in the spec`);
  const okSchema = deref<JsonObject>(syncRoute.responses['200']).content['application/json'].schema as JsonObject;
  return { branch, requestSchema, okSchema };
}

// --- Validation --------------------------------------------------------------------------------
// The component schemas become one JSON Schema document (`$defs`) with refs rewritten into it: Ajv
// compiles documents, and the OpenAPI document's other keys (`openapi`, `paths`) are not schema.
const SCHEMAS_ID = 'https://jobs-api.invalid/contract/components.json';
const withAjvRefs = <T>(schema: T): T => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${SCHEMAS_ID}#/$defs/`)) as T;

const ajv = new Ajv2020({
  allErrors: true,
  // The unions are `oneOf` + `discriminator` without a mapping, as the server's validator reads them.
  discriminator: true,
  // Unknown keywords and formats stay errors. Relaxed only for valid OpenAPI 3.1 that strict mode
  // frowns upon: union types (`type: [x, "null"]`) and `required` inside a `oneOf` branch.
  strict: true,
  strictTypes: false,
  strictRequired: false,
});
// ajv-formats is CommonJS: under NodeNext its default export is `module.exports`, whose `default` is the plugin.
ajvFormats.default(ajv);
ajv.addSchema({ $id: SCHEMAS_ID, $defs: withAjvRefs(schemas) });

const compiled = new Map<string, ValidateFunction>();
/** A validator for a schema of the bundled spec (refs into components allowed); cached by content. */
export function validatorFor(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(withAjvRefs(schema));
    compiled.set(key, validate);
  }
  return validate;
}

/** A validator for `components.schemas.<name>`. */
export const validatorOf = (name: string) => {
  if (!schemas[name]) throw new Error(`no components.schemas.${name} in the bundled spec`);
  return validatorFor({ $ref: `#/components/schemas/${name}` });
};

/** Ajv's errors, one readable line each. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`).join('; ');
}

/** Validates `value` against `schema`; answers the problems ([] when valid). */
export function problemsAgainst(schema: object, value: unknown, what: string): string[] {
  const validate = validatorFor(schema);
  return validate(value) ? [] : [`${what} does not fit the spec: ${describeErrors(validate.errors)}`];
}

/**
 * The paths a validation error must name for `value` against `components.schemas.<name>`, the way
 * the server reports them (express-openapi-validator: `/body` + the instance path, plus the property
 * for `required`, `additionalProperties` and `unevaluatedProperties`).
 */
export function expectedErrorPaths(name: string, value: unknown, prefix = '/body'): string[] {
  const validate = validatorOf(name);
  if (validate(value)) return [];
  const paths = (validate.errors ?? []).map((e) => {
    const property = e.params.missingProperty ?? e.params.additionalProperty ?? e.params.unevaluatedProperty;
    return `${prefix}${e.instancePath}${property === undefined ? '' : `/${property}`}`;
  });
  return [...new Set(paths)].sort();
}
