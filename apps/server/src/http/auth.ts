import type { RequestHandler, Response } from 'express';
import type { ApiKeyVerifier } from '../auth/apiKeys.js';
import { ApiProblem } from '../errors.js';

/**
 * Authenticates `Api-Key: <key>` (the raw key, as the official SDKs send it) or
 * `?access_token=<key>`, and scopes the request to the key's organization.
 */
export function authenticate(verifier: ApiKeyVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers['api-key'];
    const fromQuery = typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
    const key = (Array.isArray(header) ? header[0] : header) ?? fromQuery;
    if (!key) {
      throw new ApiProblem(401, 'unauthorized', 'Send your API key in the Api-Key header or the access_token query parameter.');
    }
    const organizationId = await verifier.verify(key);
    if (!organizationId) throw new ApiProblem(401, 'unauthorized', 'The API key is invalid or revoked.');
    res.locals.organizationId = organizationId;
    next();
  };
}

/** The organization the request was authenticated for. */
export function organizationOf(res: Response): string {
  const org = res.locals.organizationId as string | undefined;
  if (!org) throw new Error('organizationOf called on an unauthenticated request');
  return org;
}
