import type { JobEndpoint } from '@jobs-api/api-types';
import { checkEndpointRequest } from '../../jobs/requestChecks.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/**
 * The synchronous route of a target endpoint: the same checks as a job create, then the very same
 * handler the job runner calls, answered directly. Aborted if the client goes away.
 */
export function runEndpoint(endpoint: JobEndpoint): OperationHandler {
  return ({ endpoints, isKnownModel, config }) =>
    async function runEndpointSynchronously(req, res) {
      const definition = endpoints[endpoint];
      const organizationId = organizationOf(res);
      const request = req.body as Record<string, unknown>;
      checkEndpointRequest(endpoint, request, definition, {
        isKnownModel,
        allowHttp: config.fetchAllowHttp,
        allowPrivateNetworks: config.fetchAllowPrivateNetworks,
      });
      await definition.checkReferences?.(request as never, organizationId);
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort(new DOMException('The client went away', 'AbortError'));
      });
      const body = await definition.handle(request as never, {
        signal: controller.signal,
        organizationId,
        // Synchronous requests keep their data: URLs inline; there are no blob refs to resolve.
        resolveDocument: async () => undefined,
        logger: res.locals.logger,
      });
      res.status(200).json(body);
    };
}
