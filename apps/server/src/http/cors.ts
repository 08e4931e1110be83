import type { RequestHandler } from 'express';

/**
 * CORS, so the client package works from a browser page: answers preflights (OPTIONS) before
 * authentication and validation, allows the headers the API reads and exposes the ones it answers.
 * Keys travel in a header, never in cookies, so allowing any origin (the default) grants a page
 * nothing it does not already hold; set CORS_ORIGINS to a comma-separated list to restrict it.
 */
export function cors(allowedOrigins: string[]): RequestHandler {
  const any = allowedOrigins.includes('*');
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && (any || allowedOrigins.includes(origin))) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      if (!any) res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'x-request-id, Retry-After, Idempotent-Replayed');
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Api-Key, Idempotency-Key, Content-Type, X-Request-Id');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
