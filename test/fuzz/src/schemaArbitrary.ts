/**
 * fast-check arbitraries from the spec's JSON Schemas: a value that fits the schema as far as its
 * keywords say (types, enums, consts, required properties, lengths, bounds, unions), so requests
 * reach the checks behind the validator, not only the validator itself. Sizes are kept small
 * (arrays ≤ 3 items, strings ≤ 40 characters); big and deep values come from the mutations.
 */
import fc from 'fast-check';
import { deref, type JsonObject } from '@jobs-api/test-helpers';

const MAX_DEPTH = 6;

function typesOf(schema: JsonObject): string[] {
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (typeof schema.type === 'string') return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

function stringArbitrary(schema: JsonObject): fc.Arbitrary<string> {
  const examples: unknown[] = [...(schema.examples ?? []), ...(schema.example !== undefined ? [schema.example] : [])];
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  const random = fc.string({ minLength, maxLength, unit: 'grapheme' });
  const stringExamples = examples.filter((e): e is string => typeof e === 'string');
  return stringExamples.length ? fc.oneof(fc.constantFrom(...stringExamples), random) : random;
}

function merged(schema: JsonObject): JsonObject {
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = (schema.allOf as unknown[]).map((part) => merged(deref<JsonObject>(part)));
  const { allOf: _allOf, ...rest } = schema;
  return parts.reduce<JsonObject>(
    (acc, part) => ({
      ...acc,
      ...part,
      properties: { ...acc.properties, ...part.properties },
      required: [...(acc.required ?? []), ...(part.required ?? [])],
    }),
    rest,
  );
}

/** An arbitrary value that fits `schema` (a node of the bundled spec; `$ref`s resolved on the way). */
export function arbitraryFor(node: unknown, depth = 0): fc.Arbitrary<unknown> {
  const schema = merged(deref<JsonObject>(node ?? {}));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const union = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(union) && union.length) {
    const { oneOf: _o, anyOf: _a, discriminator: _d, ...siblings } = schema;
    return fc.oneof(...union.map((branch) => arbitraryFor({ allOf: [siblings, deref(branch)] }, depth + 1)));
  }
  const types = typesOf(schema);
  if (types.length === 0) return depth > MAX_DEPTH ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => arbitraryOfType(schema, type, depth)));
}

function arbitraryOfType(schema: JsonObject, type: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringArbitrary(schema);
    case 'array': {
      if (depth > MAX_DEPTH) return fc.constant([]);
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, 3));
      return fc.array(arbitraryFor(schema.items ?? {}, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, unknown>;
      const required = new Set<string>(schema.required ?? []);
      if (depth > MAX_DEPTH) return fc.constant({});
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, child] of Object.entries(properties)) model[name] = arbitraryFor(child, depth + 1);
      const known = fc.record(model, { requiredKeys: [...required].filter((name) => name in model) });
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), arbitraryFor(schema.additionalProperties, depth + 1), {
          maxKeys: Math.min(schema.maxProperties ?? 3, 3),
        });
        return fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k }));
      }
      return known;
    }
    default:
      return fc.constant(null);
  }
}
