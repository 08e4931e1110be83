/**
 * The Express app. Order matters:
 *   request id + exact JSON content type + CORS (preflights answered here) → operational routes (health, metrics, docs, dashboard, spec) →
 *   /v1: authenticate → rate limit → large-body gate → JSON body (an object, depth bounded) → spec validation → the operation →
 *   the one error mapping.
 * Authentication comes before the body is read, so an unauthenticated client cannot make the
 * server buffer and parse a large body.
 */
import { JOB_ENDPOINTS } from '@jobs-api/api-types';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { collectGarbage } from '../collectGarbage.js';
import { authenticate } from './auth.js';
import { limitConcurrentLargeBodies } from './bodyGate.js';
import { cors } from './cors.js';
import type { AppDeps } from './deps.js';
import { toErrorResponse } from './errors.js';
import { checkJsonBody } from './jsonBody.js';
import { operationHandlers } from './operations/index.js';
import { exactJsonContentType, keepSubmittedBody, requestContext, splitCommaJoinedArrays } from './requestContext.js';
import { rateLimit } from './rateLimit.js';
import { refuseNonFiniteNumbers } from './listQuery.js';
import { loadApiSpec, SPEC_JSON_PATH, SPEC_YAML_PATH } from './spec.js';
import { streamLargeJobBodies } from './streamedDataUrls.js';
import { memoizeValidatorRouteLookup } from './validatorRouteCache.js';

const require = createRequire(import.meta.url);

/**
 * The dashboard is bundled whole (no CDN) and talks only to this server: the browser enforces that.
 * Inline styles stay allowed for the chart library's sizing (uPlot sets style attributes).
 */
const DASHBOARD_CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The built `dist/` of a workspace site (apps/docs, apps/dashboard), when it was built. */
function siteDir(packageName: string): string | undefined {
  try {
    const dir = join(dirname(require.resolve(`${packageName}/package.json`)), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Bodies above this are large: read a few at a time (bodyGate.ts), a create's inline documents decoded as they stream in (streamedDataUrls.ts). */
const LARGE_BODY_BYTES = 1024 * 1024;
/**
 * The routes (below /v1) whose large bodies stream: job creates and the synchronous target
 * endpoints, whose handlers read a streamed document through `resolveDocument`. A 27 MB parse
 * parsed whole held ~100 MB more in the server at its peak (332 MB; the hostile-documents suite).
 */
const STREAMED_BODY_PATHS: ReadonlySet<string> = new Set(['/jobs', ...JOB_ENDPOINTS.map((endpoint) => endpoint.slice('/v1'.length))]);

/** The organization of the start-up requests that compile the validator (never stored, never answered by a handler). */
const WARM_UP_ORGANIZATION = 'org_validator_warm_up';

/** The app, and the start-up step that compiles every operation's validator before the first client arrives. */
export interface JobsApp {
  app: Express;
  /**
   * express-openapi-validator loads the spec and compiles an operation's schemas on the first
   * request that reaches it: the first create after start took ~1.4 s. This sends one request per
   * operation through the whole app (authentication included) on a loopback port of its own, with
   * a random key valid only until it returns; those requests stop right after validation. Call it
   * before the app listens.
   */
  compileValidators(): Promise<void>;
}

export function createApp(deps: AppDeps): JobsApp {
  const { config, logger, metrics } = deps;
  const spec = loadApiSpec();
  memoizeValidatorRouteLookup();
  const warmUpKey = `sk_warm_up_${randomBytes(24).toString('hex')}`;
  let warmingUp = true;
  const verifier: AppDeps['verifier'] = {
    verify: (key) => (warmingUp && key === warmUpKey ? Promise.resolve(WARM_UP_ORGANIZATION) : deps.verifier.verify(key)),
  };
  const app = express();
  // Express 5's default "simple" parser turns `a[]=x&a[]=y` into ["x,y"]; the validator needs arrays.
  app.set('query parser', 'extended');
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(requestContext(logger, metrics), exactJsonContentType, cors(config.corsOrigins));

  // Operational routes: outside the API spec, no key needed.
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, 'ok' | 'failing'> = {};
    let workers: unknown[] = [];
    try {
      await deps.store.ping();
      checks.database = 'ok';
      workers = await deps.store.listLiveWorkers(deps.clock.now() - 3 * config.heartbeatIntervalMs);
      checks.workers = workers.length > 0 ? 'ok' : 'failing';
    } catch {
      checks.database = 'failing';
    }
    // Without a worker the API still accepts jobs (202 dispatch_delayed), so only the database gates readiness.
    // The engine pool's figures (a dashboard shows them); a busy pool does not make the API unready.
    const figures = deps.engineFigures?.();
    const engine = figures ? { mode: 'sandboxed', ...figures } : { mode: 'in_process' };
    res.status(checks.database === 'ok' ? 200 : 503).json({ status: checks.database === 'ok' ? 'ready' : 'not_ready', checks, workers, engine });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.status(200).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', (_req, res) => res.sendFile(SPEC_JSON_PATH));
  app.get('/openapi.yaml', (_req, res) => res.type('application/yaml').sendFile(SPEC_YAML_PATH));
  const docs = siteDir('@jobs-api/docs');
  if (docs) {
    // The reference used to be /docs/reference.html; links to it keep working.
    app.get('/docs/reference.html', (_req, res) => res.redirect(301, '/docs/'));
    app.use('/docs', express.static(docs, { index: 'index.html' }));
  } else logger.warn('apps/docs/dist is not built: /docs answers 404 (run `npm run docs`)');
  // @jobs-api/dashboard is not a dependency in package.json: it depends on the server for its
  // browser test, and the reverse edge would be a cycle. turbo.json builds it before the server's tests.
  const dashboard = siteDir('@jobs-api/dashboard');
  if (!dashboard) logger.warn('apps/dashboard/dist is not built: /dashboard answers 404 (run `npm run build`)');
  // Mounted either way, so the app's routes do not depend on what was built first.
  app.use(
    '/dashboard',
    dashboard
      ? express.static(dashboard, { index: 'index.html', setHeaders: (res) => res.setHeader('Content-Security-Policy', DASHBOARD_CSP) })
      : (_req, _res, next) => next(),
  );

  const v1 = express.Router();
  v1.use(
    authenticate(verifier),
    (_req, res, next) => {
      // The start-up requests of compileValidators: no access-log line, no metrics.
      if (res.locals.organizationId === WARM_UP_ORGANIZATION) res.locals.unlogged = true;
      next();
    },
    rateLimit(config.rateLimitPerSecond, deps.clock),
    limitConcurrentLargeBodies(LARGE_BODY_BYTES),
    streamLargeJobBodies({
      minBytes: LARGE_BODY_BYTES,
      limitBytes: config.bodyLimitBytes,
      thresholdBytes: config.offloadThresholdBytes,
      paths: STREAMED_BODY_PATHS,
    }),
  );
  v1.use(express.json({ limit: config.bodyLimitBytes }), checkJsonBody, keepSubmittedBody);
  app.use('/v1', v1);
  for (const op of spec.operations) {
    if (op.arrayQueryParams.length) app[op.method](op.expressPath, splitCommaJoinedArrays(op.arrayQueryParams));
    if (op.numericQueryParams.length) app[op.method](op.expressPath, refuseNonFiniteNumbers(op.numericQueryParams));
  }
  app.use(
    OpenApiValidator.middleware({
      apiSpec: spec.validatorDocument as never,
      validateRequests: { allErrors: true, discriminator: true } as never,
      validateResponses: deps.validateResponses ? { removeAdditional: false } : false,
      // Keys are checked by `authenticate` (constant time, revocation); the validator only checks shapes.
      validateSecurity: false,
      // The spec takes no multipart body: without this the validator sets up multer and runs its
      // multipart check, one more promise-chained middleware, on every request (1.3% of a create).
      fileUploader: false,
      ignorePaths: /^\/(healthz|readyz|metrics|docs|dashboard|openapi\.(json|yaml))/,
    }),
  );
  // A start-up request that passed validation stops here: no handler runs for it.
  app.use((_req, res, next) => (res.locals.organizationId === WARM_UP_ORGANIZATION ? res.status(204).end() : next()));
  for (const op of spec.operations) {
    const handler = operationHandlers[op.operationId];
    if (!handler) throw new Error(`no handler for operation ${op.operationId}`);
    app[op.method](op.expressPath, handler(deps));
  }
  app.use((_req, _res, next) => next(Object.assign(new Error('No such route.'), { status: 404, errors: [] })));

  const handleError: ErrorRequestHandler = (error, _req, res, _next) => {
    const requestId = res.locals.requestId as string;
    const answer = toErrorResponse(error, requestId, config.bodyLimitBytes);
    const log = res.locals.logger ?? logger;
    if (answer.unexpected) log.error({ err: error }, 'request failed');
    if (res.headersSent) return res.end();
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.status(answer.status).json(answer.body);
  };
  app.use(handleError);

  const compileValidators = async () => {
    const server = createServer(app);
    await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const op of spec.operations) {
        const path = op.path.replace(/\{[^}]+\}/g, 'warm_up');
        // A POST with a JSON body compiles the body schema (a `{}` body fails validation: no handler runs).
        const body = op.method === 'get' || op.method === 'delete' ? undefined : '{}';
        const headers: Record<string, string> = { 'api-key': warmUpKey, ...(body ? { 'content-type': 'application/json' } : {}) };
        const answer = await fetch(`${base}${path}`, { method: op.method.toUpperCase(), headers, body });
        await answer.arrayBuffer();
      }
    } finally {
      warmingUp = false;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    // Compiling leaves ~75 MiB of dead objects in V8's large-object space (the validator's copies of
    // the spec and the generated code), which an idle server never collects: it started at 216 MiB
    // RSS instead of 139, and a first burst of large creates peaked on top of it.
    collectGarbage();
  };
  return { app, compileValidators };
}
