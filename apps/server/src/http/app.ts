/**
 * The Express app. Order matters:
 *   request id + exact JSON content type + CORS (preflights answered here) → operational routes (health, metrics, docs, dashboard, spec) →
 *   /v1: authenticate → rate limit → large-body gate → JSON body → spec validation → the operation →
 *   the one error mapping.
 * Authentication comes before the body is read, so an unauthenticated client cannot make the
 * server buffer and parse a large body.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { authenticate } from './auth.js';
import { limitConcurrentLargeBodies } from './bodyGate.js';
import { cors } from './cors.js';
import type { AppDeps } from './deps.js';
import { toErrorResponse } from './errors.js';
import { operationHandlers } from './operations/index.js';
import { exactJsonContentType, keepSubmittedBody, requestContext, splitCommaJoinedArrays } from './requestContext.js';
import { rateLimit } from './rateLimit.js';
import { loadApiSpec, SPEC_JSON_PATH, SPEC_YAML_PATH } from './spec.js';

const require = createRequire(import.meta.url);

/**
 * The dashboard is bundled whole (no CDN) and talks only to this server: the browser enforces that.
 * Inline styles stay allowed for the chart library's sizing (uPlot sets style attributes).
 */
const DASHBOARD_CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The built `dist/` of a workspace site (apps/docs, apps/dashboard), when it was built. */
function siteDir(packageName: string): string | undefined {
  try {
    const dir = join(dirname(require.resolve(`${packageName}/package.json`)), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

export function createApp(deps: AppDeps): Express {
  const { config, logger, metrics } = deps;
  const spec = loadApiSpec();
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
  }
  else logger.warn('apps/docs/dist is not built: /docs answers 404 (run `npm run docs`)');
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
  v1.use(authenticate(deps.verifier), rateLimit(config.rateLimitPerSecond, deps.clock), limitConcurrentLargeBodies());
  v1.use(express.json({ limit: config.bodyLimitBytes }), keepSubmittedBody);
  app.use('/v1', v1);
  for (const op of spec.operations) {
    if (op.arrayQueryParams.length) app[op.method](op.expressPath, splitCommaJoinedArrays(op.arrayQueryParams));
  }
  app.use(
    OpenApiValidator.middleware({
      apiSpec: spec.validatorDocument as never,
      validateRequests: { allErrors: true, discriminator: true } as never,
      validateResponses: deps.validateResponses ? { removeAdditional: false } : false,
      // Keys are checked by `authenticate` (constant time, revocation); the validator only checks shapes.
      validateSecurity: false,
      ignorePaths: /^\/(healthz|readyz|metrics|docs|dashboard|openapi\.(json|yaml))/,
    }),
  );
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
  return app;
}
