/**
 * Requests for every operation of the spec, in four kinds: schema-driven (fits the spec as far as
 * its keywords say), an example of the spec with one part mutated, a known-nasty body, and
 * parameter or header abuse. Ids of what earlier answers created are reused, so cancel, retry,
 * get and delete reach real records too.
 */
import fc from 'fast-check';
import { deref, operations, sampleBody, type JsonObject, type Operation } from '@jobs-api/test-helpers';
import { NASTY_BODIES, NASTY_DOCUMENTS, NASTY_QUERY_VALUES, NASTY_VALUES } from './corpus.js';
import { arbitraryFor } from './schemaArbitrary.js';

export interface FuzzRequest {
  operation: Operation;
  kind: 'example' | 'schema' | 'mutated' | 'nasty-body' | 'parameters';
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** Ids earlier 2xx answers handed out, by the path parameter that takes them. */
export type KnownIds = Record<string, string[]>;

const JSON_TYPE = 'application/json';

function bodySchema(operation: Operation): JsonObject | undefined {
  const requestBody = operation.definition.requestBody ? deref<JsonObject>(operation.definition.requestBody) : undefined;
  return requestBody?.content?.[JSON_TYPE]?.schema;
}

/** Replaces the value at a random path of `value` (objects and arrays walked) with `replacement`. */
function plant(value: unknown, choices: number[], replacement: unknown): unknown {
  if (value === null || typeof value !== 'object' || choices.length === 0) return replacement;
  const [choice, ...rest] = choices as [number, ...number[]];
  if (Array.isArray(value)) {
    if (value.length === 0) return [replacement];
    const i = choice % value.length;
    return value.map((v, j) => (j === i ? plant(v, rest, replacement) : v));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return { ...value, injected: replacement };
  const key = keys[choice % keys.length]!;
  const copy: Record<string, unknown> = {};
  for (const k of keys) Object.defineProperty(copy, k, { value: (value as Record<string, unknown>)[k], enumerable: true, writable: true, configurable: true });
  copy[key] = plant(copy[key], rest, replacement);
  return copy;
}

const nastyValue = fc.oneof(fc.constantFrom(...NASTY_VALUES), fc.constantFrom(...NASTY_DOCUMENTS), fc.jsonValue({ maxDepth: 3 }));

/** A mutation of a body: one value replaced, a key dropped, or a key added. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.array(fc.nat(), { maxLength: 6 }), value: nastyValue }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.array(fc.nat(), { maxLength: 4 }) }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.array(fc.nat(), { maxLength: 4 }),
    key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', ''),
    value: nastyValue,
  }),
);

interface Mutation {
  kind: 'replace' | 'drop' | 'add';
  at: number[];
  value?: unknown;
  key?: string;
}

function mutate(body: unknown, m: Mutation): unknown {
  if (m.kind === 'replace') return plant(body, m.at, m.value);
  if (m.kind === 'drop') {
    const parentPath = m.at.slice(0, -1);
    return plant(body, parentPath, dropOne(walk(body, parentPath), m.at.at(-1) ?? 0));
  }
  const target = walk(body, m.at);
  if (target === null || typeof target !== 'object' || Array.isArray(target)) return plant(body, m.at, m.value);
  const copy = { ...target } as Record<string, unknown>;
  Object.defineProperty(copy, m.key!, { value: m.value, enumerable: true, writable: true, configurable: true });
  return plant(body, m.at, copy);
}

function walk(value: unknown, choices: number[]): unknown {
  let current = value;
  for (const choice of choices) {
    if (current === null || typeof current !== 'object') break;
    const entries = Object.values(current);
    if (entries.length === 0) break;
    current = entries[choice % entries.length];
  }
  return current;
}

function dropOne(value: unknown, choice: number): unknown {
  if (Array.isArray(value)) return value.filter((_, i) => i !== choice % Math.max(1, value.length));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const drop = keys[choice % Math.max(1, keys.length)];
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== drop));
}

function pathArbitrary(operation: Operation, known: () => KnownIds): fc.Arbitrary<string> {
  const params = operation.parameters.filter((p) => p.in === 'path');
  if (params.length === 0) return fc.constant(operation.path);
  return fc
    .tuple(...params.map((p) => idArbitrary(p.name, known)))
    .map((values) => params.reduce((path, p, i) => path.replace(`{${p.name}}`, pathSegment(values[i]!)), operation.path));
}

/**
 * A path parameter as one segment. A dot-only id becomes `x…`: the URL parser fetch uses resolves
 * `.` and `..` segments, encoded (`%2E`) or not, so the request would reach another route and its
 * answer be checked against the wrong operation.
 */
function pathSegment(value: string): string {
  const encoded = encodeURIComponent(value);
  return /^(\.|%2e)+$/i.test(encoded) ? `x${encoded}` : encoded;
}

function idArbitrary(name: string, known: () => KnownIds): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.nat().map((n) => known()[name]?.[n % Math.max(1, known()[name]?.length ?? 1)] ?? `${name}_missing`) },
    { weight: 1, arbitrary: fc.constantFrom('job_missing', 'proj_missing', 'x'.repeat(300), '%00', '..', '__proto__', 'job_\u0000', '𝒥') },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).filter((s) => s.length > 0) },
  );
}

function queryArbitrary(operation: Operation, abuse: boolean): fc.Arbitrary<string> {
  const params = operation.parameters.filter((p) => p.in === 'query');
  if (params.length === 0 && !abuse) return fc.constant('');
  const value = (p: JsonObject) =>
    abuse
      ? fc.oneof(fc.constantFrom(...NASTY_QUERY_VALUES), fc.string({ maxLength: 20 }))
      : arbitraryFor(p.schema).map((v) => (Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v)));
  const pairs = params.map((p) =>
    fc.option(
      value(p).map((v) => [p.name, v] as [string, string]),
      { nil: undefined },
    ),
  );
  const extra = abuse
    ? fc.option(fc.constantFrom<[string, string]>(['unknown', '1'], ['limit', '5'], ['access_token', 'sk_wrong']), { nil: undefined })
    : fc.constant(undefined);
  // URLSearchParams writes spaces as `+`, as the official SDKs do.
  return fc.tuple(fc.tuple(...pairs, extra), fc.boolean()).map(([chosen, asPercent]) => {
    const query = new URLSearchParams(chosen.filter((p): p is [string, string] => p !== undefined)).toString();
    return query ? `?${asPercent ? query.replaceAll('+', '%20') : query}` : '';
  });
}

const headerAbuse = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Record<string, string>>({}) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 300 }).map((key) => ({ 'Idempotency-Key': key.replace(/[^\x20-\x7e]/g, 'x') })) },
  { weight: 1, arbitrary: fc.constant({ 'Api-Key': 'sk_wrong_key' }) },
  { weight: 1, arbitrary: fc.constant({ 'Api-Key': '' }) },
);

/** An arbitrary request for `operation`. */
export function requestArbitrary(operation: Operation, known: () => KnownIds): fc.Arbitrary<FuzzRequest> {
  const schema = bodySchema(operation);
  const example = sampleBody(operation);
  const method = operation.method.toUpperCase();
  const base = (kind: FuzzRequest['kind'], abuseQuery: boolean) =>
    fc
      .record({ path: pathArbitrary(operation, known), query: queryArbitrary(operation, abuseQuery), headers: headerAbuse })
      .map(({ path, query, headers }) => ({
        operation,
        kind,
        method,
        path: path + query,
        headers: { ...(schema ? { 'Content-Type': JSON_TYPE } : {}), ...headers },
      }));
  const kinds: fc.Arbitrary<FuzzRequest>[] = [
    fc.tuple(base('schema', false), schema ? arbitraryFor(schema) : fc.constant(undefined)).map(([request, body]) => ({
      ...request,
      body: body === undefined ? (method === 'POST' ? '{}' : undefined) : JSON.stringify(body),
    })),
    fc.tuple(base('parameters', true), schema ? arbitraryFor(schema) : fc.constant(undefined)).map(([request, body]) => ({
      ...request,
      body: body === undefined ? undefined : JSON.stringify(body),
    })),
  ];
  if (schema && example !== undefined) {
    // The spec's own example, unchanged: requests that should succeed, so 2xx paths are fuzzed too.
    kinds.push(base('example', false).map((request) => ({ ...request, body: JSON.stringify(example) })));
  }
  if (schema) {
    const seed = example !== undefined ? fc.oneof(fc.constant(example), arbitraryFor(schema)) : arbitraryFor(schema);
    kinds.push(
      fc.tuple(base('mutated', false), seed, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([request, body, mutations]) => ({
        ...request,
        body: JSON.stringify(mutations.reduce((b, m) => mutate(b, m as Mutation), body)),
      })),
      fc.tuple(base('nasty-body', false), fc.constantFrom(...NASTY_BODIES)).map(([request, nasty]) => ({
        ...request,
        headers: {
          ...request.headers,
          ...(nasty.contentType ? { 'Content-Type': nasty.contentType } : {}),
          ...(nasty.contentEncoding ? { 'Content-Encoding': nasty.contentEncoding } : {}),
        },
        body: nasty.body,
      })),
    );
  }
  return fc.oneof(...kinds);
}

/** Requests over every operation of the spec, evenly. */
export function anyRequest(known: () => KnownIds): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...operations.map((operation) => requestArbitrary(operation, known)));
}

export { operations };
