/**
 * One fuzz run: `requests` generated requests (seeded: a run can be replayed) sent `concurrency` at a
 * time to a real server process, every answer checked, then what the server stored compared with
 * what its answers said it stored. Answers the figures; a run passes when every count of a
 * violation is 0.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  answersEventStream,
  EVENT_STREAM_MEDIA,
  operations,
  parseEventStream,
  responseSchema,
  schemas,
  validatorFor,
  type Operation,
} from '@jobs-api/test-helpers';
import { anyRequest, type FuzzRequest, type KnownIds } from './requests.js';
import { FUZZ_API_KEY, type FuzzServer } from './server.js';
import { readStored } from './stored.js';

export interface FuzzFigures {
  seed: number;
  requests: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  operationsCovered: number;
  operationsInSpec: number;
  serverErrors: number;
  outsideSpec: number;
  wrongErrorShape: number;
  wrongContentType: number;
  connectionErrors: number;
  /** Requests with no answer within the answer deadline (a hang somewhere in the server). */
  unanswered: number;
  storedOnReject: { jobs: number; projects: number; projectDocuments: number; templates: number; idempotencyKeys: number; orphanBlobs: number };
  crashed: boolean;
  rssStartMiB: number;
  rssMaxMiB: number;
  rssEndMiB: number;
  seconds: number;
  /** The first few problems, one line each, to start debugging from. */
  samples: string[];
}

export interface FuzzOptions {
  seed: number;
  requests: number;
  concurrency?: number;
  /** Called every `progressEvery` requests. */
  onProgress?: (done: number, figures: FuzzFigures) => void;
  /** Called with each of the first problems as it is seen. */
  onProblem?: (line: string) => void;
  progressEvery?: number;
  /** How long one request may go unanswered before it counts as a hang (default 120 s). */
  answerDeadlineMs?: number;
}

const errorValidator = validatorFor(schemas.Error!);
const eventValidator = validatorFor(schemas.Event!);

/** The complete frames at the start of an event stream (up to the first blank line), then the stream is closed. */
async function firstFrames(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (!text.includes('\n\n')) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
    }
    return text.slice(0, text.lastIndexOf('\n\n') + 2);
  } finally {
    await reader.cancel();
  }
}
/** Operation → the kind of id its 2xx answer creates. */
const CREATES: Record<string, 'jobs' | 'projects' | 'projectDocuments' | 'templates'> = {
  createJob: 'jobs',
  createProject: 'projects',
  createProjectDocument: 'projectDocuments',
  createTemplate: 'templates',
};
/** Path parameter that takes the id a create answers. */
const ID_PARAM: Record<string, string> = {
  createJob: 'job_id',
  createProject: 'project_id',
  createProjectDocument: 'document_id',
  createTemplate: 'template_id',
};

export async function runFuzz(server: FuzzServer, options: FuzzOptions): Promise<FuzzFigures> {
  const started = performance.now();
  const known: KnownIds = {};
  /** SHA-256 of every inline document an accepted create carried: the blobs the server may keep. */
  const acceptedBlobs = new Set<string>();
  const accepted = {
    jobs: new Set<string>(),
    projects: new Set<string>(),
    projectDocuments: new Set<string>(),
    templates: new Set<string>(),
    idempotencyKeys: new Set<string>(),
  };
  const figures: FuzzFigures = {
    seed: options.seed,
    requests: 0,
    byKind: {},
    byStatus: {},
    operationsCovered: 0,
    operationsInSpec: operations.length,
    serverErrors: 0,
    outsideSpec: 0,
    wrongErrorShape: 0,
    wrongContentType: 0,
    connectionErrors: 0,
    unanswered: 0,
    storedOnReject: { jobs: 0, projects: 0, projectDocuments: 0, templates: 0, idempotencyKeys: 0, orphanBlobs: 0 },
    crashed: false,
    rssStartMiB: mib(server.rssBytes()),
    rssMaxMiB: 0,
    rssEndMiB: 0,
    seconds: 0,
    samples: [],
  };
  const covered = new Set<string>();
  // A few samples of each kind of problem (its first words), so one noisy kind cannot hide the others.
  const perKind = new Map<string, number>();
  const note = (line: string) => {
    const kind = line.split(/[:(]/, 1)[0]!;
    const seen = perKind.get(kind) ?? 0;
    perKind.set(kind, seen + 1);
    if (seen < 5 && figures.samples.length < 40) {
      figures.samples.push(line);
      options.onProblem?.(line);
    }
  };
  const generator = anyRequest(() => known);
  // Generated in chunks as the run goes, so later requests reuse ids earlier answers created (and
  // 100,000 requests are never held in memory at once). Chunk n is seeded seed + n: replayable.
  const CHUNK = 250;
  let chunk: FuzzRequest[] = [];
  let chunkIndex = 0;
  let generated = 0;
  const take = (): FuzzRequest | undefined => {
    if (chunk.length === 0 && generated < options.requests) {
      const numRuns = Math.min(CHUNK, options.requests - generated);
      chunk = fc.sample(generator, { seed: options.seed + chunkIndex++, numRuns });
      generated += numRuns;
    }
    return chunk.shift();
  };

  // The slowest legitimate answer is a synchronous engine call queued behind `concurrency - 1` others
  // for the sandboxes; in the seeded run the slowest took seconds. Two minutes is an answer that
  // never comes (the count that exposed the event stream read to its end, which never ends here).
  const answerDeadlineMs = options.answerDeadlineMs ?? 120_000;
  async function send(request: FuzzRequest): Promise<void> {
    const headers: Record<string, string> = { 'Api-Key': FUZZ_API_KEY, ...request.headers };
    const where = `${request.method} ${request.path.slice(0, 120)} [${request.kind}]`;
    let status: number;
    let text: string;
    let contentType: string | null;
    try {
      const res = await fetch(server.url + request.path, {
        method: request.method,
        headers,
        body: request.body as BodyInit | undefined,
        signal: AbortSignal.timeout(answerDeadlineMs),
      });
      status = res.status;
      contentType = res.headers.get('content-type');
      if (status === 200 && answersEventStream(request.operation)) {
        // A job's event stream stays open until the job ends (and nothing runs the jobs here): its
        // first frame is the answer, the rest is not this suite's business.
        checkEventStream(contentType, await firstFrames(res), where);
        figures.byStatus[status] = (figures.byStatus[status] ?? 0) + 1;
        covered.add(request.operation.operationId);
        return;
      }
      text = await res.text();
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        figures.unanswered++;
        note(`no answer within ${answerDeadlineMs / 1000} s: ${where} body: ${sentBody(request).slice(0, 600)}`);
        return;
      }
      figures.connectionErrors++;
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
      note(`connection error ${cause}: ${where}`);
      return;
    }
    figures.byStatus[status] = (figures.byStatus[status] ?? 0) + 1;
    covered.add(request.operation.operationId);
    if (status >= 500) {
      figures.serverErrors++;
      note(`${status}: ${where} ${text.slice(0, 200)} body: ${sentBody(request).slice(0, 400)}`);
    }
    if (contentType !== 'application/json') {
      figures.wrongContentType++;
      note(`content-type ${contentType}: ${where}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      figures.outsideSpec++;
      note(`not JSON (${status}): ${where} ${text.slice(0, 100)}`);
      return;
    }
    if (status >= 400 && !errorValidator(body)) {
      figures.wrongErrorShape++;
      note(`error shape (${status}): ${where} ${text.slice(0, 200)}`);
    }
    checkAgainstSpec(request.operation, status, body, where);
    if (status < 300) record(request, body as Record<string, unknown>, headers);
  }

  function checkEventStream(contentType: string | null, text: string, where: string) {
    if (contentType !== EVENT_STREAM_MEDIA) {
      figures.wrongContentType++;
      note(`content-type ${contentType}: ${where}`);
    }
    let events: ReturnType<typeof parseEventStream>;
    try {
      events = parseEventStream(text);
    } catch {
      figures.outsideSpec++;
      note(`stream frame not JSON: ${where} ${text.slice(0, 100)}`);
      return;
    }
    if (events.length === 0 || events.some((event) => !eventValidator(event.data))) {
      figures.outsideSpec++;
      note(`stream frame outside the spec: ${where} ${text.slice(0, 200)}`);
    }
  }

  function checkAgainstSpec(operation: Operation, status: number, body: unknown, where: string) {
    const schema = responseSchema(operation, status);
    if (!schema) {
      figures.outsideSpec++;
      note(`status ${status} not in the spec: ${where}`);
      return;
    }
    const validate = validatorFor(schema);
    if (!validate(body)) {
      figures.outsideSpec++;
      note(`answer ${status} does not fit the spec: ${where} ${JSON.stringify(validate.errors?.slice(0, 2))}`);
    }
  }

  function record(request: FuzzRequest, body: Record<string, unknown>, headers: Record<string, string>) {
    const operationId = request.operation.operationId;
    const kind = CREATES[operationId];
    if (kind && typeof body.id === 'string') {
      accepted[kind].add(body.id);
      (known[ID_PARAM[operationId]!] ??= []).push(body.id);
    }
    if (kind && typeof request.body === 'string') for (const hash of inlineDocumentHashes(request.body)) acceptedBlobs.add(hash);
    // HTTP strips the spaces around a header value before the server sees it (a generated key may have some).
    const key = headers['Idempotency-Key']?.trim();
    if (operationId === 'createJob' && key !== undefined) accepted.idempotencyKeys.add(`org_default ${key}`);
    if (operationId === 'createProjectDocument') {
      const projectId = /\/v1\/projects\/([^/]+)\/documents/.exec(request.path)?.[1];
      if (projectId) (known.project_id ??= []).push(decodeURIComponent(projectId));
    }
  }

  const concurrency = options.concurrency ?? 8;
  const progressEvery = options.progressEvery ?? 5_000;
  const sampleRss = () => {
    if (server.exited()) return;
    figures.rssMaxMiB = Math.max(figures.rssMaxMiB, mib(server.rssBytes()));
  };
  const lanes = Array.from({ length: concurrency }, async () => {
    for (let request = take(); request && !server.exited(); request = take()) {
      figures.byKind[request.kind] = (figures.byKind[request.kind] ?? 0) + 1;
      await send(request);
      figures.requests++;
      if (figures.requests % 200 === 0) sampleRss();
      if (figures.requests % progressEvery === 0) options.onProgress?.(figures.requests, figures);
    }
  });
  await Promise.all(lanes);

  figures.crashed = server.exited() !== undefined;
  if (!figures.crashed) {
    sampleRss();
    figures.rssEndMiB = mib(server.rssBytes());
    const health = await fetch(`${server.url}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (health !== 200) {
      figures.crashed = true;
      note(`/healthz answered ${health} after the run`);
    }
  } else {
    note(`the server exited: ${JSON.stringify(server.exited())}\n${server.output().slice(-2000)}`);
  }
  const stored = readStored(server.dataDir);
  const notAccepted = (ids: string[], ok: Set<string>) => ids.filter((id) => !ok.has(id));
  figures.storedOnReject = {
    jobs: notAccepted(stored.jobIds, accepted.jobs).length,
    projects: notAccepted(stored.projectIds, accepted.projects).length,
    projectDocuments: notAccepted(stored.projectDocumentIds, accepted.projectDocuments).length,
    templates: notAccepted(stored.templateIds, accepted.templates).length,
    idempotencyKeys: notAccepted(stored.idempotencyKeys, accepted.idempotencyKeys).length,
    // A blob nothing references may be one a delete freed less than a minute ago (kept on purpose);
    // a blob no accepted request carried is one a rejected request left behind.
    orphanBlobs: stored.blobs.filter((hash) => !stored.referencedBlobs.has(hash) && !acceptedBlobs.has(hash)).length,
  };
  figures.operationsCovered = covered.size;
  figures.seconds = Math.round((performance.now() - started) / 100) / 10;
  return figures;
}

/** The SHA-256 of each base64 `data:` URL's bytes in a JSON body (as the server's blob store names them). */
function inlineDocumentHashes(body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const hashes: string[] = [];
  const stack = [parsed];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node === 'string') {
      const match = /^data:[^,]*;base64,(.*)$/s.exec(node);
      if (match) hashes.push(createHash('sha256').update(Buffer.from(match[1]!, 'base64')).digest('hex'));
    } else if (node && typeof node === 'object') stack.push(...Object.values(node));
  }
  return hashes;
}

const sentBody = (request: FuzzRequest) => (typeof request.body === 'string' ? request.body : request.body ? `<${request.body.length} bytes>` : '');

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The violations of a run, one line each (empty: the run passed). */
export function violations(figures: FuzzFigures, maxRssMiB: number): string[] {
  const out: string[] = [];
  if (figures.serverErrors) out.push(`${figures.serverErrors} answers were 5xx`);
  if (figures.outsideSpec) out.push(`${figures.outsideSpec} answers were outside the spec`);
  if (figures.wrongErrorShape) out.push(`${figures.wrongErrorShape} errors were not in the one error shape`);
  if (figures.wrongContentType) out.push(`${figures.wrongContentType} answers had another Content-Type than application/json`);
  if (figures.unanswered) out.push(`${figures.unanswered} requests got no answer within the deadline (a hang)`);
  if (figures.connectionErrors) out.push(`${figures.connectionErrors} requests got no answer (connection reset or refused)`);
  for (const [what, count] of Object.entries(figures.storedOnReject)) if (count) out.push(`${count} ${what} stored without a 2xx answer`);
  if (figures.crashed) out.push('the server did not stay up');
  if (figures.rssMaxMiB > maxRssMiB) out.push(`server RSS reached ${figures.rssMaxMiB} MiB (bound ${maxRssMiB} MiB)`);
  if (figures.operationsCovered < figures.operationsInSpec) out.push(`only ${figures.operationsCovered} of ${figures.operationsInSpec} operations answered`);
  return out;
}

export function formatFigures(f: FuzzFigures): string {
  return [
    `fuzz run: seed ${f.seed}, ${f.requests} requests in ${f.seconds} s over ${f.operationsCovered}/${f.operationsInSpec} operations`,
    `  kinds: ${Object.entries(f.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    `  statuses: ${Object.entries(f.byStatus)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}`,
    `  5xx: ${f.serverErrors}   outside the spec: ${f.outsideSpec}   wrong error shape: ${f.wrongErrorShape}   wrong content type: ${f.wrongContentType}`,
    `  connection resets/errors: ${f.connectionErrors}   unanswered: ${f.unanswered}   crashed: ${f.crashed ? 'yes' : 'no'}`,
    `  stored on reject: ${Object.entries(f.storedOnReject)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    `  server RSS: start ${f.rssStartMiB} MiB, max ${f.rssMaxMiB} MiB, end ${f.rssEndMiB} MiB`,
    ...(f.samples.length ? ['  first problems:', ...f.samples.map((s) => `    ${s}`)] : []),
  ].join('\n');
}
