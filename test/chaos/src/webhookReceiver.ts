/**
 * The chaos run's webhook receiver, on loopback in the test process: records every delivery (its
 * `webhook-id`, the event inside, when it arrived) and answers 500 to a few of them, so retries
 * happen alongside the kills. Verifies nothing itself: the figures compare what arrived with the
 * events the database holds.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receipt {
  webhookId: string;
  eventId: string;
  type: string;
  jobId: string;
  /** ms, this process's clock (the database's clock_timestamp() on the same host). */
  at: number;
  answered: number;
}

export interface ChaosReceiver {
  url: string;
  receipts: Receipt[];
  close(): Promise<void>;
}

/** @param failShare the share of deliveries answered 500 (retried by the sender). */
export async function startChaosReceiver(failShare = 0.05): Promise<ChaosReceiver> {
  const receipts: Receipt[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = Math.random() < failShare ? 500 : 200;
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; type: string; data: { id: string } };
        receipts.push({ webhookId: String(req.headers['webhook-id']), eventId: event.id, type: event.type, jobId: event.data.id, at: Date.now(), answered });
      } catch {
        // not an event: counted nowhere, answered 400 below
        res.writeHead(400).end();
        return;
      }
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/chaos-hook`,
    receipts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface DeliveryFigures {
  /** Terminal events in the database. */
  terminalEvents: number;
  /** Of those, received at least once (answered 200 at least once). */
  delivered: number;
  /** Receipts beyond the first 200 of an event (a retry after a cut or a 500 not counted). */
  duplicated: number;
  lost: number;
  /** Events whose receipts carried more than one webhook-id, or a body id other than the header. */
  idMismatches: number;
  /** ms from the job's terminal write to the first successful receipt, sorted. */
  completionToDeliveryMs: number[];
}

export function deliveryFigures(terminal: Array<{ eventId: string; jobId: string; completedAt: number }>, receipts: Receipt[]): DeliveryFigures {
  const ok = receipts.filter((r) => r.answered === 200);
  const firstOk = new Map<string, Receipt>();
  let duplicated = 0;
  for (const r of ok) {
    if (firstOk.has(r.eventId)) duplicated++;
    else firstOk.set(r.eventId, r);
  }
  const idsPerJob = new Map<string, Set<string>>();
  let idMismatches = 0;
  for (const r of receipts) {
    if (r.webhookId !== r.eventId) idMismatches++;
    idsPerJob.set(r.jobId, (idsPerJob.get(r.jobId) ?? new Set()).add(r.webhookId));
  }
  // Each job has one terminal event here (nothing is retried), so all its deliveries share one id.
  for (const ids of idsPerJob.values()) if (ids.size > 1) idMismatches++;
  const latencies: number[] = [];
  let delivered = 0;
  for (const t of terminal) {
    const first = firstOk.get(t.eventId);
    if (!first) continue;
    delivered++;
    latencies.push(first.at - t.completedAt);
  }
  latencies.sort((a, b) => a - b);
  return { terminalEvents: terminal.length, delivered, duplicated, lost: terminal.length - delivered, idMismatches, completionToDeliveryMs: latencies };
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);

export function formatDeliveryReport(f: DeliveryFigures, deliveriesCut: number, retried: number): string {
  return [
    `  webhooks delivered     ${f.delivered} / ${f.terminalEvents} terminal events; duplicated ${f.duplicated} (same webhook-id); lost ${f.lost}; id mismatches ${f.idMismatches}`,
    `  webhook latency        p50 ${quantile(f.completionToDeliveryMs, 0.5)} ms, p99 ${quantile(f.completionToDeliveryMs, 0.99)} ms, max ${f.completionToDeliveryMs.at(-1) ?? 0} ms from the job's terminal write to its first delivery`,
    `  deliveries cut         ${deliveriesCut} attempts cut by a SIGKILL or a connection cut (lease taken over, sent again); ${retried} deliveries retried after a 500`,
  ].join('\n');
}
