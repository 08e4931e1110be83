/**
 * Webhook endpoints on SQLite. A deliberate pair with PostgreSQL's module of the same name: the
 * same statements in each dialect; the paged lists are declared once (pagedLists.ts) and the row
 * conversions are shared (eventRows.ts).
 */
import type { WebhookDelivery, WebhookEndpoint } from '@jobs-api/api-types';
import type { NewWebhookEndpoint, Page, PageQuery, WebhookEndpointChanges } from '../../../interfaces.js';
import { webhookAttemptsList, webhookEndpointsList } from '../../pagedLists.js';
import { readPage } from '../../pagination.js';
import { rowToWebhookEndpoint, WEBHOOK_ENDPOINT_COLUMNS, type WebhookEndpointRow } from '../../eventRows.js';
import { toSeconds } from '../../rows.js';
import { sqlitePageReader, statement, type SqliteDatabase } from '../db.js';

function endpointRow(db: SqliteDatabase, organizationId: string, endpointId: string): WebhookEndpointRow | undefined {
  return statement<[string, string], WebhookEndpointRow>(
    db,
    `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ? AND organization_id = ?`,
  ).get(endpointId, organizationId);
}

export function insertWebhookEndpoint(db: SqliteDatabase, e: NewWebhookEndpoint): WebhookEndpoint {
  const row = statement<unknown[], WebhookEndpointRow>(
    db,
    `INSERT INTO webhook_endpoints (id, organization_id, url, description, enabled_events, metadata, status, secret, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'enabled', ?, ?) RETURNING ${WEBHOOK_ENDPOINT_COLUMNS}`,
  ).get(e.id, e.organizationId, e.url, e.description, JSON.stringify(e.enabledEvents), JSON.stringify(e.metadata), e.secret, toSeconds(e.createdAt))!;
  return rowToWebhookEndpoint(row, true);
}

export function getWebhookEndpoint(db: SqliteDatabase, organizationId: string, endpointId: string): WebhookEndpoint | undefined {
  const row = endpointRow(db, organizationId, endpointId);
  return row && rowToWebhookEndpoint(row);
}

/** One page of the organization's webhook endpoints (store/pagination.ts). */
export function listWebhookEndpoints(db: SqliteDatabase, organizationId: string, query: PageQuery): Promise<Page<WebhookEndpoint> | undefined> {
  return readPage(sqlitePageReader(db), webhookEndpointsList(organizationId), query);
}

/**
 * Applies a PATCH. Enabling clears the reason and the failure streak (a fresh start: 5 more days
 * before it is disabled again); disabling by the user records `disabled_by_user`.
 */
export function updateWebhookEndpoint(db: SqliteDatabase, organizationId: string, endpointId: string, c: WebhookEndpointChanges): WebhookEndpoint | undefined {
  const row = statement<unknown[], WebhookEndpointRow>(
    db,
    `UPDATE webhook_endpoints SET
       url = COALESCE(@url, url),
       description = CASE WHEN @set_description THEN @description ELSE description END,
       enabled_events = COALESCE(@enabled_events, enabled_events),
       metadata = COALESCE(@metadata, metadata),
       status = COALESCE(@status, status),
       disabled_reason = CASE @status WHEN 'enabled' THEN NULL WHEN 'disabled' THEN 'disabled_by_user' ELSE disabled_reason END,
       failing_since = CASE @status WHEN 'enabled' THEN NULL ELSE failing_since END
     WHERE id = @id AND organization_id = @org
     RETURNING ${WEBHOOK_ENDPOINT_COLUMNS}`,
  ).get({
    id: endpointId,
    org: organizationId,
    url: c.url ?? null,
    set_description: c.description !== undefined ? 1 : 0,
    description: c.description ?? null,
    enabled_events: c.enabledEvents ? JSON.stringify(c.enabledEvents) : null,
    metadata: c.metadata ? JSON.stringify(c.metadata) : null,
    status: c.status ?? null,
  });
  return row && rowToWebhookEndpoint(row);
}

export function rotateWebhookSecret(
  db: SqliteDatabase,
  organizationId: string,
  endpointId: string,
  secret: string,
  previousExpiresAt: number,
): WebhookEndpoint | undefined {
  const row = statement<unknown[], WebhookEndpointRow>(
    db,
    `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = ?, secret = ?
     WHERE id = ? AND organization_id = ? RETURNING ${WEBHOOK_ENDPOINT_COLUMNS}`,
  ).get(previousExpiresAt, secret, endpointId, organizationId);
  return row && rowToWebhookEndpoint(row, true);
}

export function deleteWebhookEndpoint(db: SqliteDatabase, organizationId: string, endpointId: string): boolean {
  return statement(db, 'DELETE FROM webhook_endpoints WHERE id = ? AND organization_id = ?').run(endpointId, organizationId).changes === 1;
}

/** One page of an endpoint's delivery log (store/pagination.ts); undefined for an unknown endpoint or cursor. */
export async function listWebhookAttempts(
  db: SqliteDatabase,
  organizationId: string,
  endpointId: string,
  query: PageQuery,
): Promise<Page<WebhookDelivery> | undefined> {
  if (!endpointRow(db, organizationId, endpointId)) return undefined;
  return readPage(sqlitePageReader(db), webhookAttemptsList(organizationId, endpointId), query);
}
