import type { JobEndpoint } from '@jobs-api/api-types';
import { ApiProblem } from '../errors.js';
import type { EndpointDefinition } from './types.js';

/**
 * An endpoint whose engine is not built on this server yet: 501 on its synchronous route, and its
 * jobs fail at once with `not_implemented` (501 is not retryable: waiting will not help).
 */
export function notImplementedEndpoint<E extends JobEndpoint>(endpoint: E): EndpointDefinition<E> {
  return {
    endpoint,
    handle: async () => {
      throw new ApiProblem(501, 'not_implemented', `${endpoint} is not available on this server yet.`);
    },
  };
}
