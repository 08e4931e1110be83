/**
 * The package as another project gets it: `npm pack` of the client (and of @jobs-api/api-types,
 * whose types its declarations reference), installed with npm into a temporary project outside
 * the repository. Checks what the tarball holds, that the built code imports nothing but
 * openapi-fetch and @jobs-api/api-types (so it also runs in browsers), that a strict TypeScript consumer without Node types
 * compiles against it, and that a plain .mjs script runs create + waitForCompletion against a
 * real server.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, PACKAGE_DIR, REPO_DIR } from './support/dist.js';
import { assertSucceeded, childEnv, run } from './support/processes.js';
import { serverUnavailable, startTestServer, textDataUrl, type TestServer } from './support/server.js';

const API_TYPES_DIR = join(REPO_DIR, 'packages/api-types');
const NPM = 'npm';

interface PackResult {
  filename: string;
  files: { path: string }[];
}

async function pack(packageDir: string, destination: string): Promise<PackResult> {
  const result = assertSucceeded(
    await run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: packageDir, timeoutMs: 120_000 }),
    `npm pack in ${packageDir}`,
  );
  const [packed] = JSON.parse(result.stdout) as PackResult[];
  return packed!;
}

/** The module specifiers a built file imports at run time (`import type` is erased by tsc already). */
function runtimeImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm), ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1]!,
  );
}

/** The packages outside this repository that `dir`'s package needs at run time, transitively. */
async function runtimeDependencies(dir: string): Promise<string[]> {
  const found = new Set<string>();
  const visit = async (packageDir: string) => {
    const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      if (name.startsWith('@jobs-api/') || found.has(name)) continue;
      found.add(name);
      await visit(join(REPO_DIR, 'node_modules', name));
    }
  };
  await visit(dir);
  return [...found];
}

let workDir: string;
let consumerDir: string;
let clientPack: PackResult;

beforeAll(async () => {
  assertBuilt();
  workDir = await mkdtemp(join(tmpdir(), 'jobs-client-outside-'));
  if (!relative(REPO_DIR, workDir).startsWith('..')) throw new Error(`${workDir} is inside the repository`);
  clientPack = await pack(PACKAGE_DIR, workDir);
  // Nothing may reach the network at test time (.ci/run): every runtime dependency of the client
  // (and theirs) is packed from this checkout's node_modules too, and npm runs --offline (an npm
  // cache holds the tarballs `npm ci` fetched, not the registry metadata a range needs).
  const tarballs = [clientPack, await pack(API_TYPES_DIR, workDir)];
  for (const name of await runtimeDependencies(PACKAGE_DIR)) tarballs.push(await pack(join(REPO_DIR, 'node_modules', name), workDir));
  const tarballPaths = tarballs.map((packed) => join(workDir, packed.filename));

  consumerDir = join(workDir, 'consumer');
  await run('mkdir', ['-p', consumerDir], { cwd: workDir });
  await writeFile(join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  assertSucceeded(
    await run(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', ...tarballPaths], {
      cwd: consumerDir,
      timeoutMs: 180_000,
    }),
    'npm install of the packed packages',
  );
}, 240_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the build, the sources its maps point to, the README, and nothing else', () => {
    const paths = clientPack.files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'src/index.ts']));
    expect(paths.filter((path) => !/^(package\.json|README\.md|dist\/.+\.(js|d\.ts)(\.map)?|src\/.+\.ts)$/.test(path))).toEqual([]);
  });

  it('imports nothing at run time but openapi-fetch and the api-types it ships with: no Node built-ins', async () => {
    // The api-types runtime part is the spec's enums and the lifecycle's transition table (the one
    // source of the terminal statuses the wait loop uses): plain ES modules, as browser-safe as ours.
    const external = new Set<string>();
    for (const pkg of ['client', 'api-types']) {
      const dist = join(consumerDir, `node_modules/@jobs-api/${pkg}/dist`);
      const files = (await readdir(dist)).filter((name) => name.endsWith('.js'));
      expect(files.length).toBeGreaterThan(pkg === 'client' ? 5 : 1);
      for (const name of files) {
        // Comments (JSDoc examples mention process.env) do not run.
        const source = (await readFile(join(dist, name), 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        for (const specifier of runtimeImports(source)) if (!specifier.startsWith('./')) external.add(specifier);
        expect(source, `${pkg}/${name} mentions process or Buffer`).not.toMatch(/\b(process|Buffer)\./);
      }
    }
    // standardwebhooks (webhooks.unwrap) is plain JS on @stablelib/base64 and fast-sha256: browser-safe too.
    expect([...external].sort()).toEqual(['@jobs-api/api-types', 'openapi-fetch', 'standardwebhooks']);
  });

  it('type-checks a strict consumer without Node types, by the package name', async () => {
    await writeFile(
      join(consumerDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, lib: ['ES2023', 'DOM'], types: [] },
        files: ['consumer.ts'],
      }),
    );
    await writeFile(
      join(consumerDir, 'consumer.ts'),
      [
        "import { createJobsClient, NotFoundError, type Job, type JobStatus } from '@jobs-api/client';",
        "const client = createJobsClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: 'key' });",
        'export async function run(): Promise<string> {',
        "  const job = await client.jobs.createAndWait({ endpoint: '/v1/documents/parse', request: { document: { filename: 'a.txt', url: 'data:text/plain;base64,QQ==' }, table_parsing_format: 'markdown', image_resolution_dpi: 192 } });",
        '  const text: string | undefined = job.response?.body.text;',
        '  const status: JobStatus = job.status;',
        "  const listed: Job[] = (await client.jobs.list({ status: ['failed'] })).data;",
        '  // @ts-expect-error: not a status (proves the API types resolved rather than becoming any)',
        "  const wrong: JobStatus = 'finished';",
        '  return `${text}${status}${listed.length}${wrong}${new NotFoundError({ code: "not_found", message: "" }).status}`;',
        '}',
        '',
      ].join('\n'),
    );
    const tsc = join(REPO_DIR, 'node_modules/typescript/bin/tsc');
    assertSucceeded(await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumerDir, timeoutMs: 120_000 }), 'tsc in the consumer');
  });
});

describe.skipIf(serverUnavailable !== undefined)(
  `a script outside the workspace against a real server${serverUnavailable ? ` (SKIPPED: ${serverUnavailable})` : ''}`,
  () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(async () => {
      await server?.close();
    });

    it('imports the package and runs create + waitForCompletion on a parse job', async () => {
      const script = `
import { createJobsClient } from '@jobs-api/client';

const client = createJobsClient({ baseUrl: process.env.JOBS_API_URL, apiKey: process.env.JOBS_API_KEY });
const job = await client.jobs.create({
  endpoint: '/v1/documents/parse',
  request: { document: { filename: 'outside.txt', url: ${JSON.stringify(textDataUrl('Parsed from outside the workspace'))} } },
});
const done = await client.jobs.waitForCompletion(job.id, { pollIntervalMs: 100, timeoutMs: 30000 });
console.log(JSON.stringify({ id: job.id, status: done.status, text: done.response?.body?.text }));
`;
      await writeFile(join(consumerDir, 'main.mjs'), script);
      const result = assertSucceeded(
        await run(process.execPath, ['main.mjs'], {
          cwd: consumerDir,
          env: childEnv({ JOBS_API_URL: server.url, JOBS_API_KEY: server.apiKey }),
          timeoutMs: 60_000,
        }),
        'node main.mjs',
      );
      const outcome = JSON.parse(result.stdout.trim()) as { id: string; status: string; text: string };
      expect(outcome).toMatchObject({ status: 'completed', text: expect.stringContaining('Parsed from outside the workspace') });
      expect(outcome.id).toMatch(/^job_[\w-]{21}$/);
    });
  },
);
