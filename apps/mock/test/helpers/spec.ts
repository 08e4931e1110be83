/**
 * The bundled spec as the smoke test reads it: every operation, a valid sample request for it, its
 * 2xx responses with their named examples, and Ajv validators for its schemas.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

interface Reference {
  $ref: string;
}
interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  example?: unknown;
  schema?: { examples?: unknown[]; example?: unknown; default?: unknown };
}
interface ExampleObject {
  summary?: string;
  value: unknown;
}
interface MediaTypeObject {
  schema?: object;
  example?: unknown;
  examples?: Record<string, ExampleObject | Reference>;
}
interface RequestBodyObject {
  required?: boolean;
  content: Record<string, MediaTypeObject>;
}
interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
}
interface OperationObject {
  operationId: string;
  parameters?: (ParameterObject | Reference)[];
  requestBody?: RequestBodyObject | Reference;
  responses: Record<string, ResponseObject | Reference>;
}
type PathItemObject = Partial<Record<(typeof HTTP_METHODS)[number], OperationObject>> & {
  parameters?: (ParameterObject | Reference)[];
};
interface OpenApiDocument {
  paths: Record<string, PathItemObject>;
  components: { schemas: Record<string, object> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const specPath = createRequire(import.meta.url).resolve('@jobs-api/api-types/openapi.json');
export const spec = JSON.parse(readFileSync(specPath, 'utf8')) as OpenApiDocument;

/** Follows local `$ref`s (`#/components/...`) until it reaches the object itself. */
export function deref<T extends object>(value: T | Reference): T {
  let current: unknown = value;
  while (current && typeof current === 'object' && '$ref' in current) {
    const ref = (current as Reference).$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are expected in the bundled spec, got ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], spec);
    if (current === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return current as T;
}

export interface NamedExample {
  name: string;
  value: unknown;
}

export interface SuccessResponse {
  status: number;
  schema: object;
  examples: NamedExample[];
}

export interface Operation {
  operationId: string;
  method: Uppercase<(typeof HTTP_METHODS)[number]>;
  /** The templated path, e.g. `/v1/jobs/{job_id}`. */
  path: string;
  /** A request path with every path parameter (and required query parameter) filled from its example. */
  samplePath: string;
  /** A valid JSON body: the request body's first named example; `{}` for an optional body without one. */
  sampleBody: unknown;
  bodyRequired: boolean;
  /** The 2xx responses, lowest status first (Prism answers the first one unless told otherwise). */
  successes: SuccessResponse[];
}

const JSON_MEDIA = 'application/json';

function examplesOf(media: MediaTypeObject | undefined): NamedExample[] {
  if (!media) return [];
  if (media.examples) return Object.entries(media.examples).map(([name, example]) => ({ name, value: deref(example).value }));
  return media.example === undefined ? [] : [{ name: 'example', value: media.example }];
}

function exampleValueOf(parameter: ParameterObject, where: string): string {
  const value = parameter.example ?? parameter.schema?.examples?.[0] ?? parameter.schema?.example;
  if (value === undefined) throw new Error(`${where}: parameter ${parameter.name} has no example to call the mock with`);
  return String(value);
}

function describeOperation(path: string, method: (typeof HTTP_METHODS)[number], item: PathItemObject, op: OperationObject): Operation {
  const where = `${method.toUpperCase()} ${path} (${op.operationId})`;
  const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(p));
  let samplePath = path;
  const query = new URLSearchParams();
  for (const parameter of parameters) {
    if (parameter.in === 'path') samplePath = samplePath.replace(`{${parameter.name}}`, encodeURIComponent(exampleValueOf(parameter, where)));
    else if (parameter.in === 'query' && parameter.required) query.set(parameter.name, exampleValueOf(parameter, where));
  }
  if (query.size > 0) samplePath += `?${query}`;

  const requestBody = op.requestBody ? deref(op.requestBody) : undefined;
  const bodyRequired = requestBody?.required === true;
  const requestExamples = examplesOf(requestBody?.content[JSON_MEDIA]);
  if (bodyRequired && requestExamples.length === 0) throw new Error(`${where}: its required request body has no example`);
  // Official clients send `{}` where a body is optional (cancel, retry): DESIGN §2.6.
  const sampleBody = requestBody ? (requestExamples[0]?.value ?? {}) : undefined;

  const successes = Object.entries(op.responses)
    .filter(([status]) => /^2\d\d$/.test(status))
    .map(([status, response]) => {
      const media = deref(response).content?.[JSON_MEDIA];
      if (!media?.schema) throw new Error(`${where}: response ${status} has no ${JSON_MEDIA} schema`);
      return { status: Number(status), schema: media.schema, examples: examplesOf(media) };
    })
    .sort((a, b) => a.status - b.status);
  if (successes.length === 0) throw new Error(`${where}: no 2xx response`);

  return { operationId: op.operationId, method: method.toUpperCase() as Operation['method'], path, samplePath, sampleBody, bodyRequired, successes };
}

/** Every operation of the spec, in spec order. */
export const operations: Operation[] = Object.entries(spec.paths).flatMap(([path, item]) =>
  HTTP_METHODS.flatMap((method) => {
    const op = item[method];
    return op ? [describeOperation(path, method, item, op)] : [];
  }),
);

export function operationById(operationId: string): Operation {
  const operation = operations.find((o) => o.operationId === operationId);
  if (!operation) throw new Error(`no operation ${operationId} in the bundled spec`);
  return operation;
}

// --- Validation --------------------------------------------------------------------------------
// The component schemas are registered as one JSON Schema document (`$defs`) with their refs
// rewritten to point into it: Ajv cannot compile a fragment of the OpenAPI document in place (it
// compiles the root, and `openapi`, `paths`... are unknown keywords in strict mode).
const SCHEMAS_ID = 'https://jobs-api.invalid/openapi/components.json';
const withAjvRefs = <T>(schema: T): T =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${SCHEMAS_ID}#/$defs/`)) as T;

const ajv = new Ajv2020({
  allErrors: true,
  // What the server's validator does with our mapping-less discriminators (LIBRARIES.md).
  discriminator: true,
  // Unknown keywords and formats stay errors. Relaxed: union types (`type: [x, "null"]`),
  // `discriminator` without a sibling `type: object`, and `required` in a `oneOf` branch naming a
  // property declared next to the `oneOf`: all valid OpenAPI 3.1 that strict mode frowns upon.
  strict: true,
  strictTypes: false,
  strictRequired: false,
});
// ajv-formats is CommonJS: under NodeNext its default export is `module.exports`, whose `default` is the plugin.
ajvFormats.default(ajv);
ajv.addSchema({ $id: SCHEMAS_ID, $defs: withAjvRefs(spec.components.schemas) });

/** A validator for a schema taken from the bundled spec (refs into components allowed). */
export function validatorFor(schema: object): ValidateFunction {
  return ajv.compile(withAjvRefs(schema));
}

/** The one error shape (`components.schemas.Error`). */
export const validateErrorShape = validatorFor({ $ref: '#/components/schemas/Error' });

/** Ajv's errors as one readable line per failing path. */
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}
