/**
 * Checks of a target-endpoint request that the schema cannot express: the model must be known, and
 * every inline document must be a well-formed base64 data: URL of a type the endpoint accepts.
 * Run at job create (so bad input is a 422 and nothing is stored) and by the synchronous routes.
 */
import type { JobEndpoint } from '@jobs-api/api-types';
import { splitDataUrl, type DataUrlParts } from '@jobs-api/documents';
import type { EndpointDefinition } from '../endpoints/types.js';
import { asApiProblem, unprocessable } from '../errors.js';

export interface RequestCheckOptions {
  isKnownModel(model: string): boolean;
  /** Accept plain http:// document URLs (closed networks, tests). */
  allowHttp: boolean;
}

interface DocumentAt {
  path: string;
  filename: string;
  url: string;
}

/** Every `{filename, url}` object in the request, with its JSON path (as the validator reports paths). */
export function findDocuments(value: unknown, path = '/body/request'): DocumentAt[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => findDocuments(v, `${path}/${i}`));
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (typeof record.filename === 'string' && typeof record.url === 'string') {
    return [{ path, filename: record.filename, url: record.url }];
  }
  return Object.entries(record).flatMap(([k, v]) => findDocuments(v, `${path}/${k}`));
}

/**
 * An inline document's data: URL, checked with the one rule (`splitDataUrl` of the engine): a
 * malformed one is a 422 naming the document, with `path` (the JSON path of its `url`). Project
 * documents and templates use it too, so their bad data: URLs are the same 422 as at job create.
 */
export function parseDocumentDataUrl(document: { filename: string; url: string }, path: string): DataUrlParts {
  try {
    return splitDataUrl(document.url);
  } catch (error) {
    const problem = asApiProblem(error);
    if (problem) throw unprocessable(problem.code, `${document.filename}: ${problem.message}`, { ...problem.details, path });
    throw error;
  }
}

/** The model a request names (or the default the endpoints use). */
export function requestedModel(request: Record<string, unknown>): string {
  return typeof request.model === 'string' ? request.model : 'retab-small';
}

export function checkEndpointRequest(
  endpoint: JobEndpoint,
  request: Record<string, unknown>,
  definition: Pick<EndpointDefinition, 'acceptedMimeTypes'>,
  options: RequestCheckOptions,
): void {
  const model = requestedModel(request);
  if (!options.isKnownModel(model)) {
    throw unprocessable(
      'unknown_model',
      `Unknown model "${model}". Use a retab-* model (the built-in local engine) or one configured in MODEL_MAP.`,
      { model, path: '/body/request/model' },
    );
  }
  for (const doc of findDocuments(request)) {
    const urlPath = `${doc.path}/url`;
    if (doc.url.startsWith('data:')) {
      const { mimeType } = parseDocumentDataUrl(doc, urlPath);
      const accepted = definition.acceptedMimeTypes;
      if (accepted && !accepted.includes(mimeType)) {
        throw unprocessable('unsupported_mime_type', `${endpoint} does not accept ${mimeType} documents (${doc.filename}).`, {
          path: urlPath,
          mime_type: mimeType,
          accepted,
        });
      }
    } else if (!(doc.url.startsWith('https://') || (options.allowHttp && doc.url.startsWith('http://')))) {
      throw unprocessable('unsupported_url', `${doc.filename}: document URLs must be data: (base64) or https:// URLs.`, { path: urlPath });
    }
  }
}
