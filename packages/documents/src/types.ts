/**
 * Request and result shapes of the five endpoints, exactly as sent over the API
 * (snake_case field names), taken from the types generated from the OpenAPI spec
 * (`@jobs-api/api-types`; fields with a default in the spec are optional there). Results
 * are the spec's types, except
 * `ExtractResult`, which is narrower (content and parsed are never null here) and
 * extends the spec's `Extraction`, so the compiler keeps the two compatible.
 */
import type * as Api from '@jobs-api/api-types';

/** A document reference: a `data:` URL (base64), an `https://` URL or a server blob ref. */
export type DocumentRef = Api.MIMEData;

/** How tables found in a document are written into the parsed text. */
export type TableParsingFormat = NonNullable<Api.ParseRequest['table_parsing_format']>;

/** `POST /v1/documents/parse` request; defaults: model `retab-small`, tables `html`, 192 dpi. */
export type ParseRequest = Api.ParseRequest;

/** Pages processed and what they cost (`credits` = pages × `CREDITS_PER_PAGE`). */
export type Usage = Api.Usage;

/** `POST /v1/documents/parse` 200 body. */
export type ParseResult = Api.ParseResult;

/** `POST /v1/documents/extract` request; defaults: `n_consensus` 1, 192 dpi; `temperature` only varies provider calls. */
export type ExtractRequest = Api.ExtractRequest;

/** `POST /v1/documents/extract` 200 body: shaped like an OpenAI chat completion. */
export interface ExtractResult extends Api.Extraction {
  object: 'chat.completion';
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string; parsed: Record<string, unknown> };
    finish_reason: 'stop';
  }>;
  /** Mirrors `parsed`, with a confidence 0..1 at every leaf (0 where not found). */
  likelihoods: Record<string, unknown>;
  /** Dotted paths of the fields that were not found (their value is null), e.g. `line_items.0.quantity`. */
  missing_fields: string[];
}

/** A category or subdocument kind: a name and what it looks like. */
export type NamedDescription = Api.Category;

/** `POST /v1/documents/classify` request. */
export type ClassifyRequest = Api.ClassifyRequest;

/** `POST /v1/documents/classify` 200 body. */
export type ClassifyResult = Api.Classification;

/** `POST /v1/documents/split` request. */
export type SplitRequest = Api.SplitRequest;

/** `POST /v1/documents/split` 200 body: every page appears in exactly one split. */
export type SplitResult = Api.DocumentSplit;

/** `POST /v1/schemas/generate` request. */
export type GenerateSchemaRequest = Api.SchemaGenerateRequest;

/** `POST /v1/schemas/generate` 200 body. */
export type GenerateSchemaResult = Api.GeneratedSchema;
