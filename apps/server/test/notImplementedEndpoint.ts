import type { JobEndpoint } from '@jobs-api/api-types';
import { ApiProblem } from '../src/errors.js';
import type { EndpointDefinition } from '../src/endpoints/types.js';

/**
 * For tests of the 501 path: an endpoint as a server that does not offer it would answer (501 on
 * its synchronous route; its jobs fail at once with `not_implemented`, since 501 is not retryable).
 * This server offers all 13 target endpoints, so only tests need it.
 */
export function notImplementedEndpoint<E extends JobEndpoint>(endpoint: E): EndpointDefinition<E> {
  return {
    endpoint,
    handle: async () => {
      throw new ApiProblem(501, 'not_implemented', `${endpoint} is not available on this server yet.`);
    },
  };
}
