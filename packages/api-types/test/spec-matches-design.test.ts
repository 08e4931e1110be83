/**
 * The bundled spec against the product design (docs/architecture.md, "The API" and "The Job object"): the expected lists
 * below are copied from the design on purpose, so a spec change that drifts from it fails here
 * instead of silently reaching the types, the mock and the docs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JOB_ENDPOINTS, JOB_STATUSES } from '../src/index.js';

/** The parts of a JSON Schema object this test reads. */
interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  oneOf?: SchemaObject[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  pattern?: string;
}

interface BundledSpec {
  components: { schemas: Record<string, SchemaObject> };
}

const readGenerated = (name: string) => readFileSync(new URL(`../generated/${name}`, import.meta.url), 'utf8');
const spec = JSON.parse(readGenerated('openapi.json')) as BundledSpec;

function schemaNamed(name: string): SchemaObject {
  const schema = spec.components.schemas[name];
  if (!schema) throw new Error(`components.schemas.${name} is missing from the bundled spec`);
  return schema;
}

/** docs/architecture.md, "The API": "Supported `endpoint` values (the enum, exactly)". */
const DESIGN_ENDPOINTS = [
  '/v1/documents/extract',
  '/v1/documents/parse',
  '/v1/documents/split',
  '/v1/documents/classify',
  '/v1/schemas/generate',
  '/v1/edit/agent/fill',
  '/v1/edit/templates/fill',
  '/v1/edit/templates/generate',
  '/v1/evals/extract/process',
  '/v1/evals/split/process',
  '/v1/evals/classify/process',
  '/v1/evals/extract/extract',
  '/v1/evals/extract/split',
];

/** docs/architecture.md, "The Job object": `status` (validating | queued | in_progress | completed | failed | cancelled | expired). */
const DESIGN_STATUSES = ['validating', 'queued', 'in_progress', 'completed', 'failed', 'cancelled', 'expired'];

/**
 * docs/architecture.md, "The Job object", one row per Job field: its JSON type as {@link shapeOf} spells it. Timestamps are
 * integers (Unix seconds); `request_gcs_paths` is always null in answers.
 */
const DESIGN_JOB_FIELDS: Record<string, string> = {
  id: 'string',
  object: 'const:"job"',
  status: 'ref:JobStatus',
  endpoint: 'ref:JobEndpoint',
  request: 'object|null',
  response: 'ref:JobResponse|null',
  error: 'ref:JobError|null',
  warnings: 'array<ref:JobWarning>|null',
  created_at: 'integer',
  started_at: 'integer|null',
  completed_at: 'integer|null',
  expires_at: 'integer',
  organization_id: 'string',
  metadata: 'ref:Metadata',
  cloud_task_name: 'string|null',
  cancelled: 'boolean',
  attempt_count: 'integer',
  last_attempt_at: 'integer|null',
  last_failure_code: 'string|null',
  request_gcs_paths: 'null',
};

/**
 * A one-line description of a schema's JSON type that reads the same however the spec spells
 * nullability (`type: [x, "null"]` or `oneOf: [{$ref}, {type: "null"}]`).
 */
function shapeOf(schema: SchemaObject): string {
  if (schema.$ref) return `ref:${schema.$ref.split('/').pop()}`;
  if (schema.const !== undefined) return `const:${JSON.stringify(schema.const)}`;
  if (schema.oneOf) return schema.oneOf.map(shapeOf).join('|');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : ['<untyped>'];
  return types.map((type) => (type === 'array' && schema.items ? `array<${shapeOf(schema.items)}>` : type)).join('|');
}

const sorted = (values: readonly unknown[]) => [...values].map(String).sort();

describe('bundled spec matches docs/architecture.md', () => {
  it('has exactly the 13 endpoint values of §2.1', () => {
    expect(DESIGN_ENDPOINTS).toHaveLength(13);
    // Sorted: the contract is the set of values (sorting also keeps duplicates visible).
    expect(sorted(schemaNamed('JobEndpoint').enum ?? [])).toEqual(sorted(DESIGN_ENDPOINTS));
  });

  it('has exactly the 7 job statuses of §2.2', () => {
    expect(DESIGN_STATUSES).toHaveLength(7);
    expect(sorted(schemaNamed('JobStatus').enum ?? [])).toEqual(sorted(DESIGN_STATUSES));
  });

  it('has exactly the 20 Job fields of §2.2, all required, no others allowed', () => {
    const job = schemaNamed('Job');
    expect(Object.keys(DESIGN_JOB_FIELDS)).toHaveLength(20);
    expect(sorted(Object.keys(job.properties ?? {}))).toEqual(sorted(Object.keys(DESIGN_JOB_FIELDS)));
    expect(sorted(job.required ?? [])).toEqual(sorted(Object.keys(DESIGN_JOB_FIELDS)));
    expect(job.additionalProperties).toBe(false);
  });

  it.each(Object.entries(DESIGN_JOB_FIELDS))('Job.%s has the type and nullability of §2.2 (%s)', (field, shape) => {
    const property = schemaNamed('Job').properties?.[field];
    expect(property, `Job.${field} is missing`).toBeDefined();
    expect(shapeOf(property!)).toBe(shape);
  });

  it('accepts only `job_` + a 21-character nanoid as a Job id', () => {
    const pattern = schemaNamed('Job').properties?.id?.pattern;
    expect(pattern, 'Job.id has no pattern').toBeDefined();
    const id = new RegExp(pattern!);
    expect(id.test('job_V1StGXR8_Z5jdHi6B-myT')).toBe(true);
    expect(id.test('job_V1StGXR8_Z5jdHi6B-my')).toBe(false);
    expect(id.test('job_V1StGXR8_Z5jdHi6B-myTx')).toBe(false);
    expect(id.test('jb_V1StGXR8_Z5jdHi6B-myT')).toBe(false);
  });
});

describe('generated enums', () => {
  it('JOB_STATUSES is the spec’s JobStatus enum, in spec order', () => {
    expect([...JOB_STATUSES]).toEqual(schemaNamed('JobStatus').enum);
  });

  it('JOB_ENDPOINTS is the spec’s JobEndpoint enum, in spec order', () => {
    expect([...JOB_ENDPOINTS]).toEqual(schemaNamed('JobEndpoint').enum);
  });

  it('the built package entry exports the same arrays (what other workspaces import)', async () => {
    // A string-typed specifier keeps tsc (lint) from resolving it: lint runs before this package's
    // own build, when dist/ may not exist yet. Tests run after the build (turbo: build → test).
    const entry: string = '@jobs-api/api-types';
    const built = (await import(entry)) as { JOB_STATUSES: readonly string[]; JOB_ENDPOINTS: readonly string[] };
    expect(built.JOB_STATUSES).toEqual(JOB_STATUSES);
    expect(built.JOB_ENDPOINTS).toEqual(JOB_ENDPOINTS);
  });
});

describe('bundled spec files', () => {
  it('openapi.yaml and openapi.json are the same document', () => {
    expect(parse(readGenerated('openapi.yaml'))).toEqual(spec);
  });
});
