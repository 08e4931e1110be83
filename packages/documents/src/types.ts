/**
 * Request and result shapes of the five endpoints, exactly as sent over the API
 * (snake_case field names). They mirror the OpenAPI spec; once
 * `@jobs-api/api-types` exports the generated types these become aliases.
 */

/** A document reference: a `data:` URL (base64), an `https://` URL or a server blob ref. */
export interface DocumentRef {
  filename: string;
  url: string;
}

/** How tables found in a document are written into the parsed text. */
export type TableParsingFormat = 'markdown' | 'html' | 'json' | 'yaml';

/** `POST /v1/documents/parse` request. */
export interface ParseRequest {
  document: DocumentRef;
  /** Default `retab-small`. */
  model?: string;
  /** Default `html`. */
  table_parsing_format?: TableParsingFormat;
  /** Resolution used to render pages that need OCR, 72..300, default 192. */
  image_resolution_dpi?: number;
}

/** Pages processed and what they cost. */
export interface Usage {
  page_count: number;
  /** Credits charged: see `CREDITS_PER_PAGE`. */
  credits: number;
}

/** `POST /v1/documents/parse` 200 body. */
export interface ParseResult {
  document: { filename: string; mime_type: string };
  usage: Usage;
  /** Text of each page, in reading order. */
  pages: string[];
  /** All pages joined. */
  text: string;
}

/** `POST /v1/documents/extract` request. */
export interface ExtractRequest {
  document: DocumentRef;
  json_schema: Record<string, unknown>;
  model?: string;
  /** 0..2. The local engine is deterministic and ignores it unless `n_consensus` > 1. */
  temperature?: number;
  /** 1..8, default 1: number of extraction variants voted per field. */
  n_consensus?: number;
  image_resolution_dpi?: number;
  metadata?: Record<string, string>;
}

/** `POST /v1/documents/extract` 200 body: shaped like an OpenAI chat completion. */
export interface ExtractResult {
  id: string;
  object: 'chat.completion';
  /** Unix seconds. */
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string; parsed: Record<string, unknown> };
    finish_reason: 'stop';
  }>;
  /** Mirrors `parsed`, with a confidence 0..1 at every leaf. */
  likelihoods: Record<string, unknown>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  /** Dotted paths of the schema's fields that were not found (their value is null). */
  missing_fields: string[];
}

/** A category or subdocument kind: a name and what it looks like. */
export interface NamedDescription {
  name: string;
  description: string;
}

/** `POST /v1/documents/classify` request. */
export interface ClassifyRequest {
  document: DocumentRef;
  categories: NamedDescription[];
  model?: string;
  /** Only the first N pages are read. */
  first_n_pages?: number;
  context?: string;
}

/** `POST /v1/documents/classify` 200 body. */
export interface ClassifyResult {
  result: { classification: string; reasoning: string };
  usage: Usage;
}

/** `POST /v1/documents/split` request. */
export interface SplitRequest {
  document: DocumentRef;
  subdocuments: NamedDescription[];
  model?: string;
  context?: string;
}

/** `POST /v1/documents/split` 200 body: every page appears in exactly one split. */
export interface SplitResult {
  splits: Array<{ name: string; pages: number[] }>;
  usage: Usage;
}

/** `POST /v1/schemas/generate` request. */
export interface GenerateSchemaRequest {
  /** 1..10 documents. */
  documents: DocumentRef[];
  model?: string;
  instructions?: string;
}

/** `POST /v1/schemas/generate` 200 body. */
export interface GenerateSchemaResult {
  json_schema: Record<string, unknown>;
}
