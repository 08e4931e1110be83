/**
 * A valid `request` for every target endpoint, with its prerequisites, and an invalid one.
 *
 * Prerequisites are made through the API when it offers them: a template (`POST /v1/edit/templates`)
 * for `/v1/edit/templates/fill`, a project of the right kind with a labelled document
 * (`POST /v1/projects`, `POST /v1/projects/{id}/documents`) for the evals. While those resources
 * are not built they answer 501; the request then names a well-formed id that does not exist, which
 * is still a valid request by the schema, and the job fails with `not_implemented` like its
 * endpoint's. Once they answer 2xx, the real ids are used with no change here.
 */
import type { JobEndpoint } from '@jobs-api/api-types';
import { responseSchema } from '@jobs-api/test-helpers';
import { operationFor } from './checkedFetch.js';
import { pdfDocument, textDocument, textDataUrl } from './documents.js';
import { CONTRACT_API_KEY } from './servers.js';
import { problemsAgainst } from './spec.js';

export type JsonRecord = Record<string, unknown>;

export interface Prerequisites {
  baseUrl: string;
  /** What was made for the request (or why not), for failure messages and the report. */
  notes: string[];
  /** 2xx answers that do not fit their response schema. */
  problems: string[];
}

export const EXTRACT_SCHEMA = {
  type: 'object',
  properties: { invoice_number: { type: 'string' }, total: { type: 'number' } },
  required: ['invoice_number', 'total'],
};
const CATEGORIES = [
  { name: 'invoice', description: 'A bill asking for payment' },
  { name: 'letter', description: 'Any other correspondence' },
];
const SUBDOCUMENTS = [{ name: 'invoice', description: 'An invoice' }];
const BUNDLE = ['INVOICE\nInvoice number: 1001\nTotal: 20', 'INVOICE\nInvoice number: 1002\nTotal: 35'].join('\f');

/**
 * POSTs a prerequisite with plain fetch rather than through the answer checks: while templates and
 * projects were not built they answered 501, a status their operations do not declare. A 2xx answer
 * is checked against its response schema here.
 */
async function create(pre: Prerequisites, path: string, body: JsonRecord): Promise<string | undefined> {
  const response = await fetch(new URL(path, pre.baseUrl), {
    method: 'POST',
    headers: { 'Api-Key': CONTRACT_API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { id?: string; error?: { code?: string } };
  if (response.ok) {
    const schema = responseSchema(operationFor('POST', path)!, response.status);
    pre.problems.push(
      ...(schema ? problemsAgainst(schema, answer, `POST ${path} → ${response.status}`) : [`POST ${path}: ${response.status} is not declared`]),
    );
  }
  if (response.ok && typeof answer.id === 'string') {
    pre.notes.push(`POST ${path} → ${response.status} ${answer.id}`);
    return answer.id;
  }
  pre.notes.push(`POST ${path} → ${response.status} ${answer.error?.code ?? ''}`.trim());
  return undefined;
}

/** A project of `kind` holding one labelled document; a well-formed unknown id while projects answer non-2xx. */
async function labelledProject(pre: Prerequisites, kind: 'extract' | 'split' | 'classify'): Promise<{ projectId: string; documentId?: string }> {
  const task = { extract: { json_schema: EXTRACT_SCHEMA }, split: { subdocuments: SUBDOCUMENTS }, classify: { categories: CATEGORIES } }[kind];
  const projectId = await create(pre, '/v1/projects', { name: `contract ${kind}`, kind, ...task });
  if (!projectId) return { projectId: 'proj_contractNotCreated00' };
  const groundTruth = { extract: { invoice_number: '12398982', total: 561 }, split: [{ name: 'invoice', pages: [1] }], classify: 'invoice' }[kind];
  const documentId = await create(pre, `/v1/projects/${projectId}/documents`, { document: textDocument(), ground_truth: groundTruth });
  return { projectId, documentId };
}

type Builder = (pre: Prerequisites) => Promise<JsonRecord>;

/** One builder per endpoint of the spec's enum (a compile error when the types gain one). */
export const VALID_REQUESTS: Record<JobEndpoint, Builder> = {
  '/v1/documents/parse': async () => ({ document: textDocument(), table_parsing_format: 'markdown' }),
  '/v1/documents/extract': async () => ({ document: textDocument(), json_schema: EXTRACT_SCHEMA, model: 'retab-small' }),
  '/v1/documents/classify': async () => ({ document: textDocument(), categories: CATEGORIES }),
  '/v1/documents/split': async () => ({ document: { filename: 'bundle.txt', url: textDataUrl(BUNDLE) }, subdocuments: SUBDOCUMENTS }),
  '/v1/schemas/generate': async () => ({ documents: [textDocument()], instructions: 'Capture the invoice number and the total.' }),
  '/v1/edit/agent/fill': async () => ({ document: await pdfDocument(), instructions: { full_name: 'Jane Doe', amount: '1200', urgent: true } }),
  '/v1/edit/templates/fill': async (pre) => {
    const templateId = await create(pre, '/v1/edit/templates', { name: 'contract wire form', document: await pdfDocument() });
    return { template_id: templateId ?? 'tpl_contractNotCreated000', instructions: 'Full name: Jane Doe; Amount: 1200' };
  },
  '/v1/edit/templates/generate': async () => ({ document: await pdfDocument() }),
  '/v1/evals/extract/process': async (pre) => ({ project_id: (await labelledProject(pre, 'extract')).projectId }),
  '/v1/evals/split/process': async (pre) => ({ project_id: (await labelledProject(pre, 'split')).projectId }),
  '/v1/evals/classify/process': async (pre) => ({ project_id: (await labelledProject(pre, 'classify')).projectId }),
  '/v1/evals/extract/extract': async (pre) => {
    const { projectId, documentId } = await labelledProject(pre, 'extract');
    // A labelled document of the project when there is one (compared with its ground truth), else inline.
    return documentId ? { project_id: projectId, document_id: documentId } : { project_id: projectId, document: textDocument() };
  },
  '/v1/evals/extract/split': async (pre) => ({
    project_id: (await labelledProject(pre, 'extract')).projectId,
    document: { filename: 'bundle.txt', url: textDataUrl(BUNDLE) },
  }),
};

/**
 * An invalid request for any endpoint: every required property missing, a property no request
 * schema declares, and `model` (which every target endpoint takes) of the wrong type.
 */
export function invalidRequest(): JsonRecord {
  return { not_a_field_of_any_request: true, model: 42 };
}
