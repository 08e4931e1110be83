#!/usr/bin/env node
// Regenerates everything in this package that comes from openapi/:
//   generated/openapi.yaml, generated/openapi.json  the bundled spec (server, mock, docs, tests read it)
//   src/schema.d.ts                                  openapi-typescript output
//   src/enums.ts                                     runtime arrays of the spec's enums
// `--out <dir>` writes the same four files flat into <dir> instead (the drift test uses it).
// Never edit the outputs by hand: change the spec, then run `npm run generate`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
const root = resolve(pkg, '../..');
const require = createRequire(import.meta.url);

const outFlag = process.argv.indexOf('--out');
const outDir = outFlag > 0 ? resolve(process.argv[outFlag + 1]) : undefined;
const target = (name, defaultPath) => (outDir ? join(outDir, name) : join(pkg, defaultPath));
const files = {
  yaml: target('openapi.yaml', 'generated/openapi.yaml'),
  json: target('openapi.json', 'generated/openapi.json'),
  types: target('schema.d.ts', 'src/schema.d.ts'),
  enums: target('enums.ts', 'src/enums.ts'),
};
for (const f of Object.values(files)) mkdirSync(dirname(f), { recursive: true });

const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
const redocly = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
const spec = join(root, 'openapi/openapi.yaml');
const config = join(root, 'openapi/redocly.yaml');
for (const [ext, out] of [
  ['yaml', files.yaml],
  ['json', files.json],
]) {
  execFileSync(process.execPath, [redocly, 'bundle', spec, '--config', config, '--ext', ext, '-o', out], { env, stdio: 'pipe' });
}

const bundled = JSON.parse(readFileSync(files.json, 'utf8'));

// openapi-typescript reads a discriminator without a `mapping` as "the value is the schema name" and
// overwrites each branch's `endpoint` with e.g. "JobCreateParse". Our branches pin the property with
// `const` instead (a mapping breaks express-openapi-validator; docs/architecture.md, "The spec"), so for
// type generation only the redundant discriminator is dropped: the union stays discriminated on the
// const literals. The bundled spec the validator, mock and docs read keeps it.
const dropConstDiscriminators = (schema) => {
  const { discriminator, oneOf } = schema;
  const pinned = (ref) => bundled.components.schemas[ref.$ref.split('/').pop()]?.properties?.[discriminator.propertyName]?.const;
  if (discriminator && Array.isArray(oneOf) && oneOf.every((b) => b.$ref && pinned(b) !== undefined)) delete schema.discriminator;
};
const forTypes = structuredClone(bundled);
Object.values(forTypes.components.schemas).forEach(dropConstDiscriminators);
const scratch = mkdtempSync(join(tmpdir(), 'api-types-'));
try {
  const input = join(scratch, 'openapi.json');
  writeFileSync(input, JSON.stringify(forTypes));
  const openapiTs = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');
  // --default-non-nullable=false: a property with a `default` stays optional in the types. The
  // defaults in this spec are on request fields (the server fills them in), so a client must not be
  // forced to send them.
  const flags = ['--alphabetize=false', '--default-non-nullable=false'];
  execFileSync(process.execPath, [openapiTs, input, '-o', files.types, ...flags], { env, stdio: 'pipe' });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const enumOf = (name) => {
  const values = bundled.components?.schemas?.[name]?.enum;
  if (!Array.isArray(values) || values.length === 0) throw new Error(`components.schemas.${name} has no enum in the bundled spec`);
  return values;
};
const asConst = (name, values) => `export const ${name} = ${JSON.stringify(values, null, 2).replace(/"/g, "'")} as const;\n`;
// The error-code catalogue: `x-error-codes` on the error schema's `code` (code → HTTP statuses).
const errorCodes = bundled.components?.schemas?.Error?.properties?.error?.properties?.code?.['x-error-codes'];
if (!errorCodes || typeof errorCodes !== 'object') throw new Error('components.schemas.Error has no x-error-codes catalogue');
const errorStatuses = Object.fromEntries(Object.entries(errorCodes).map(([code, entry]) => [code, entry.statuses]));
writeFileSync(
  files.enums,
  [
    '/**',
    ' * This file was generated from openapi/ by packages/api-types/scripts/generate.mjs.',
    ' * Do not make direct changes to the file: change the spec and run `npm run generate`.',
    ' */',
    '',
    '/** Every job status (components.schemas.JobStatus.enum), in spec order. */',
    asConst('JOB_STATUSES', enumOf('JobStatus')),
    '/** Every target endpoint a job can run (components.schemas.JobEndpoint.enum), in spec order. */',
    asConst('JOB_ENDPOINTS', enumOf('JobEndpoint')),
    '/** Every form field type (components.schemas.FormFieldType.enum). */',
    asConst('FORM_FIELD_TYPES', enumOf('FormFieldType')),
    '/** Every evaluation project kind (components.schemas.ProjectKind.enum). */',
    asConst('PROJECT_KINDS', enumOf('ProjectKind')),
    '/**',
    ' * The error-code catalogue (x-error-codes on components.schemas.Error): every `error.code` the',
    ' * server or the engine can emit, with the HTTP statuses it comes with (none: job-only codes).',
    ' */',
    `export const ERROR_CODES = ${JSON.stringify(errorStatuses, null, 2).replace(/"/g, "'")} as const satisfies Record<string, readonly number[]>;\n`,
    '/** A code of the catalogue. */',
    'export type ErrorCode = keyof typeof ERROR_CODES;\n',
    '/** Every event type (components.schemas.EventType.enum), in lifecycle order. */',
    asConst('EVENT_TYPES', enumOf('EventType')),
  ].join('\n'),
);
console.log(
  `generated ${Object.values(files)
    .map((f) => f.replace(root + '/', ''))
    .join(', ')}`,
);
