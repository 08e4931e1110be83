/**
 * The bundled spec (packages/api-types/generated/openapi.json: what the server, the mock and the
 * docs read) and Ajv validators compiled from it at test time. Nothing here restates a schema:
 * every shape a suite checks is looked up in the spec, so a change to the spec changes the checks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

/* eslint-disable @typescript-eslint/no-explicit-any -- the spec is read as untyped JSON (it is checked by its own lint) */
/** A node of the spec, read without a type per OpenAPI object (the spec is checked by its own lint). */
export type JsonObject = Record<string, any>;

const require = createRequire(import.meta.url);
export const SPEC_JSON_PATH = require.resolve('@jobs-api/api-types/openapi.json');
export const SPEC_YAML_PATH = require.resolve('@jobs-api/api-types/openapi.yaml');
export const spec = JSON.parse(readFileSync(SPEC_JSON_PATH, 'utf8')) as JsonObject;
export const schemas = spec.components.schemas as Record<string, JsonObject>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** An operation of the spec as it is written there. */
export interface Operation {
  operationId: string;
  /** Lower case, as in the spec. */
  method: HttpMethod;
  /** The templated path, e.g. `/v1/jobs/{job_id}`. */
  path: string;
  summary: string;
  /** The operation object itself. */
  definition: JsonObject;
  /** Path-level and operation-level parameters, `$ref`s resolved. */
  parameters: JsonObject[];
}

/** Follows local `$ref`s (`#/components/...`) until it reaches the object itself. */
export function deref<T = JsonObject>(value: unknown): T {
  let current = value as any;
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

/** The `application/json` content of an operation's answer with `status` (exact status, else `default`), or undefined. */
export function responseContent(operation: Operation, status: number): JsonObject | undefined {
  const responses = operation.definition.responses as Record<string, unknown>;
  const response = responses[String(status)] ?? responses.default;
  if (!response) return undefined;
  const content = deref<JsonObject>(response).content;
  // A stream answers text/event-stream (its schema is a string; each event's data is an Event).
  return content?.['application/json'] ?? content?.[EVENT_STREAM_MEDIA];
}

/** The media type of the job event stream (`streamJobEvents`). */
export const EVENT_STREAM_MEDIA = 'text/event-stream';

/** Whether an operation's 2xx answer is the event stream rather than JSON. */
export function answersEventStream(operation: Operation): boolean {
  const responses = operation.definition.responses as Record<string, unknown>;
  return Object.entries(responses).some(([status, r]) => /^2/.test(status) && deref<JsonObject>(r).content?.[EVENT_STREAM_MEDIA] !== undefined);
}

/** The events of an SSE body: each frame's `id`, `event` and parsed `data`. */
export function parseEventStream(text: string): Array<{ id?: string; event?: string; data: unknown }> {
  return text
    .split(/\n\n/)
    .map((frame) => frame.split('\n').filter((line) => line && !line.startsWith(':')))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
      const data = field('data');
      return { id: field('id'), event: field('event'), data: data === undefined ? undefined : JSON.parse(data) };
    });
}

/** The JSON schema of an operation's answer with `status` (exact status, else `default`), or undefined. */
export function responseSchema(operation: Operation, status: number): JsonObject | undefined {
  return responseContent(operation, status)?.schema;
}

// --- Validation --------------------------------------------------------------------------------
// The component schemas are registered as one JSON Schema document (`$defs`) with their refs
// rewritten to point into it: Ajv compiles documents, and the OpenAPI document's other keys
// (`openapi`, `paths`...) are not schema (unknown keywords in strict mode).
const SCHEMAS_ID = 'https://jobs-api.invalid/openapi/components.json';
const withAjvRefs = <T>(schema: T): T => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${SCHEMAS_ID}#/$defs/`)) as T;

const ajv = new Ajv2020({
  allErrors: true,
  // The unions are `oneOf` + `discriminator` without a mapping, as the server's validator reads them (docs/architecture.md, "The API").
  discriminator: true,
  // Unknown keywords and formats stay errors. Relaxed only for valid OpenAPI 3.1 that strict mode
  // frowns upon: union types (`type: [x, "null"]`), `discriminator` without a sibling
  // `type: object`, and `required` in a `oneOf` branch naming a property declared next to the `oneOf`.
  strict: true,
  strictTypes: false,
  strictRequired: false,
});
// ajv-formats is CommonJS: under NodeNext its default export is `module.exports`, whose `default` is the plugin.
ajvFormats.default(ajv);
// The spec's own extensions (the error and warning code catalogues) are annotations, not assertions.
for (const keyword of ['x-error-codes', 'x-warning-codes']) ajv.addKeyword({ keyword, schemaType: 'object' });
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
export function validatorOf(name: string): ValidateFunction {
  if (!schemas[name]) throw new Error(`no components.schemas.${name} in the bundled spec`);
  return validatorFor({ $ref: `#/components/schemas/${name}` });
}

/** Ajv's errors, one readable line each. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ');
}
