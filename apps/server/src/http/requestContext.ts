import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';

/**
 * Per request: an id (the caller's `x-request-id` when it looks like one, else a new one), echoed
 * in the `x-request-id` header, in error bodies and in every log line; one access-log line when
 * the response finishes (the query string is left out: it may hold an access_token).
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.:-]{8,128}$/.test(incoming) ? incoming : `req_${randomBytes(8).toString('hex')}`;
    res.locals.requestId = requestId;
    res.locals.logger = logger.child({ request_id: requestId });
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      res.locals.logger.info(
        { method: req.method, path: req.path, route, status: res.statusCode, ms: Math.round(performance.now() - started), org: res.locals.organizationId },
        'request',
      );
    });
    next();
  };
}

/**
 * JSON answers carry `Content-Type: application/json` exactly. Express adds `; charset=utf-8`, and
 * the official Retab Node SDK rejects a 2xx answer whose content type is not exactly that
 * (docs/architecture.md, "Wire compatibility"). Rewritten when the headers go out, so every path (res.json, errors, validator) is covered.
 */
export const exactJsonContentType: RequestHandler = (_req, res, next) => {
  const writeHead = res.writeHead;
  res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
    const type = this.getHeader('content-type');
    if (typeof type === 'string' && /^application\/json\s*;/i.test(type)) this.setHeader('content-type', 'application/json');
    return writeHead.apply(this, args);
  } as typeof writeHead;
  next();
};

/**
 * Query values the official SDKs stringify: array filters arrive comma-joined in one value
 * (`status=queued,failed`) as well as repeated (`status=queued&status=failed`). Splitting them
 * before validation lets the spec describe one form (repeated) and both work.
 */
export function splitCommaJoinedArrays(arrayParams: string[]): RequestHandler {
  return (req, _res, next) => {
    const query = { ...(req.query as Record<string, unknown>) };
    let changed = false;
    for (const name of arrayParams) {
      const value = query[name];
      const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : undefined;
      if (!values) continue;
      query[name] = values.flatMap((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [v]));
      changed = true;
    }
    // Express 5's req.query is a getter; redefine it as a plain value for the validator and handlers.
    if (changed) Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
    next();
  };
}

/**
 * Keeps the body exactly as submitted: the validator fills in schema defaults in place, but a job's
 * `request` is answered (and stored, and hashed for idempotency) in its original shape. Only the
 * objects and arrays are copied: strings are immutable, so the copy shares them, and a multi-MB
 * data: URL is not duplicated (structuredClone would copy it).
 */
export const keepSubmittedBody: RequestHandler = (req, res, next) => {
  if (req.body !== undefined) res.locals.submittedBody = copyStructure(req.body);
  next();
};

function copyStructure(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyStructure);
  // fromEntries defines own properties, so a JSON key "__proto__" stays a key (an assignment would set the prototype).
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyStructure(v)]));
  return value;
}

/** The body as the client sent it (before the validator applied defaults). */
export function submittedBody<T>(req: { body: unknown }, res: { locals: Record<string, unknown> }): T {
  return (res.locals.submittedBody ?? req.body) as T;
}
