/**
 * What a JSON body must be before anything walks it: a JSON object (every operation of the spec
 * takes one), nested at most MAX_JSON_DEPTH levels. JSON.parse itself copes with any depth, but
 * every recursive walk after it (the submitted-body copy, the validator, request checks, hashing)
 * overflowed the stack at ~3,500 levels and answered 500. The check is an explicit-stack walk, so
 * it cannot overflow itself.
 */
import type { RequestHandler } from 'express';
import { invalidRequest } from '../errors.js';

/**
 * Deepest nesting of objects and arrays accepted in a body. The deepest real requests (a JSON
 * Schema with nested objects and arrays) stay far below 64 levels; 128 leaves room and keeps every
 * recursive walk far from the stack limit.
 */
export const MAX_JSON_DEPTH = 128;

/** The nesting depth of `value` (a scalar is 0), or MAX_JSON_DEPTH + 1 as soon as it goes deeper. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > limit) return limit + 1;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/** Refuses (400) a parsed JSON body that is not an object, or is nested too deeply. */
export const checkJsonBody: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  // No body, or one express.json did not parse (another content type): the validator answers.
  if (body === undefined || !req.is('application/json')) return next();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return next(invalidRequest(`The body must be a JSON object, not ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}.`));
  }
  if (jsonDepth(body) > MAX_JSON_DEPTH) {
    return next(invalidRequest(`The body is nested more than ${MAX_JSON_DEPTH} levels deep.`, { max_depth: MAX_JSON_DEPTH }));
  }
  next();
};
