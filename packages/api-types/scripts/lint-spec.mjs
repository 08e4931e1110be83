#!/usr/bin/env node
// Lints openapi/ with Redocly (recommended + our rules, openapi/redocly.yaml) and fails on ANY
// problem: Redocly's own exit code fails only on errors, and the bar here is 0 errors and 0 warnings.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const redocly = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
const args = [redocly, 'lint', join(root, 'openapi/openapi.yaml'), '--config', join(root, 'openapi/redocly.yaml')];

const json = spawnSync(process.execPath, [...args, '--format', 'json'], { env, encoding: 'utf8' });
let totals;
try {
  totals = JSON.parse(json.stdout).totals;
} catch {
  process.stderr.write(json.stdout + json.stderr);
  console.error("lint-spec: could not read Redocly's report");
  process.exit(1);
}
if (totals.errors + totals.warnings === 0) {
  console.log('openapi/: 0 errors, 0 warnings');
  process.exit(0);
}
// Show the problems the readable way, then fail.
spawnSync(process.execPath, [...args, '--format', 'stylish'], { env, stdio: 'inherit' });
console.error(`lint-spec: ${totals.errors} errors and ${totals.warnings} warnings; the spec must lint clean`);
process.exit(1);
