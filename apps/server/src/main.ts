#!/usr/bin/env node
/**
 * The `jobs-api` CLI:
 *   jobs-api [serve]                   API + worker (the embedded default)
 *   jobs-api api                       API only
 *   jobs-api worker                    worker only
 *   jobs-api migrate                   apply database migrations and exit
 *   jobs-api keys create --org <id> [--name <n>] [--json]
 *   jobs-api keys list [--json]
 *   jobs-api keys revoke <prefix>
 *
 * Tracing starts before the server's modules are imported (so its instrumentations see express,
 * pg and http load), and only when the environment asks for it: otherwise nothing of the
 * OpenTelemetry SDK is loaded (observability/tracingConfig.ts).
 */
import { tracingConfigured } from './observability/tracingConfig.js';

const tracing = tracingConfigured(process.env) ? (await import('./observability/tracingSdk.js')).startTracing('jobs-api') : undefined;
const { runCli } = await import('./cli/run.js');

process.exitCode = await runCli(process.argv.slice(2), process.env);
// Spans still queued are sent before the process ends (a stopped server, a finished command).
await tracing?.shutdown().catch((error: unknown) => console.error('jobs-api: exporting the last spans failed:', error));
