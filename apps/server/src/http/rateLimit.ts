import type { RequestHandler } from 'express';
import type { Clock } from '../interfaces.js';
import { ApiProblem } from '../errors.js';

/**
 * A token bucket per organization (in this process): `perSecond` requests a second on average,
 * bursts up to twice that. Beyond it: 429 with Retry-After. Scaled out, each API process keeps its
 * own buckets, so the effective limit is per process.
 */
export function rateLimit(perSecond: number, clock: Clock): RequestHandler {
  const capacity = perSecond * 2;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (_req, res, next) => {
    if (perSecond <= 0) return next();
    const org = res.locals.organizationId as string;
    const now = clock.now();
    const bucket = buckets.get(org) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    buckets.set(org, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      throw new ApiProblem(429, 'rate_limited', `Too many requests. Retry after ${retryAfter} s.`, { limit_per_second: perSecond }, true, {
        'Retry-After': String(retryAfter),
      });
    }
    bucket.tokens -= 1;
    next();
  };
}
