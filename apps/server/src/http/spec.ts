/**
 * The bundled spec (from @jobs-api/api-types) and what the app derives from it: the operations to
 * mount (one route per operationId) and the document handed to express-openapi-validator.
 */
import type { OperationId } from '@jobs-api/api-types';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const SPEC_JSON_PATH = require.resolve('@jobs-api/api-types/openapi.json');
export const SPEC_YAML_PATH = require.resolve('@jobs-api/api-types/openapi.yaml');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the spec read as plain JSON and rewritten in place for the validator; its shapes are checked by the spec's own lint
type Json = Record<string, any>;

export interface OperationInfo {
  operationId: OperationId;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path, e.g. `/v1/jobs/{job_id}`. */
  path: string;
  /** The Express path, e.g. `/v1/jobs/:job_id`. */
  expressPath: string;
  /** Query parameters of type array (comma-joined values are split before validation). */
  arrayQueryParams: string[];
  /** Query parameters of type integer or number (non-finite values are refused before validation). */
  numericQueryParams: string[];
}

export interface ApiSpec {
  document: Json;
  operations: OperationInfo[];
  /** The spec as express-openapi-validator must see it (see validatorDocument). */
  validatorDocument: Json;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function loadApiSpec(): ApiSpec {
  const document = JSON.parse(readFileSync(SPEC_JSON_PATH, 'utf8')) as Json;
  const resolveRef = (node: Json): Json => (node.$ref ? resolveRef(document.components.parameters[node.$ref.split('/').pop()]) : node);
  const operations: OperationInfo[] = [];
  for (const [path, item] of Object.entries<Json>(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolveRef);
      operations.push({
        operationId: op.operationId,
        method,
        path,
        expressPath: path.replace(/\{([^}]+)\}/g, ':$1'),
        arrayQueryParams: params.filter((p) => p.in === 'query' && p.schema?.type === 'array').map((p) => p.name),
        numericQueryParams: params.filter((p) => p.in === 'query' && ['integer', 'number'].includes(p.schema?.type)).map((p) => p.name),
      });
    }
  }
  // Literal paths before templated ones (`/v1/edit/templates/fill` before `/{template_id}`).
  operations.sort((a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')));
  return { document, operations, validatorDocument: validatorDocument(document) };
}

/**
 * express-openapi-validator reads a discriminator without a `mapping` the OpenAPI way — the value
 * names the branch schema ("JobCreateParse") — while our branches pin the property with `const`
 * ("/v1/documents/parse"). With the branches inlined, it leaves the discriminator to Ajv
 * (`discriminator: true`), which selects the branch by its const and reports only that branch's
 * errors. The authored spec keeps named branch schemas (Redocly requires $refs under a
 * discriminator); only this in-memory copy is changed.
 */
function validatorDocument(document: Json): Json {
  const copy = structuredClone(document);
  const schemas: Json = copy.components.schemas;
  for (const schema of Object.values<Json>(schemas)) {
    if (schema.discriminator && Array.isArray(schema.oneOf)) {
      schema.oneOf = schema.oneOf.map((branch: Json) => (branch.$ref ? structuredClone(schemas[branch.$ref.split('/').pop()]) : branch));
    }
  }
  return copy;
}
