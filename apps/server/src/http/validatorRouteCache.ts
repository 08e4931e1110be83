/**
 * express-openapi-validator finds a request's route by compiling the regular expression of each
 * spec route again, on every request, until one matches (`lookupRoute` calls path-to-regexp's
 * `pathToRegexp` per route per request): ~5% of a `GET /v1/jobs/{id}` in the CPU profile
 * (test/bench/README.md). This memoizes `pathToRegexp` on the very module object the validator
 * calls it through (it reads the export at each call). The validator only reads the result
 * (`regexp.exec` without the g flag, `keys`), and the cache key holds the path and every option,
 * so a cached result is the one a fresh call would give. Express's own router compiles its
 * matchers once, through path-to-regexp's internal binding, and is not affected.
 */
import { createRequire } from 'node:module';

type PathToRegexp = (path: string, options?: Record<string, unknown>) => unknown;

const MEMOIZED = Symbol.for('jobs-api.memoizedPathToRegexp');

/** Installs the cache once per process; a no-op if the module does not look as expected. */
export function memoizeValidatorRouteLookup(): void {
  const require = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
  const module = require('path-to-regexp') as { pathToRegexp?: PathToRegexp & { [MEMOIZED]?: true } };
  const original = module.pathToRegexp;
  if (typeof original !== 'function' || original[MEMOIZED]) return;
  const cache = new Map<string, unknown>();
  const memoized = Object.assign(
    (path: string, options?: Record<string, unknown>) => {
      if (typeof path !== 'string') return original(path, options);
      const key = `${optionsKey(options)} ${path}`;
      let compiled = cache.get(key);
      // The spec has a few dozen routes; the bound only guards against a caller with unbounded paths.
      if (compiled === undefined) {
        if (cache.size >= 1000) cache.clear();
        cache.set(key, (compiled = original(path, options)));
      }
      return compiled;
    },
    { [MEMOIZED]: true as const },
  );
  module.pathToRegexp = memoized;
}

/**
 * The cache key of the options: the validator passes exactly `{ sensitive, strict }` (booleans) on
 * every call, and a JSON.stringify of them per route per request was 4.5% of a GET's profile;
 * anything else keys by its JSON.
 */
function optionsKey(options: Record<string, unknown> | undefined): string {
  if (options === undefined) return '{}';
  const keys = Object.keys(options);
  if (keys.length === 2 && typeof options.sensitive === 'boolean' && typeof options.strict === 'boolean') {
    return `${options.sensitive ? 'S' : 's'}${options.strict ? 'T' : 't'}`;
  }
  return JSON.stringify(options);
}
