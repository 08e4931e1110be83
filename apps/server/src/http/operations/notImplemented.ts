import { ApiProblem } from '../../errors.js';
import type { OperationHandler } from '../deps.js';

/** An operation of the spec whose resource is not built on this server yet: 501 not_implemented. */
export function notImplemented(what: string): OperationHandler {
  return () =>
    function notImplementedYet() {
      throw new ApiProblem(501, 'not_implemented', `${what} is not available on this server yet.`);
    };
}
