/**
 * Checks of a target-endpoint request that the schema cannot express: the model must be known, and
 * every inline document must be a well-formed base64 data: URL of a type the endpoint accepts.
 * Run at job create (so bad input is a 422 and nothing is stored) and by the synchronous routes.
 */
import type { JobEndpoint } from '@jobs-api/api-types';
import { classifyAddress, compileSchema, mimeTypeFromFilename, normalizeMimeType, splitDataUrl, type DataUrlParts } from '@jobs-api/documents/api';
import type { EndpointDefinition } from '../endpoints/types.js';
import { asApiProblem, invalidRequest, unprocessable } from '../errors.js';

export interface RequestCheckOptions {
  isKnownModel(model: string): boolean;
  /** Accept plain http:// document URLs (closed networks, tests). */
  allowHttp: boolean;
  /** Accept URLs naming loopback, private, link-local or reserved IP addresses (FETCH_ALLOW_PRIVATE_NETWORKS). */
  allowPrivateNetworks?: boolean;
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
 * A document's type for the `document_type` list filter: its data: URL's MIME type, else the one its
 * file name's extension names (a remote document's type is known only once fetched).
 */
export function documentTypeOf(document: { filename: string; url: string }): string | null {
  if (document.url.startsWith('data:')) {
    const mimeType = /^data:([^;,]*)/.exec(document.url)?.[1];
    if (mimeType) return normalizeMimeType(mimeType).slice(0, 127);
  }
  return mimeTypeFromFilename(document.filename) ?? null;
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
    throw unprocessable('unknown_model', `Unknown model "${model}". Use a retab-* model (the built-in local engine) or one configured in MODEL_MAP.`, {
      model,
      path: '/body/request/model',
    });
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
    } else {
      checkRemoteUrl(doc, urlPath, options);
    }
  }
  if (request.json_schema !== undefined) checkJsonSchema(request.json_schema, '/body/request/json_schema');
}

/**
 * A remote document URL that can never be fetched is refused now rather than failing later: one
 * that does not parse (`https://%00/`), and one whose host is an IP literal the fetcher's address
 * policy refuses. The URL parser has already folded decimal, hex and octal IPv4 forms
 * (`https://2130706433/`, `https://0x7f.1/`) into dotted form. Host names are checked by the
 * fetcher after DNS resolution, where the address connected to is the address checked.
 */
function checkRemoteUrl(doc: DocumentAt, path: string, options: RequestCheckOptions): void {
  let url: URL;
  try {
    url = new URL(doc.url);
  } catch {
    throw unprocessable('unsupported_url', `${doc.filename}: the document URL is not a valid URL.`, { path });
  }
  if (options.allowPrivateNetworks) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addressClass = /^[\d.]+$|:/.test(host) ? classifyAddress(host) : undefined;
  if (addressClass) {
    throw unprocessable('url_refused', `${doc.filename}: ${host} is a ${addressClass} address; documents are fetched from public addresses only.`, {
      path,
      host,
      reason: addressClass,
    });
  }
}

/**
 * A `json_schema` is compiled at create exactly as the synchronous route compiles it, so a schema
 * that route refuses (a broken `pattern`, an unknown `type`) is refused at create too, with the same
 * 400, before anything is stored, instead of failing every attempt of the job.
 */
export function checkJsonSchema(schema: unknown, path: string): void {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return; // the spec's own check answers this
  try {
    compileSchema(schema as Record<string, unknown>);
  } catch (error) {
    // The synchronous route's own answer (400 invalid_request), with the path of the schema.
    throw invalidRequest(error instanceof Error ? error.message : String(error), { path });
  }
}
