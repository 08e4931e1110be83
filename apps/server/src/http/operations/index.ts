/**
 * One handler per operationId of the spec. Typed as a Record over every OperationId, so an operation
 * added to the spec without a handler (or a handler for an operation that is not in it) is a compile error;
 * the app mounts exactly these, at the paths the spec gives.
 */
import type { OperationId } from '@jobs-api/api-types';
import type { OperationHandler } from '../deps.js';
import { cancelJob } from './cancelJob.js';
import { classifyDocument } from './classifyDocument.js';
import { createJob } from './createJob.js';
import { createProject } from './createProject.js';
import { createProjectDocument } from './createProjectDocument.js';
import { createTemplate } from './createTemplate.js';
import { createWebhookEndpoint } from './createWebhookEndpoint.js';
import { deleteProject } from './deleteProject.js';
import { deleteProjectDocument } from './deleteProjectDocument.js';
import { deleteTemplate } from './deleteTemplate.js';
import { deleteWebhookEndpoint } from './deleteWebhookEndpoint.js';
import { evaluateClassification } from './evaluateClassification.js';
import { evaluateExtraction } from './evaluateExtraction.js';
import { evaluateSplit } from './evaluateSplit.js';
import { extractDocument } from './extractDocument.js';
import { extractWithProject } from './extractWithProject.js';
import { fillForm } from './fillForm.js';
import { fillTemplate } from './fillTemplate.js';
import { generateFormSchema } from './generateFormSchema.js';
import { generateSchema } from './generateSchema.js';
import { getEvent } from './getEvent.js';
import { getJob } from './getJob.js';
import { getProject } from './getProject.js';
import { getProjectDocument } from './getProjectDocument.js';
import { getTemplate } from './getTemplate.js';
import { getWebhookEndpoint } from './getWebhookEndpoint.js';
import { listEvents } from './listEvents.js';
import { listJobs } from './listJobs.js';
import { listProjectDocuments } from './listProjectDocuments.js';
import { listProjects } from './listProjects.js';
import { listTemplates } from './listTemplates.js';
import { listWebhookDeliveries } from './listWebhookDeliveries.js';
import { listWebhookEndpoints } from './listWebhookEndpoints.js';
import { parseDocument } from './parseDocument.js';
import { redeliverEvent } from './redeliverEvent.js';
import { retryJob } from './retryJob.js';
import { rotateWebhookEndpointSecret } from './rotateWebhookEndpointSecret.js';
import { splitAndExtractWithProject } from './splitAndExtractWithProject.js';
import { splitDocument } from './splitDocument.js';
import { streamJobEvents } from './streamJobEvents.js';
import { updateWebhookEndpoint } from './updateWebhookEndpoint.js';

export const operationHandlers: Record<OperationId, OperationHandler> = {
  cancelJob,
  classifyDocument,
  createJob,
  createProject,
  createProjectDocument,
  createTemplate,
  createWebhookEndpoint,
  deleteProject,
  deleteProjectDocument,
  deleteTemplate,
  deleteWebhookEndpoint,
  evaluateClassification,
  evaluateExtraction,
  evaluateSplit,
  extractDocument,
  extractWithProject,
  fillForm,
  fillTemplate,
  generateFormSchema,
  generateSchema,
  getEvent,
  getJob,
  getProject,
  getProjectDocument,
  getTemplate,
  getWebhookEndpoint,
  listEvents,
  listJobs,
  listProjectDocuments,
  listProjects,
  listTemplates,
  listWebhookDeliveries,
  listWebhookEndpoints,
  parseDocument,
  redeliverEvent,
  retryJob,
  rotateWebhookEndpointSecret,
  splitAndExtractWithProject,
  splitDocument,
  streamJobEvents,
  updateWebhookEndpoint,
};
