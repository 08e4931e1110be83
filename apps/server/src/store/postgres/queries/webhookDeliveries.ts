import type { ClaimedDelivery, DeliveryAttemptOutcome, RedeliverOutcome } from '../../../interfaces.js';
import { newWebhookAttemptId, newWebhookDeliveryId } from '../../../jobs/ids.js';
import { subscribes } from '../../../webhooks/matching.js';
import {
  EVENT_COLUMNS,
  rowToEvent,
  rowToWebhookEndpoint,
  signingSecrets,
  WEBHOOK_ENDPOINT_COLUMNS,
  type EventRow,
  type WebhookEndpointRow,
} from '../../eventRows.js';
import { toSeconds } from '../../rows.js';
import type { PgDatabase, Sql } from '../db.js';

/** Inserts a pending delivery due now, or moves an already pending one for the pair to now. */
async function scheduleDelivery(sql: Sql, eventId: string, endpointId: string, organizationId: string, now: number): Promise<void> {
  await sql.query(
    `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, organization_id, status, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, 'pending', $5, $5)
     ON CONFLICT (event_id, endpoint_id) WHERE status = 'pending'
     DO UPDATE SET next_attempt_at = LEAST(webhook_deliveries.next_attempt_at, EXCLUDED.next_attempt_at)`,
    [newWebhookDeliveryId(), eventId, endpointId, organizationId, now],
  );
}

/**
 * See EventStore.fanOutEvents. The events are locked FOR UPDATE SKIP LOCKED, so concurrent workers
 * fan out different events, and an event is marked in the transaction that created its
 * deliveries: a crash leaves both or neither.
 */
export async function fanOutEvents(db: PgDatabase, limit: number, now: number): Promise<number> {
  return db.transaction(async (sql) => {
    const { rows: events } = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM job_events WHERE NOT fanned_out ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (events.length === 0) return 0;
    const orgs = [...new Set(events.map((e) => e.organization_id))];
    const { rows: endpoints } = await sql.query<WebhookEndpointRow>(
      `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = ANY($1::text[]) AND status = 'enabled'`,
      [orgs],
    );
    for (const row of events) {
      const event = rowToEvent(row);
      for (const e of endpoints) {
        if (e.organization_id === row.organization_id && subscribes(rowToWebhookEndpoint(e), event)) {
          await scheduleDelivery(sql, row.id, e.id, row.organization_id, now);
        }
      }
    }
    await sql.query('UPDATE job_events SET fanned_out = true WHERE seq = ANY($1::bigint[])', [events.map((e) => e.seq)]);
    return events.length;
  });
}

/**
 * Leases due deliveries of enabled endpoints (FOR UPDATE SKIP LOCKED: concurrent workers take
 * different rows; a leased row is not due again before its lease expires).
 */
export async function claimDeliveries(db: PgDatabase, args: { workerId: string; limit: number; now: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
  return db.transaction(
    async (sql) => {
      const { rows: leased } = await sql.query<{ id: string; attempt_count: number; organization_id: string; endpoint_id: string; event_id: string }>(
        `WITH due AS (
           SELECT d.id FROM webhook_deliveries AS d
           JOIN webhook_endpoints AS e ON e.id = d.endpoint_id AND e.status = 'enabled'
           WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_expires_at IS NULL OR d.lease_expires_at < $1)
           ORDER BY d.next_attempt_at, d.seq LIMIT $2
           FOR UPDATE OF d SKIP LOCKED)
         UPDATE webhook_deliveries AS w SET lease_owner = $3, lease_expires_at = $4, attempt_count = w.attempt_count + 1
         FROM due WHERE w.id = due.id
         RETURNING w.id, w.attempt_count, w.organization_id, w.endpoint_id, w.event_id`,
        [args.now, args.limit, args.workerId, args.now + args.leaseMs],
      );
      if (leased.length === 0) return [];
      const { rows: endpoints } = await sql.query<WebhookEndpointRow>(`SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ANY($1::text[])`, [
        [...new Set(leased.map((l) => l.endpoint_id))],
      ]);
      const { rows: events } = await sql.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM job_events WHERE id = ANY($1::text[])`, [
        [...new Set(leased.map((l) => l.event_id))],
      ]);
      const { rows: traces } = await sql.query<{ id: string; trace_context: string | null }>(
        'SELECT id, trace_context FROM jobs WHERE id = ANY($1::text[]) AND trace_context IS NOT NULL',
        [[...new Set(events.map((e) => e.job_id))]],
      );
      const endpointById = new Map(endpoints.map((e) => [e.id, e]));
      const eventById = new Map(events.map((e) => [e.id, e]));
      const traceByJob = new Map(traces.map((t) => [t.id, t.trace_context]));
      return leased.map((l): ClaimedDelivery => {
        const endpoint = endpointById.get(l.endpoint_id)!;
        return {
          deliveryId: l.id,
          workerId: args.workerId,
          attempt: l.attempt_count,
          endpointId: endpoint.id,
          organizationId: l.organization_id,
          url: endpoint.url,
          secrets: signingSecrets(endpoint, args.now),
          event: rowToEvent(eventById.get(l.event_id)!),
          failingSince: endpoint.failing_since,
          traceContext: traceByJob.get(eventById.get(l.event_id)!.job_id) ?? null,
        };
      });
    },
    // Run twice after a lost connection, it would lease more rows than it answers (they would
    // wait for their lease to expire): not worth it, the next poll claims again.
    { idempotent: false },
  );
}

/** See the SQLite module: logs the attempt and moves delivery and endpoint on, fenced by the lease. */
export async function recordDeliveryAttempt(db: PgDatabase, claim: ClaimedDelivery, outcome: DeliveryAttemptOutcome, now: number): Promise<boolean> {
  return db.transaction(async (sql) => {
    const status = outcome.succeeded ? 'succeeded' : outcome.nextAttemptAt === undefined ? 'failed' : 'pending';
    const { rowCount } = await sql.query(
      `UPDATE webhook_deliveries SET status = $1, next_attempt_at = COALESCE($2, next_attempt_at), lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $3 AND status = 'pending' AND lease_owner = $4 AND attempt_count = $5`,
      [status, outcome.nextAttemptAt ?? null, claim.deliveryId, claim.workerId, claim.attempt],
    );
    if (rowCount !== 1) return false;
    await sql.query(
      `INSERT INTO webhook_attempts (id, delivery_id, endpoint_id, organization_id, event_id, event_type, attempt, status_code,
         duration_ms, error, succeeded, created_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        newWebhookAttemptId(),
        claim.deliveryId,
        claim.endpointId,
        claim.organizationId,
        claim.event.id,
        claim.event.type,
        claim.attempt,
        outcome.statusCode,
        Math.round(outcome.durationMs),
        outcome.error,
        outcome.succeeded,
        toSeconds(now),
        outcome.nextAttemptAt === undefined ? null : toSeconds(outcome.nextAttemptAt),
      ],
    );
    if (outcome.succeeded) {
      await sql.query('UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL', [claim.endpointId]);
    } else if (outcome.disableEndpoint) {
      await sql.query(`UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = $1 WHERE id = $2`, [outcome.disableEndpoint, claim.endpointId]);
    } else {
      await sql.query('UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $1) WHERE id = $2', [now, claim.endpointId]);
    }
    return true;
  });
}

export async function redeliverEvent(
  db: PgDatabase,
  organizationId: string,
  eventId: string,
  endpointId: string | undefined,
  now: number,
): Promise<RedeliverOutcome> {
  return db.transaction(async (sql) => {
    const { rows } = await sql.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM job_events WHERE id = $1 AND organization_id = $2`, [eventId, organizationId]);
    const row = rows[0];
    if (!row) return { kind: 'event_not_found' };
    let targets: WebhookEndpointRow[];
    if (endpointId !== undefined) {
      const { rows: one } = await sql.query<WebhookEndpointRow>(
        `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND organization_id = $2`,
        [endpointId, organizationId],
      );
      if (!one[0]) return { kind: 'endpoint_not_found' };
      targets = one;
    } else {
      const { rows: all } = await sql.query<WebhookEndpointRow>(
        `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 AND status = 'enabled' ORDER BY seq`,
        [organizationId],
      );
      const event = rowToEvent(row);
      targets = all.filter((e) => subscribes(rowToWebhookEndpoint(e), event));
    }
    for (const e of targets) await scheduleDelivery(sql, row.id, e.id, organizationId, now);
    return { kind: 'scheduled', endpointIds: targets.map((e) => e.id) };
  });
}
