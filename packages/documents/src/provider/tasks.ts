import type { GuardedFetch } from '../input/guarded-fetch.js';
import { allowNulls, compileSchema, describeErrors, isValidJsonSchema, type JsonSchema } from '../schema/json-schema.js';
import type { NamedDescription } from '../types.js';
import { type ChatCompletionAnswer, createChatCompletion, invalidAnswer, type ModelRoute, parseJsonAnswer } from './chat-completions.js';

/** What every provider task needs. */
export interface ProviderContext {
  route: ModelRoute;
  fetch: GuardedFetch;
  signal: AbortSignal;
}

type Usage = ChatCompletionAnswer['usage'];

function pagesAsText(pages: readonly string[]): string {
  return pages.map((page, index) => `<page number="${index + 1}">\n${page}\n</page>`).join('\n');
}

function describe(items: readonly NamedDescription[]): string {
  return items.map((item) => `- ${item.name}: ${item.description}`).join('\n');
}

/**
 * Extraction with structured outputs: the schema (nulls allowed, so "not found" can be
 * said) goes in `response_format`; the answer is validated before use.
 */
export async function extractWithProvider(
  pages: readonly string[],
  schema: JsonSchema,
  temperature: number | undefined,
  context: ProviderContext,
): Promise<{ parsed: Record<string, unknown>; usage: Usage }> {
  const nullableSchema = allowNulls(schema);
  const answer = await createChatCompletion(
    context.route,
    [
      {
        role: 'system',
        content:
          'Extract data from the document into the JSON schema. Copy values as written in the document; ' +
          'use null for anything the document does not state. Never guess.',
      },
      { role: 'user', content: pagesAsText(pages) },
    ],
    {
      response_format: { type: 'json_schema', json_schema: { name: 'extraction', schema: nullableSchema, strict: false } },
      ...(temperature !== undefined ? { temperature } : {}),
    },
    context,
  );
  const parsed = parseJsonAnswer(answer.content);
  const validate = compileSchema(nullableSchema);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !validate(parsed)) {
    throw invalidAnswer('The model answer does not match json_schema.', { errors: describeErrors(validate.errors).slice(0, 20) });
  }
  return { parsed: parsed as Record<string, unknown>, usage: answer.usage };
}

/** Classification as a JSON answer `{classification, reasoning}`, checked against the category names. */
export async function classifyWithProvider(
  pages: readonly string[],
  categories: readonly NamedDescription[],
  instructions: string | undefined,
  context: ProviderContext,
): Promise<{ classification: string; reasoning: string; usage: Usage }> {
  const answer = await createChatCompletion(
    context.route,
    [
      {
        role: 'system',
        content:
          `Classify the document into exactly one of these categories:\n${describe(categories)}\n` +
          (instructions ? `Context: ${instructions}\n` : '') +
          'Answer with a JSON object {"classification": "<category name>", "reasoning": "<one or two sentences>"}.',
      },
      { role: 'user', content: pagesAsText(pages) },
    ],
    { response_format: { type: 'json_object' } },
    context,
  );
  const parsed = parseJsonAnswer(answer.content) as { classification?: unknown; reasoning?: unknown } | null;
  const names = categories.map((category) => category.name);
  if (!parsed || typeof parsed.classification !== 'string' || !names.includes(parsed.classification)) {
    throw invalidAnswer('The model answered with a classification that is not one of the categories.', { allowed: names });
  }
  return { classification: parsed.classification, reasoning: typeof parsed.reasoning === 'string' ? parsed.reasoning : '', usage: answer.usage };
}

/** Split as a JSON answer `{splits: [{name, pages}]}`, checked to cover every page exactly once. */
export async function splitWithProvider(
  pages: readonly string[],
  subdocuments: readonly NamedDescription[],
  instructions: string | undefined,
  context: ProviderContext,
): Promise<{ splits: Array<{ name: string; pages: number[] }>; usage: Usage }> {
  const answer = await createChatCompletion(
    context.route,
    [
      {
        role: 'system',
        content:
          `The document bundles several documents. Split its ${pages.length} pages into parts of these kinds:\n${describe(subdocuments)}\n` +
          (instructions ? `Context: ${instructions}\n` : '') +
          'Every page belongs to exactly one part. Answer with a JSON object {"splits": [{"name": "<kind>", "pages": [1, 2]}]}.',
      },
      { role: 'user', content: pagesAsText(pages) },
    ],
    { response_format: { type: 'json_object' } },
    context,
  );
  const parsed = parseJsonAnswer(answer.content) as { splits?: unknown } | null;
  const names = new Set(subdocuments.map((item) => item.name));
  const splits = Array.isArray(parsed?.splits) ? (parsed.splits as Array<{ name?: unknown; pages?: unknown }>) : undefined;
  const seen: number[] = [];
  const valid =
    splits?.every(
      (split) =>
        typeof split.name === 'string' &&
        names.has(split.name) &&
        Array.isArray(split.pages) &&
        split.pages.every((page) => Number.isInteger(page) && (seen.push(page as number), true)),
    ) ?? false;
  const coversOnce = valid && seen.length === pages.length && new Set(seen).size === pages.length && seen.every((page) => page >= 1 && page <= pages.length);
  if (!splits || !coversOnce) {
    throw invalidAnswer('The model answered with splits that do not cover every page exactly once with known names.');
  }
  return { splits: splits as Array<{ name: string; pages: number[] }>, usage: answer.usage };
}

/** Schema generation as a JSON answer `{json_schema}`, checked to compile as a JSON Schema. */
export async function generateSchemaWithProvider(
  documents: ReadonlyArray<{ filename: string; pages: readonly string[] }>,
  instructions: string | undefined,
  context: ProviderContext,
): Promise<{ jsonSchema: JsonSchema; usage: Usage }> {
  const answer = await createChatCompletion(
    context.route,
    [
      {
        role: 'system',
        content:
          'Write a JSON Schema (draft 2020-12 or 07) describing the data these documents hold: snake_case property names ' +
          'with titles and descriptions, arrays of objects for tables, "required" for fields present in every document. ' +
          (instructions ? `Instructions: ${instructions} ` : '') +
          'Answer with a JSON object {"json_schema": {...}}.',
      },
      {
        role: 'user',
        content: documents.map((document) => `<document filename="${document.filename}">\n${pagesAsText(document.pages)}\n</document>`).join('\n'),
      },
    ],
    { response_format: { type: 'json_object' } },
    context,
  );
  const parsed = parseJsonAnswer(answer.content) as { json_schema?: unknown } | null;
  if (!isValidJsonSchema(parsed?.json_schema)) throw invalidAnswer('The model answered with something that is not a JSON Schema.');
  return { jsonSchema: parsed!.json_schema as JsonSchema, usage: answer.usage };
}
