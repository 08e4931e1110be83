#!/usr/bin/env node
/**
 * `npm run mock`: serves the bundled spec (packages/api-types/generated/openapi.yaml) with Prism in
 * static mode, so every answer is one of the spec's named examples (no `--dynamic`: generated data
 * would differ on every call and ignores some constraints such as `maxProperties`).
 *
 *   MOCK_PORT  port to listen on (default 4010; 0 lets the OS pick one, Prism logs which)
 *
 * It listens on 127.0.0.1 only: the mock accepts any key, so it is not for other machines.
 *
 * Prism gets the bundled spec untouched. The create bodies (JobCreate, ProjectCreate) are `oneOf`
 * + `discriminator` without a `mapping`, which some tools read as "the value is the schema name".
 * Prism 5.14.2 does not act on `discriminator` at all: it validates the plain `oneOf`, and because
 * every branch pins `endpoint` (or `kind`) with `const`, exactly one branch matches a valid body.
 * test/mock.test.ts creates a job for every endpoint to keep that true. The price: for an invalid
 * body Prism logs (and sends in its `sl-violations` header) the errors of every branch; the body it
 * answers is the spec's 422 example either way.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 4010;

const portSetting = process.env.MOCK_PORT ?? String(DEFAULT_PORT);
const port = /^\d+$/.test(portSetting) ? Number(portSetting) : Number.NaN;
if (!(port >= 0 && port <= 65535)) {
  console.error(`mock: MOCK_PORT must be a port number (0-65535), got ${JSON.stringify(portSetting)}`);
  process.exit(2);
}

const require = createRequire(import.meta.url);
const specPath = fileURLToPath(import.meta.resolve('@jobs-api/api-types/openapi.yaml'));
const prismCli = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');

const prism = spawn(process.execPath, [prismCli, 'mock', specPath, '--host', HOST, '--port', String(port)], { stdio: 'inherit' });

// Forward stop signals so `kill <pid of npm run mock>` also stops Prism (a terminal's Ctrl-C
// reaches both processes anyway; a second signal to an exiting Prism is harmless).
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => prism.kill(signal));
}
prism.on('error', (error) => {
  console.error(`mock: could not start Prism: ${error.message}`);
  process.exit(1);
});
prism.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 + constants.signals[signal] : 1));
});
