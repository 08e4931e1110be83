import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';

/**
 * Request ids come from a pool of random bytes refilled 4 KiB at a time: one randomBytes call per
 * request was ~1.5% of a GET in the CPU profile.
 */
const ID_BYTES = 8;
let idPool = Buffer.alloc(0);
let idOffset = 0;
function newRequestId(): string {
  if (idOffset + ID_BYTES > idPool.length) {
    idPool = randomBytes(4096);
    idOffset = 0;
  }
  idOffset += ID_BYTES;
  return `req_${idPool.toString('hex', idOffset - ID_BYTES, idOffset)}`;
}

/**
 * Per request: an id (the caller's `x-request-id` when it looks like one, else a new one), echoed
 * in the `x-request-id` header, in error bodies and in every log line; one access-log line when
 * the response finishes (the query string is left out: it may hold an access_token).
 * `res.locals.logger` (a child logger bound to the request id) is made on first use: most
 * requests log only their access line, and a child per request cost ~2% of a GET.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.:-]{8,128}$/.test(incoming) ? incoming : newRequestId();
    res.locals.requestId = requestId;
    let child: Logger | undefined;
    Object.defineProperty(res.locals, 'logger', {
      get: () => (child ??= logger.child({ request_id: requestId })),
      enumerable: true,
      configurable: true,
    });
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      if (res.locals.unlogged) return;
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      (child ?? logger).info(
        {
          ...(child ? {} : { request_id: requestId }),
          method: req.method,
          path: req.path,
          route,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          org: res.locals.organizationId,
        },
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
      query[name] = values.flatMap((v) =>
        typeof v === 'string'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [v],
      );
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
