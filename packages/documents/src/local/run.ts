import type { ParsedDocument } from '../parse/parsed-document.js';
import type { JsonSchema } from '../schema/json-schema.js';
import { voteExtractions } from './consensus.js';
import { EXTRACTION_VARIANTS, extractLocally, type LocalExtraction } from './extract.js';

/** The local engine's extraction: `consensus` variants of the extractor, voted field by field. */
export function runLocalExtraction(document: ParsedDocument, schema: JsonSchema, consensus: number): LocalExtraction {
  return voteExtractions(EXTRACTION_VARIANTS.slice(0, consensus).map((variant) => extractLocally(document, schema, variant)));
}
