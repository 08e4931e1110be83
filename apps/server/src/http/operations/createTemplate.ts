import type { TemplateCreate } from '@jobs-api/api-types';
import { createTemplate as create } from '../../templates/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** POST /v1/edit/templates: stores a PDF form with its inferred fields (422 for a PDF that cannot be read). */
export const createTemplate: OperationHandler = (deps) =>
  async function createTemplate(req, res) {
    // Inferring a scanned form's fields takes seconds of OCR: stop if the client goes away.
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new DOMException('The client went away', 'AbortError'));
    });
    res.status(200).json(await create(deps, organizationOf(res), req.body as TemplateCreate, controller.signal));
  };
