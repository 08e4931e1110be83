/**
 * The lists the API pages, once for both engines: what each reads (table, columns, scope, filters)
 * and how a row becomes an answer. An engine's list query is `readPage(<its reader>, <list>, query)`
 * (store/pagination.ts); jobs, whose filters need SQL per engine, have their own builder
 * (listJobsSql.ts) around the same keyset step.
 */
import type { Event, Project, ProjectDocument, Template, WebhookDelivery, WebhookEndpoint } from '@jobs-api/api-types';
import type { EventListQuery } from '../interfaces.js';
import {
  EVENT_COLUMNS,
  rowToEvent,
  rowToWebhookDelivery,
  rowToWebhookEndpoint,
  WEBHOOK_ATTEMPT_COLUMNS,
  WEBHOOK_ENDPOINT_COLUMNS,
  type EventRow,
  type WebhookAttemptRow,
  type WebhookEndpointRow,
} from './eventRows.js';
import type { PagedList } from './pagination.js';
import { PROJECT_COLUMNS, rowToProject, rowToStoredDocument, type ProjectDocumentRow, type ProjectRow } from './projectRows.js';
import { rowToTemplate, TEMPLATE_COLUMNS, type TemplateRow } from './templateRows.js';

const organization = (organizationId: string) => [['organization_id', organizationId]] as const;

export function templatesList(organizationId: string): PagedList<TemplateRow, Template> {
  return { source: { columns: TEMPLATE_COLUMNS, table: 'templates', scope: organization(organizationId) }, convert: rowToTemplate };
}

export function projectsList(organizationId: string): PagedList<ProjectRow, Project> {
  return { source: { columns: PROJECT_COLUMNS, table: 'projects', scope: organization(organizationId) }, convert: rowToProject };
}

/** @param columns the engine's SELECT list of a document (PostgreSQL reads the ground truth as text). */
export function projectDocumentsList(organizationId: string, projectId: string, columns: string): PagedList<ProjectDocumentRow, ProjectDocument> {
  return {
    source: { columns, table: 'project_documents', scope: [['project_id', projectId], ...organization(organizationId)] },
    convert: (row) => rowToStoredDocument(row).document,
  };
}

/**
 * The organization's events; a cursor may be any of its events, whatever the filters. PostgreSQL:
 * unlike job inserts, event inserts take no per-organization lock (they ride on every status
 * change, and the lock would serialise the organization's workers), so an `order=asc` walk that
 * reaches the newest events may miss one committed out of seq order; the stream and the webhooks
 * do not page and miss nothing.
 */
export function eventsList(organizationId: string, query: EventListQuery): PagedList<EventRow, Event> {
  return {
    source: {
      columns: EVENT_COLUMNS,
      table: 'job_events',
      scope: organization(organizationId),
      equals: query.jobId ? [['job_id', query.jobId]] : [],
      anyOf: [['type', query.types ?? []]],
    },
    convert: rowToEvent,
  };
}

export function webhookEndpointsList(organizationId: string): PagedList<WebhookEndpointRow, WebhookEndpoint> {
  return {
    source: { columns: WEBHOOK_ENDPOINT_COLUMNS, table: 'webhook_endpoints', scope: organization(organizationId) },
    convert: (row) => rowToWebhookEndpoint(row),
  };
}

/** An endpoint's delivery log (the caller has checked the endpoint is the organization's). */
export function webhookAttemptsList(organizationId: string, endpointId: string): PagedList<WebhookAttemptRow, WebhookDelivery> {
  return {
    source: { columns: WEBHOOK_ATTEMPT_COLUMNS, table: 'webhook_attempts', scope: [['endpoint_id', endpointId], ...organization(organizationId)] },
    convert: rowToWebhookDelivery,
  };
}
