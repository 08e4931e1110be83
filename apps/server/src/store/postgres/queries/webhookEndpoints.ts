/**
 * Webhook endpoints on PostgreSQL. A deliberate pair with SQLite's module of the same name: the
 * same statements in each dialect; the paged lists are declared once (pagedLists.ts) and the row
 * conversions are shared (eventRows.ts).
 */
import type { WebhookDelivery, WebhookEndpoint } from '@jobs-api/api-types';
import type { NewWebhookEndpoint, Page, PageQuery, WebhookEndpointChanges } from '../../../interfaces.js';
import { webhookAttemptsList, webhookEndpointsList } from '../../pagedLists.js';
import { readPage } from '../../pagination.js';
import { rowToWebhookEndpoint, WEBHOOK_ENDPOINT_COLUMNS, type WebhookEndpointRow } from '../../eventRows.js';
import { toSeconds } from '../../rows.js';
import { pgPageReader, type PgDatabase } from '../db.js';

async function endpointRow(db: PgDatabase, organizationId: string, endpointId: string): Promise<WebhookEndpointRow | undefined> {
  const { rows } = await db.query<WebhookEndpointRow>(`SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND organization_id = $2`, [
    endpointId,
    organizationId,
  ]);
  return rows[0];
}

export async function insertWebhookEndpoint(db: PgDatabase, e: NewWebhookEndpoint): Promise<WebhookEndpoint> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `INSERT INTO webhook_endpoints (id, organization_id, url, description, enabled_events, metadata, status, secret, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, 'enabled', $7, $8)
     ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id
     RETURNING ${WEBHOOK_ENDPOINT_COLUMNS}`,
    [e.id, e.organizationId, e.url, e.description, JSON.stringify(e.enabledEvents), JSON.stringify(e.metadata), e.secret, toSeconds(e.createdAt)],
  );
  return rowToWebhookEndpoint(rows[0]!, true);
}

export async function getWebhookEndpoint(db: PgDatabase, organizationId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
  const row = await endpointRow(db, organizationId, endpointId);
  return row && rowToWebhookEndpoint(row);
}

/** One page of the organization's webhook endpoints (store/pagination.ts). */
export function listWebhookEndpoints(db: PgDatabase, organizationId: string, query: PageQuery): Promise<Page<WebhookEndpoint> | undefined> {
  return readPage(pgPageReader(db), webhookEndpointsList(organizationId), query);
}

/** See the SQLite module: enabling clears the reason and the failure streak. */
export async function updateWebhookEndpoint(
  db: PgDatabase,
  organizationId: string,
  endpointId: string,
  c: WebhookEndpointChanges,
): Promise<WebhookEndpoint | undefined> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `UPDATE webhook_endpoints SET
       url = COALESCE($3, url),
       description = CASE WHEN $4 THEN $5 ELSE description END,
       enabled_events = COALESCE($6::jsonb, enabled_events),
       metadata = COALESCE($7::jsonb, metadata),
       status = COALESCE($8, status),
       disabled_reason = CASE $8::text WHEN 'enabled' THEN NULL WHEN 'disabled' THEN 'disabled_by_user' ELSE disabled_reason END,
       failing_since = CASE $8::text WHEN 'enabled' THEN NULL ELSE failing_since END
     WHERE id = $1 AND organization_id = $2
     RETURNING ${WEBHOOK_ENDPOINT_COLUMNS}`,
    [
      endpointId,
      organizationId,
      c.url ?? null,
      c.description !== undefined,
      c.description ?? null,
      c.enabledEvents ? JSON.stringify(c.enabledEvents) : null,
      c.metadata ? JSON.stringify(c.metadata) : null,
      c.status ?? null,
    ],
  );
  return rows[0] && rowToWebhookEndpoint(rows[0]);
}

export async function rotateWebhookSecret(
  db: PgDatabase,
  organizationId: string,
  endpointId: string,
  secret: string,
  previousExpiresAt: number,
): Promise<WebhookEndpoint | undefined> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $3, secret = $4
     WHERE id = $1 AND organization_id = $2 RETURNING ${WEBHOOK_ENDPOINT_COLUMNS}`,
    [endpointId, organizationId, previousExpiresAt, secret],
    // Run twice, it would put the new secret in previous_secret: the client retries instead.
    { idempotent: false },
  );
  return rows[0] && rowToWebhookEndpoint(rows[0], true);
}

export async function deleteWebhookEndpoint(db: PgDatabase, organizationId: string, endpointId: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM webhook_endpoints WHERE id = $1 AND organization_id = $2', [endpointId, organizationId]);
  return rowCount === 1;
}

type DeliveryPage = Page<WebhookDelivery> | undefined;

/** One page of an endpoint's delivery log (store/pagination.ts); undefined for an unknown endpoint or cursor. */
export async function listWebhookAttempts(db: PgDatabase, organizationId: string, endpointId: string, query: PageQuery): Promise<DeliveryPage> {
  if (!(await endpointRow(db, organizationId, endpointId))) return undefined;
  return readPage(pgPageReader(db), webhookAttemptsList(organizationId, endpointId), query);
}
