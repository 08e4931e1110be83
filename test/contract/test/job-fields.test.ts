/**
 * Every Job field in every answer of create, get, list, cancel and retry, in every status a job can
 * be observed in on this build: queued (200), queued (202 dispatch_delayed), in_progress, completed,
 * failed, cancelled and expired. The answers go through the client and the checking fetch
 * (src/checkedFetch.ts): each fits the spec's Job schema, has all fields with their spec type and
 * nullability, `request`/`response` set only when asked for, `request_gcs_paths` null, and
 * consistent timestamps (the rules, and the exception for expired jobs, are in src/jobChecks.ts).
 *
 * Two real servers:
 *   clocked  API + worker, a clock the test moves (expiry), one attempt at a time, and
 *            `/v1/documents/classify` replaced by a handler that runs until it is aborted, which is
 *            what holds a job `in_progress` (or `queued` behind it) for as long as the test reads it.
 *            Parse keeps its real handler: it completes, or fails on a document it cannot read.
 *   queued   API only, no worker: create answers 202 dispatch_delayed and jobs stay queued.
 * (`validating` is in the enum but this build never answers it: inline requests go straight to
 * queued and remote documents are fetched by the handler, not before queueing.)
 */
import type { Job } from '@jobs-api/api-types';
import type { JobsClient } from '@jobs-api/client';
import { pollUntil } from '@jobs-api/e2e-tests';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AnswerChecker } from '../src/checkedFetch.js';
import { textDataUrl, textDocument } from '../src/documents.js';
import { JOB_FIELDS, NULLABLE_FIELDS } from '../src/jobChecks.js';
import { FactsRecorder } from '../src/report.js';
import { clientFor, heldHandler, manualClock, startContractServer, type ContractServer } from '../src/servers.js';

const TTL_MS = 7 * 86_400_000;
const recorder = new FactsRecorder();
const checker = new AnswerChecker(recorder);
const clock = manualClock();
const held = heldHandler('/v1/documents/classify');
let clocked: ContractServer;
let queued: ContractServer;
let onClocked: JobsClient;
let onQueued: JobsClient;

beforeAll(async () => {
  [clocked, queued] = await Promise.all([
    // A short lease: an expired job's attempt is only aborted at its next renewal (a third of the
    // lease), and the single slot is taken until then.
    startContractServer({ clock, ttlMs: TTL_MS, leaseMs: 1_500, workerConcurrency: 1, endpointOverrides: { '/v1/documents/classify': held } }),
    startContractServer({ mode: 'api' }),
  ]);
  onClocked = clientFor(clocked.url, checker.fetch);
  onQueued = clientFor(queued.url, checker.fetch);
});

afterAll(async () => {
  await Promise.all([clocked?.stop(), queued?.stop()]);
  recorder.save(inject('reportDir'), 'job-fields');
});

const parse = (label: string, url = textDataUrl(`Document ${label}`)) => ({
  endpoint: '/v1/documents/parse' as const,
  request: { document: { filename: `${label}.txt`, url } },
  metadata: { case: label },
});
const heldClassify = (label: string) => ({
  endpoint: '/v1/documents/classify' as const,
  request: { document: textDocument(`${label}.txt`), categories: [{ name: 'invoice', description: 'An invoice' }] },
  metadata: { case: label },
});

/** Polls (through the checks) until the job is in `status`. */
function until(client: JobsClient, id: string, status: Job['status']): Promise<Job> {
  return pollUntil(
    () => client.jobs.retrieve(id),
    (job) => job.status === status,
    `job ${id} to be ${status}`,
  );
}

/**
 * Reads a job in a status it cannot leave while the test reads it, through every read: get with
 * each combination of include_request / include_response, and list (filtered to the job) with and
 * without payloads. Every answer must show `status`.
 */
async function readEveryWay(client: JobsClient, id: string, status: Job['status']): Promise<Job> {
  const answers: Job[] = [];
  for (const includeRequest of [false, true]) {
    for (const includeResponse of [false, true]) answers.push(await client.jobs.retrieve(id, { includeRequest, includeResponse }));
    // List without payloads, then with both.
    const page = await client.jobs.list({ id: [id], include_request: includeRequest, include_response: includeRequest });
    expect(page.data).toHaveLength(1);
    answers.push(page.data[0]!);
  }
  expect(answers.map((job) => job.status)).toEqual(answers.map(() => status));
  return answers[0]!;
}

describe('every Job field in every answer, in every status', () => {
  it('completed: a real parse job, read every way', async () => {
    const created = await onClocked.jobs.create(parse('completed'));
    await until(onClocked, created.id, 'completed');
    await readEveryWay(onClocked, created.id, 'completed');
    expect(checker.take()).toEqual([]);
  });

  it('failed, then retried: a document the parser cannot read fails at once; retry queues it again', async () => {
    const created = await onClocked.jobs.create(parse('failed', textDataUrl('not a PDF', 'application/pdf')));
    await until(onClocked, created.id, 'failed');
    const failed = await readEveryWay(onClocked, created.id, 'failed');
    expect(failed.error?.details).toMatchObject({ status_code: 422 });
    const retried = await onClocked.jobs.retry(created.id);
    expect(retried.status).toBe('queued');
    await until(onClocked, created.id, 'failed');
    expect(checker.take()).toEqual([]);
  });

  it('queued (202 dispatch_delayed) with no worker; cancelled from queued; cancel again; retried from cancelled', async () => {
    const created = await onQueued.jobs.create(parse('delayed'));
    expect(created.warnings?.map((w) => w.code)).toEqual(['dispatch_delayed']);
    await readEveryWay(onQueued, created.id, 'queued');
    const cancelled = await onQueued.jobs.cancel(created.id);
    expect(cancelled.status).toBe('cancelled');
    expect(await onQueued.jobs.cancel(created.id)).toEqual(cancelled);
    await readEveryWay(onQueued, created.id, 'cancelled');
    expect((await onQueued.jobs.retry(created.id)).status).toBe('queued');
    expect(checker.take()).toEqual([]);
  });

  it('in_progress, queued (200) behind it, cancelled while running, expired, retried from expired', async () => {
    // One attempt at a time: the first held job runs, the second waits in the queue (a 200 create:
    // a worker is live and the organization is under its in-flight limit).
    const running = await onClocked.jobs.create(heldClassify('running'));
    await until(onClocked, running.id, 'in_progress');
    const waiting = await onClocked.jobs.create(heldClassify('waiting'));
    expect(waiting.warnings).toBeNull();
    await readEveryWay(onClocked, running.id, 'in_progress');
    await readEveryWay(onClocked, waiting.id, 'queued');

    const cancelled = await onClocked.jobs.cancel(running.id);
    expect(cancelled.status).toBe('cancelled');
    await readEveryWay(onClocked, running.id, 'cancelled');

    // The worker moves on to the second job; it does not finish before its expires_at passes.
    await until(onClocked, waiting.id, 'in_progress');
    clock.advance(TTL_MS + 1_000);
    await clocked.server.worker!.runMaintenance();
    const expired = await readEveryWay(onClocked, waiting.id, 'expired');
    expect(expired.error?.code).toBe('job_expired');
    expect(expired.completed_at).toBeGreaterThanOrEqual(expired.expires_at);

    // Retried, it runs again (and is held again) under a new expires_at; then cancelled for good.
    const retried = await onClocked.jobs.retry(waiting.id);
    expect(retried.status).toBe('queued');
    expect(retried.expires_at).toBeGreaterThan(expired.expires_at);
    await until(onClocked, waiting.id, 'in_progress');
    await onClocked.jobs.cancel(waiting.id);
    expect(held.started).toBe(3);
    expect(checker.take()).toEqual([]);
  });

  it('covered every status, every operation, every field, and each nullable field both null and set', () => {
    const snapshot = recorder.snapshot();
    const statuses = ['queued', 'queued (202 dispatch_delayed)', 'in_progress', 'completed', 'failed', 'cancelled', 'expired'];
    expect(Object.keys(snapshot.answers).sort()).toEqual(['cancel', 'create', 'get', 'list', 'retry']);
    expect(snapshot.statuses).toEqual([...statuses].sort());
    expect(snapshot.fields).toEqual([...JOB_FIELDS].sort());
    // request_gcs_paths is always null (docs/architecture.md, "The Job object"); every other nullable field was seen both ways.
    expect(NULLABLE_FIELDS.filter((f) => f !== 'request_gcs_paths' && !(snapshot.seenNull.includes(f) && snapshot.seenValue.includes(f)))).toEqual([]);
    expect(snapshot.seenValue).not.toContain('request_gcs_paths');
  });
});
