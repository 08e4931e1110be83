import type { JobEndpoint } from '@jobs-api/api-types';
import { checkEndpointRequest } from '../../jobs/requestChecks.js';
import { planOffload, streamedDocument } from '../../blobs/dataUrls.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { streamedDataUrlsOf } from '../streamedDataUrls.js';

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
      // Documents of a large body were decoded while it streamed in: one whose payload is not
      // base64 is the 422 it would have been inline; the others are read through resolveDocument.
      const streamed = streamedDataUrlsOf(res);
      if (streamed) planOffload(request, Number.POSITIVE_INFINITY, streamed, '/body');
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
        // No blob refs here: only the documents decoded while a large body streamed in.
        resolveDocument: async (url) => streamedDocument(streamed, url),
        logger: res.locals.logger,
      });
      res.status(200).json(body);
    };
}
