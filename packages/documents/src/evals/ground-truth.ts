/**
 * Checks of an eval project's task and of the ground truths added to it, so that a label that
 * could never be scored is refused when it is added, not discovered when an eval runs.
 */
import type { Category, Subdocument } from '@jobs-api/api-types';
import type { ErrorObject } from 'ajv';
import { allowNulls, compileSchema, isValidJsonSchema, type JsonSchema } from '../schema/json-schema.js';

/** What an eval project measures, with what its kind needs. */
export type ProjectTask =
  | { kind: 'extract'; json_schema: JsonSchema }
  | { kind: 'split'; subdocuments: readonly Subdocument[] }
  | { kind: 'classify'; categories: readonly Category[] };

/** Why a task or a ground truth does not fit; `path` is a JSON pointer into the checked value. */
export interface EvalInputProblem {
  path: string;
  message: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function duplicateNames(items: ReadonlyArray<{ name: string }>, field: string): EvalInputProblem[] {
  const seen = new Set<string>();
  return items.flatMap((item, index) => {
    if (!seen.has(item.name)) {
      seen.add(item.name);
      return [];
    }
    return [{ path: `/${field}/${index}/name`, message: `"${item.name}" appears twice: ground truths name ${field} by name.` }];
  });
}

/** Problems with a new project's task: a schema that does not compile, duplicate names. */
export function checkProjectTask(task: ProjectTask): EvalInputProblem[] {
  switch (task.kind) {
    case 'extract':
      return isValidJsonSchema(task.json_schema) ? [] : [{ path: '/json_schema', message: 'json_schema is not a valid JSON Schema.' }];
    case 'split':
      return duplicateNames(task.subdocuments, 'subdocuments');
    case 'classify':
      return duplicateNames(task.categories, 'categories');
  }
}

const SUBSCHEMA_MAPS = ['properties', '$defs', 'definitions', 'patternProperties'] as const;
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;

/**
 * The schema a label is checked against. Two departures from the extraction schema, both
 * because of what a label is: `required` is dropped (a label may leave fields out — they are
 * then not scored), and an object that lists its `properties` without saying anything about
 * others refuses others (a misspelt field could never be extracted, so it could only ever
 * count as wrong). `null` is allowed everywhere, as in extraction answers (allowNulls).
 * Objects assembled from `allOf`/`anyOf`/`oneOf` branches are left open: a branch lists only
 * some of the properties.
 */
function labelSchema(schema: unknown, mayClose = true): unknown {
  if (!isPlainObject(schema)) return schema;
  const { required: _required, ...copy } = schema;
  for (const keyword of SUBSCHEMA_MAPS) {
    const map = schema[keyword];
    if (isPlainObject(map)) copy[keyword] = Object.fromEntries(Object.entries(map).map(([name, child]) => [name, labelSchema(child)]));
  }
  for (const keyword of SUBSCHEMA_LISTS) {
    const list = schema[keyword];
    if (Array.isArray(list)) copy[keyword] = list.map((child) => labelSchema(child, keyword !== 'allOf'));
  }
  if (schema.items !== undefined) copy.items = Array.isArray(schema.items) ? schema.items.map((child) => labelSchema(child)) : labelSchema(schema.items);
  const composed = SUBSCHEMA_LISTS.some((keyword) => keyword !== 'prefixItems' && schema[keyword] !== undefined);
  if (mayClose && !composed && isPlainObject(schema.properties) && schema.additionalProperties === undefined && schema.patternProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}

/** Ajv's errors minus the noise of the `null` alternative allowNulls adds to every field. */
function describeErrors(errors: readonly ErrorObject[]): EvalInputProblem[] {
  const problems = errors
    .filter((error) => error.keyword !== 'anyOf' && !(error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null'))
    .map((error) => {
      const extra = error.keyword === 'additionalProperties' ? ` (${(error.params as { additionalProperty: string }).additionalProperty})` : '';
      return { path: error.instancePath || '/', message: `${error.message ?? 'does not fit the schema'}${extra}` };
    });
  const unique = new Map(problems.map((problem) => [`${problem.path} ${problem.message}`, problem]));
  return [...unique.values()];
}

function checkExtractLabel(schema: JsonSchema, label: unknown): EvalInputProblem[] {
  if (!isPlainObject(label)) return [{ path: '/', message: 'must be an object matching the project json_schema' }];
  if (Object.keys(label).length === 0) return [{ path: '/', message: 'labels no field: give at least one expected value' }];
  const validate = compileSchema(labelSchema(allowNulls(schema)) as JsonSchema);
  return validate(label) ? [] : describeErrors(validate.errors ?? []);
}

function checkSplitLabel(subdocuments: readonly Subdocument[], label: unknown): EvalInputProblem[] {
  if (!Array.isArray(label) || label.length === 0) return [{ path: '/', message: 'must be a non-empty list of {name, pages}' }];
  const names = new Set(subdocuments.map((subdocument) => subdocument.name));
  const seenPages = new Map<number, number>();
  const problems: EvalInputProblem[] = [];
  (label as unknown[]).forEach((part, index) => {
    if (!isPlainObject(part) || typeof part.name !== 'string' || !Array.isArray(part.pages) || part.pages.length === 0) {
      problems.push({ path: `/${index}`, message: 'must be {name, pages} with at least one page' });
      return;
    }
    if (!names.has(part.name)) problems.push({ path: `/${index}/name`, message: `"${part.name}" is not one of the project's subdocuments` });
    (part.pages as unknown[]).forEach((page, pageIndex) => {
      if (!Number.isInteger(page) || (page as number) < 1) {
        problems.push({ path: `/${index}/pages/${pageIndex}`, message: 'must be a 1-based page number' });
      } else if (seenPages.has(page as number)) {
        problems.push({ path: `/${index}/pages/${pageIndex}`, message: `page ${page as number} is already in part ${seenPages.get(page as number)}` });
      } else {
        seenPages.set(page as number, index);
      }
    });
  });
  return problems;
}

function checkClassifyLabel(categories: readonly Category[], label: unknown): EvalInputProblem[] {
  if (typeof label !== 'string') return [{ path: '/', message: 'must be a category name' }];
  return categories.some((category) => category.name === label) ? [] : [{ path: '/', message: `"${label}" is not one of the project's categories` }];
}

/**
 * Problems with a ground truth for a project's task (empty when it fits): for extract an
 * object matching the schema (fields may be left out or `null`; undeclared fields refused),
 * for split a list of parts naming the project's subdocuments with each page in one part,
 * for classify one of the project's category names.
 */
export function checkGroundTruth(task: ProjectTask, label: unknown): EvalInputProblem[] {
  switch (task.kind) {
    case 'extract':
      return checkExtractLabel(task.json_schema, label);
    case 'split':
      return checkSplitLabel(task.subdocuments, label);
    case 'classify':
      return checkClassifyLabel(task.categories, label);
  }
}
