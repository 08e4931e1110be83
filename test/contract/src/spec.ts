/**
 * What the contract suite reads from the bundled spec beyond @jobs-api/test-helpers (the spec,
 * its operations and Ajv validators compiled from it): enums, each target endpoint's request and
 * answer schemas, and the error paths the server must report. Nothing here restates a schema.
 */
import { deref, describeErrors, schemas, spec, validatorFor, validatorOf, type JsonObject } from '@jobs-api/test-helpers';

/** A templated spec path as Express writes it: `/v1/jobs/{job_id}` → `/v1/jobs/:job_id`. */
export function expressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
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
