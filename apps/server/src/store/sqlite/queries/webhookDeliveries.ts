import type { ClaimedDelivery, DeliveryAttemptOutcome, RedeliverOutcome } from '../../../interfaces.js';
import { newWebhookAttemptId, newWebhookDeliveryId } from '../../../jobs/ids.js';
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
import { subscribes } from '../../../webhooks/matching.js';
import { statement, type SqliteDatabase } from '../db.js';

/** Inserts a pending delivery due now, or moves an already pending one for the pair to now. */
function scheduleDelivery(db: SqliteDatabase, eventId: string, endpointId: string, organizationId: string, now: number): void {
  statement(
    db,
    `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, organization_id, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, 'pending', ?, ?)
     ON CONFLICT (event_id, endpoint_id) WHERE status = 'pending' DO UPDATE SET next_attempt_at = min(next_attempt_at, excluded.next_attempt_at)`,
  ).run(newWebhookDeliveryId(), eventId, endpointId, organizationId, now, now);
}

/** See EventStore.fanOutEvents. One IMMEDIATE transaction: SQLite's single writer makes it exclusive. */
export function fanOutEvents(db: SqliteDatabase, limit: number, now: number): number {
  const fanOut = db.transaction(() => {
    const events = statement<[number], EventRow>(db, `SELECT ${EVENT_COLUMNS} FROM job_events WHERE fanned_out = 0 ORDER BY seq LIMIT ?`).all(limit);
    const endpointsOf = statement<[string], WebhookEndpointRow>(
      db,
      `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = ? AND status = 'enabled'`,
    );
    const done = statement(db, 'UPDATE job_events SET fanned_out = 1 WHERE seq = ?');
    const byOrg = new Map<string, WebhookEndpointRow[]>();
    for (const row of events) {
      let endpoints = byOrg.get(row.organization_id);
      if (!endpoints) byOrg.set(row.organization_id, (endpoints = endpointsOf.all(row.organization_id)));
      const event = rowToEvent(row);
      for (const e of endpoints) if (subscribes(rowToWebhookEndpoint(e), event)) scheduleDelivery(db, row.id, e.id, row.organization_id, now);
      done.run(row.seq);
    }
    return events.length;
  });
  return fanOut.immediate();
}

interface DueRow {
  id: string;
  attempt_count: number;
  event_id: string;
}

/** Leases due deliveries of enabled endpoints, oldest due first (see EventStore.claimDeliveries). */
export function claimDeliveries(db: SqliteDatabase, args: { workerId: string; limit: number; now: number; leaseMs: number }): ClaimedDelivery[] {
  const claim = db.transaction((): ClaimedDelivery[] => {
    const due = statement<[number, number, number], DueRow>(
      db,
      `SELECT d.id, d.attempt_count, d.event_id FROM webhook_deliveries AS d
       JOIN webhook_endpoints AS e ON e.id = d.endpoint_id AND e.status = 'enabled'
       WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_expires_at IS NULL OR d.lease_expires_at < ?)
       ORDER BY d.next_attempt_at, d.seq LIMIT ?`,
    ).all(args.now, args.now, args.limit);
    const lease = statement<unknown[], { endpoint_id: string; organization_id: string; attempt_count: number }>(
      db,
      `UPDATE webhook_deliveries SET lease_owner = ?, lease_expires_at = ?, attempt_count = attempt_count + 1
       WHERE id = ? AND attempt_count = ? RETURNING endpoint_id, organization_id, attempt_count`,
    );
    const endpointById = statement<[string], WebhookEndpointRow>(db, `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ?`);
    const eventById = statement<[string], EventRow>(db, `SELECT ${EVENT_COLUMNS} FROM job_events WHERE id = ?`);
    const traceOfJob = statement<[string], { trace_context: string | null }>(db, 'SELECT trace_context FROM jobs WHERE id = ?');
    const claimed: ClaimedDelivery[] = [];
    for (const d of due) {
      const leased = lease.get(args.workerId, args.now + args.leaseMs, d.id, d.attempt_count);
      if (!leased) continue;
      const endpoint = endpointById.get(leased.endpoint_id)!;
      const event = eventById.get(d.event_id)!;
      claimed.push({
        deliveryId: d.id,
        workerId: args.workerId,
        attempt: leased.attempt_count,
        endpointId: endpoint.id,
        organizationId: leased.organization_id,
        url: endpoint.url,
        secrets: signingSecrets(endpoint, args.now),
        event: rowToEvent(event),
        failingSince: endpoint.failing_since,
        traceContext: traceOfJob.get(event.job_id)?.trace_context ?? null,
      });
    }
    return claimed;
  });
  return claim.immediate();
}

/**
 * Logs the attempt and moves the delivery on (succeeded, failed for good, or pending again at
 * `nextAttemptAt`), and the endpoint's health with it, in one transaction fenced by the lease: a
 * worker whose lease expired (and whose delivery another worker took over) records nothing.
 */
export function recordDeliveryAttempt(db: SqliteDatabase, claim: ClaimedDelivery, outcome: DeliveryAttemptOutcome, now: number): boolean {
  const record = db.transaction((): boolean => {
    const status = outcome.succeeded ? 'succeeded' : outcome.nextAttemptAt === undefined ? 'failed' : 'pending';
    const moved = statement(
      db,
      `UPDATE webhook_deliveries SET status = ?, next_attempt_at = COALESCE(?, next_attempt_at), lease_owner = NULL, lease_expires_at = NULL
       WHERE id = ? AND status = 'pending' AND lease_owner = ? AND attempt_count = ?`,
    ).run(status, outcome.nextAttemptAt ?? null, claim.deliveryId, claim.workerId, claim.attempt).changes;
    if (moved !== 1) return false;
    statement(
      db,
      `INSERT INTO webhook_attempts (id, delivery_id, endpoint_id, organization_id, event_id, event_type, attempt, status_code,
         duration_ms, error, succeeded, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
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
      outcome.succeeded ? 1 : 0,
      toSeconds(now),
      outcome.nextAttemptAt === undefined ? null : toSeconds(outcome.nextAttemptAt),
    );
    if (outcome.succeeded) {
      statement(db, 'UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ?').run(claim.endpointId);
    } else if (outcome.disableEndpoint) {
      statement(db, `UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = ? WHERE id = ?`).run(outcome.disableEndpoint, claim.endpointId);
    } else {
      statement(db, 'UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ?) WHERE id = ?').run(now, claim.endpointId);
    }
    return true;
  });
  return record.immediate();
}

export function redeliverEvent(db: SqliteDatabase, organizationId: string, eventId: string, endpointId: string | undefined, now: number): RedeliverOutcome {
  const redeliver = db.transaction((): RedeliverOutcome => {
    const row = statement<[string, string], EventRow>(db, `SELECT ${EVENT_COLUMNS} FROM job_events WHERE id = ? AND organization_id = ?`).get(
      eventId,
      organizationId,
    );
    if (!row) return { kind: 'event_not_found' };
    let targets: WebhookEndpointRow[];
    if (endpointId !== undefined) {
      const one = statement<[string, string], WebhookEndpointRow>(
        db,
        `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ? AND organization_id = ?`,
      ).get(endpointId, organizationId);
      if (!one) return { kind: 'endpoint_not_found' };
      targets = [one];
    } else {
      targets = statement<[string], WebhookEndpointRow>(
        db,
        `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = ? AND status = 'enabled' ORDER BY seq`,
      )
        .all(organizationId)
        .filter((e) => subscribes(rowToWebhookEndpoint(e), rowToEvent(row)));
    }
    for (const e of targets) scheduleDelivery(db, row.id, e.id, organizationId, now);
    return { kind: 'scheduled', endpointIds: targets.map((e) => e.id) };
  });
  return redeliver.immediate();
}
