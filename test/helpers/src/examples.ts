/**
 * The spec's examples as the mock's tests use them: a valid request for every operation (Prism
 * validates requests), and every 2xx answer with its named examples (what Prism serves, picked
 * with `Prefer: example=<name>`).
 */
import { deref, responseContent, type JsonObject, type Operation } from './spec.js';

const JSON_MEDIA = 'application/json';

export interface NamedExample {
  name: string;
  value: unknown;
}

/** A 2xx answer of an operation. */
export interface SuccessResponse {
  status: number;
  schema: JsonObject;
  examples: NamedExample[];
}

/** The named examples of a media type object (its single `example` as `example`). */
function examplesOf(media: JsonObject | undefined): NamedExample[] {
  if (!media) return [];
  if (media.examples) return Object.entries<unknown>(media.examples).map(([name, example]) => ({ name, value: deref(example).value }));
  return media.example === undefined ? [] : [{ name: 'example', value: media.example }];
}

const where = (operation: Operation) => `${operation.method.toUpperCase()} ${operation.path} (${operation.operationId})`;

function exampleValueOf(parameter: JsonObject, operation: Operation): string {
  const value = parameter.example ?? parameter.schema?.examples?.[0] ?? parameter.schema?.example;
  if (value === undefined) throw new Error(`${where(operation)}: parameter ${parameter.name} has no example to call the mock with`);
  return String(value);
}

/** A request path with every path parameter (and required query parameter) filled from its example. */
export function samplePath(operation: Operation): string {
  let path = operation.path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(exampleValueOf(parameter, operation)));
    else if (parameter.in === 'query' && parameter.required) query.set(parameter.name, exampleValueOf(parameter, operation));
  }
  return query.size > 0 ? `${path}?${query}` : path;
}

const requestBodyOf = (operation: Operation): JsonObject | undefined =>
  operation.definition.requestBody ? deref(operation.definition.requestBody) : undefined;

/** Whether the operation's request body is required. */
export function bodyRequired(operation: Operation): boolean {
  return requestBodyOf(operation)?.required === true;
}

/** A valid JSON body: the request body's first named example; `{}` for an optional body without one; undefined without a body. */
export function sampleBody(operation: Operation): unknown {
  const requestBody = requestBodyOf(operation);
  if (!requestBody) return undefined;
  const [first] = examplesOf(requestBody.content?.[JSON_MEDIA]);
  if (requestBody.required === true && !first) throw new Error(`${where(operation)}: its required request body has no example`);
  // Official clients send `{}` where a body is optional (cancel, retry): docs/architecture.md, "Wire compatibility".
  return first?.value ?? {};
}

/** The 2xx answers, lowest status first (Prism answers the first one unless told otherwise). */
export function successes(operation: Operation): SuccessResponse[] {
  const found = Object.keys(operation.definition.responses)
    .filter((status) => /^2\d\d$/.test(status))
    .map((status) => {
      const media = responseContent(operation, Number(status));
      if (!media?.schema) throw new Error(`${where(operation)}: response ${status} has no ${JSON_MEDIA} schema`);
      return { status: Number(status), schema: media.schema as JsonObject, examples: examplesOf(media) };
    })
    .sort((a, b) => a.status - b.status);
  if (found.length === 0) throw new Error(`${where(operation)}: no 2xx response`);
  return found;
}
