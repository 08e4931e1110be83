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
 */
import { runCli } from './cli/run.js';

process.exitCode = await runCli(process.argv.slice(2), process.env);
