/**
 * A `fetch` for the client that checks every answer on its way back: the JSON body against the
 * spec's schema for that operation and status, and every Job in it (create, get, list, cancel,
 * retry) with the field checks of jobChecks.ts. Because the client's own polling goes through it
 * (`waitForCompletion`), each answer a job gives while it moves through its statuses is checked,
 * not only the last one.
 */
import { answersEventStream, EVENT_STREAM_MEDIA, operations, parseEventStream, responseSchema, schemas, type Operation } from '@jobs-api/test-helpers';
import { checkJobAnswer, type JobExpectations } from './jobChecks.js';
import type { FactsRecorder, JobOperation } from './report.js';
import { problemsAgainst } from './spec.js';
import { ORGANIZATION_ID } from './servers.js';

const JOB_OPERATIONS: Partial<Record<string, JobOperation>> = {
  createJob: 'create',
  getJob: 'get',
  listJobs: 'list',
  cancelJob: 'cancel',
  retryJob: 'retry',
};

/** Matchers for the spec's paths; literal paths first (`/v1/edit/templates/fill` before `/{template_id}`). */
const matchers = operations
  .map((operation) => ({ operation, pattern: new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
  .sort((a, b) => Number(a.operation.path.includes('{')) - Number(b.operation.path.includes('{')));

export function operationFor(method: string, pathname: string): Operation | undefined {
  return matchers.find(({ operation, pattern }) => operation.method === method.toLowerCase() && pattern.test(pathname))?.operation;
}

export class AnswerChecker {
  /** Everything wrong so far, one line each; tests assert it is empty. */
  readonly problems: string[] = [];
  /** Job id → the statuses its answers showed, in order (repeats collapsed). */
  readonly statusesOf = new Map<string, string[]>();
  /** How many answers were checked against a response schema. */
  checked = 0;

  /**
   * `recorder` counts the checked Job answers in the report. `mock`: the answers are the spec's fixed
   * examples (Prism ignores include_request / include_response), so those rules are skipped.
   */
  constructor(
    private readonly recorder?: FactsRecorder,
    private readonly options: { mock?: boolean } = {},
  ) {}

  /** The fetch to hand to the client. */
  readonly fetch = async (request: Request): Promise<Response> => {
    const response = await globalThis.fetch(request);
    await this.check(request, response.clone());
    return response;
  };

  /** Empties the problem list (and answers what it held). */
  take(): string[] {
    return this.problems.splice(0);
  }

  private async check(request: Request, response: Response): Promise<void> {
    const url = new URL(request.url);
    const operation = operationFor(request.method, url.pathname);
    const where = `${request.method} ${url.pathname}${url.search} → ${response.status}`;
    if (!operation) {
      this.problems.push(`${where}: no operation of the spec has this route`);
      return;
    }
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    if (response.ok && answersEventStream(operation)) {
      // The job event stream: every frame's data is an Event, its `event:` the event's type.
      if (!contentType?.startsWith(EVENT_STREAM_MEDIA)) this.problems.push(`${where}: content-type ${contentType}`);
      let frames: ReturnType<typeof parseEventStream> = [];
      try {
        frames = parseEventStream(text);
      } catch {
        this.problems.push(`${where}: a data line is not JSON: ${text.slice(0, 200)}`);
      }
      if (frames.length === 0) this.problems.push(`${where}: the stream holds no event`);
      for (const frame of frames) {
        this.problems.push(...problemsAgainst(schemas.Event!, frame.data, `${where} event ${frame.id}`));
        if (frame.event !== (frame.data as { type?: string })?.type)
          this.problems.push(`${where}: event ${frame.id} is named ${frame.event}, its type is ${(frame.data as { type?: string })?.type}`);
      }
      this.checked += 1;
      return;
    }
    // docs/architecture.md, "Wire compatibility": exactly application/json (a charset parameter breaks the official Node SDK).
    if (contentType !== 'application/json') this.problems.push(`${where}: content-type ${contentType}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      this.problems.push(`${where}: the body is not JSON: ${text.slice(0, 200)}`);
      return;
    }
    const schema = responseSchema(operation, response.status);
    if (!schema) {
      this.problems.push(`${where}: the spec declares no ${response.status} answer for ${operation.operationId}`);
      return;
    }
    this.checked += 1;
    this.problems.push(...problemsAgainst(schema, body, where));

    const jobOperation = JOB_OPERATIONS[operation.operationId];
    if (!jobOperation || !response.ok) return;
    const asked = (name: string) => url.searchParams.get(name) === 'true';
    const expect: JobExpectations = {
      // The create answer echoes the request as submitted (docs/architecture.md, "The API"); elsewhere only when asked for.
      request: jobOperation === 'create' || asked('include_request'),
      response: asked('include_response'),
      organizationId: this.options.mock ? undefined : ORGANIZATION_ID,
      ignoreIncludes: this.options.mock,
    };
    const jobs = jobOperation === 'list' ? ((body as { data?: unknown[] }).data ?? []) : [body];
    for (const job of jobs) {
      this.problems.push(
        ...checkJobAnswer(this.recorder, jobOperation, job, expect, jobOperation === 'create' && response.status === 202).map((p) => `${where}: ${p}`),
      );
      const { id, status } = job as { id?: string; status?: string };
      if (id && status) {
        const seen = this.statusesOf.get(id) ?? [];
        if (seen.at(-1) !== status) seen.push(status);
        this.statusesOf.set(id, seen);
      }
    }
  }
}
