/**
 * The list filters the official SDKs send besides the original ones: `source`, `project_id`,
 * `workflow_id`, `workflow_node_id`, `filename_regex` (RE2, bounded scan) and `document_type`.
 */
import type { Job, JobList, Project } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_REGEX_SCAN_LIMIT } from '../src/store/listJobsSql.js';
import { openSqlite } from '../src/store/sqlite/index.js';
import { dataUrl, parseJob, startTestServer, tempDir, type TestServer } from './helpers.js';

let server: TestServer;
let project: Project;
const jobs: Record<string, Job> = {};

beforeAll(async () => {
  server = await startTestServer({ mode: 'api' });
  project = (
    await server.call<Project>('POST', '/v1/projects', {
      body: {
        name: 'Mail',
        kind: 'classify',
        categories: [
          { name: 'invoice', description: '' },
          { name: 'letter', description: '' },
        ],
      },
    })
  ).body;
  const added = await server.call('POST', `/v1/projects/${project.id}/documents`, {
    body: { document: { filename: 'bill.txt', url: dataUrl('Invoice 42, total 10') }, ground_truth: 'invoice' },
  });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  const create = async (name: string, body: unknown) => {
    const res = await server.call<Job>('POST', '/v1/jobs', { body });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    jobs[name] = res.body;
  };
  await create('text', parseJob('one'));
  await create('pdf', {
    endpoint: '/v1/documents/classify',
    request: { document: { filename: 'Scan 01.PDF', url: dataUrl('%PDF-1.4', 'application/pdf') }, categories: [{ name: 'a', description: '' }] },
  });
  await create('remote', { endpoint: '/v1/documents/parse', request: { document: { filename: 'scan_02.pdf', url: 'https://example.com/scan_02.pdf' } } });
  await create('eval', { endpoint: '/v1/evals/classify/process', request: { project_id: project.id } });
});
afterAll(() => server.stop());

const ids = (page: JobList) => page.data.map((j) => j.id).sort();
const want = (...names: string[]) => names.map((n) => jobs[n]!.id).sort();
async function list(query: string | URLSearchParams): Promise<JobList> {
  const res = await server.call<JobList>('GET', `/v1/jobs?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('source and project_id', () => {
  it('records project for a request naming a project, api otherwise, and filters on it', async () => {
    expect(ids(await list('source=project'))).toEqual(want('eval'));
    expect(ids(await list('source=api'))).toEqual(want('text', 'pdf', 'remote'));
    expect(ids(await list(`project_id=${project.id}`))).toEqual(want('eval'));
    expect(ids(await list('project_id=proj_other'))).toEqual([]);
  });

  it('keeps the Job to its fields (source is not one of them)', async () => {
    expect(Object.keys(jobs.eval!)).not.toContain('source');
  });

  it('refuses an unknown source with a 400 naming the parameter', async () => {
    const res = await server.call('GET', '/v1/jobs?source=cron');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('/query/source');
  });
});

describe('workflow_id and workflow_node_id', () => {
  it('are accepted and validated, and match no job (this server runs no workflows)', async () => {
    expect((await list('workflow_id=wf_1')).data).toEqual([]);
    expect((await list('workflow_node_id=node_1&source=api')).data).toEqual([]);
    expect((await server.call('GET', `/v1/jobs?workflow_id=${'w'.repeat(129)}`)).status).toBe(400);
    expect((await server.call('GET', '/v1/jobs?source=workflow')).body).toMatchObject({ data: [] });
  });
});

describe('filename_regex', () => {
  it('matches file names with RE2 semantics: anywhere, case-sensitive unless (?i)', async () => {
    expect(ids(await list(new URLSearchParams({ filename_regex: '^Scan 01' })))).toEqual(want('pdf'));
    expect(ids(await list(new URLSearchParams({ filename_regex: 'scan' })))).toEqual(want('remote'));
    expect(ids(await list(new URLSearchParams({ filename_regex: '(?i)^scan[ _]0[12]' })))).toEqual(want('pdf', 'remote'));
    expect(ids(await list(new URLSearchParams({ filename_regex: '\\.txt$' })))).toEqual(want('text'));
  });

  it('refuses an invalid pattern, and lookarounds (RE2 has none), with a 400 naming the parameter', async () => {
    for (const pattern of ['(', '(?=a)b', 'a{1001}', '(a)\\1']) {
      const res = await server.call<{ error: { message: string; details: unknown } }>('GET', `/v1/jobs?${new URLSearchParams({ filename_regex: pattern })}`);
      expect(res.status, pattern).toBe(400);
      expect(res.body.error.message).toContain('filename_regex');
    }
    expect((await server.call('GET', `/v1/jobs?filename_regex=${'a'.repeat(257)}`)).status).toBe(400);
  });

  it('takes a catastrophic-backtracking pattern in linear time', async () => {
    // With RegExp, `(a+)+$` on 40 a's and a ! takes hours; RE2 answers at once.
    jobs.backtracking = (
      await server.call<Job>('POST', '/v1/jobs', { body: parseJob('x', { request: { document: { filename: `${'a'.repeat(40)}!`, url: dataUrl('x') } } }) })
    ).body;
    expect((await list(new URLSearchParams({ filename_regex: '^(a+)+$' }))).data).toEqual([]);
  });
});

describe('document_type', () => {
  it('matches a MIME type or an extension, any of the listed values', async () => {
    expect(ids(await list('document_type=pdf'))).toEqual(want('pdf', 'remote'));
    expect(ids(await list('document_type=.PDF'))).toEqual(want('pdf', 'remote'));
    expect(ids(await list(new URLSearchParams({ document_type: 'application/pdf' })))).toEqual(want('pdf', 'remote'));
    expect(ids(await list(new URLSearchParams({ document_type: 'txt,application/pdf', endpoint: '/v1/documents/parse' })))).toEqual(
      want('text', 'remote', 'backtracking'),
    );
    expect((await list('document_type=exe')).data).toEqual([]);
  });
});

describe('the filename_regex scan bound', () => {
  it('examines at most LIST_REGEX_SCAN_LIMIT jobs per page and says where it stopped', async () => {
    const database = openSqlite(`${tempDir()}/jobs.db`);
    const store = database.jobs;
    await store.migrate();
    // 10,000 inserts: no fsync per commit in this throwaway file.
    database.db.pragma('synchronous = OFF');
    try {
      const now = Date.now();
      const insert = (id: string, filename: string) =>
        store.insertJob({
          id,
          organizationId: 'org_scan',
          endpoint: '/v1/documents/parse',
          request: {},
          metadata: {},
          model: null,
          filenames: [filename],
          status: 'queued',
          warnings: null,
          createdAt: now,
          expiresAt: now + 60_000,
          maxAttempts: 3,
          blobHashes: [],
        });
      await insert('job_match_oldest', 'wanted.pdf');
      for (let i = 0; i < LIST_REGEX_SCAN_LIMIT + 10; i++) await insert(`job_other_${String(i).padStart(6, '0')}`, 'other.pdf');
      const query = { limit: 20, order: 'desc' as const, filenameMatches: (name: string) => name.startsWith('wanted') };
      const first = await store.listJobs('org_scan', query);
      expect(first.jobs).toEqual([]);
      expect(first.hasMore).toBe(true);
      // The last job examined: the LIST_REGEX_SCAN_LIMIT-th newest (others 10,009 down to 10).
      expect(first.boundaryId).toBe(`job_other_${String(10).padStart(6, '0')}`);
      const next = await store.listJobs('org_scan', { ...query, after: first.boundaryId });
      expect(next.jobs.map((j) => j.id)).toEqual(['job_match_oldest']);
      expect(next.hasMore).toBe(false);
    } finally {
      await store.close();
    }
  });
});
