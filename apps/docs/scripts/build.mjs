#!/usr/bin/env node
/**
 * `npm run docs` (turbo: build of @jobs-api/docs) writes the static reference site to dist/:
 *
 *   index.html                  the reference itself: Redoc page from `redocly build-docs --inlineBundle`
 *   openapi.yaml, openapi.json  the bundled spec (packages/api-types/generated/)
 *
 * The reference is the index, so the docs URL the server prints (`/docs`) opens it directly.
 * Every link is relative and every script and style is inlined, so the site works from any base
 * path (the server mounts it at /docs), from file://, and without network access.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(packageDir, 'dist');
const specYaml = require.resolve('@jobs-api/api-types/openapi.yaml');
const specJson = require.resolve('@jobs-api/api-types/openapi.json');
const redoclyCli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');

const spec = JSON.parse(readFileSync(specJson, 'utf8'));
const title = `${spec.info.title} reference`;

rmSync(distDir, { recursive: true, force: true });
mkdirSync(distDir, { recursive: true });
try {
  execFileSync(
    process.execPath,
    [redoclyCli, 'build-docs', specYaml, '--inlineBundle', '--title', title, '--output', join(distDir, 'index.html')],
    // No network at build time: telemetry off, no update check. Output only matters on failure
    // (it starts with a Node 20 deprecation banner on every run).
    { cwd: packageDir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, stdio: 'pipe' },
  );
} catch (error) {
  const { stdout, stderr } = /** @type {{ stdout?: Buffer, stderr?: Buffer }} */ (error);
  process.stderr.write(`${stdout ?? ''}${stderr ?? ''}`);
  console.error('docs: redocly build-docs failed');
  process.exit(1);
}
keepAttributionOffline(join(distDir, 'index.html'));
copyFileSync(specYaml, join(distDir, 'openapi.yaml'));
copyFileSync(specJson, join(distDir, 'openapi.json'));
console.log(`docs: wrote ${distDir.replace(`${process.cwd()}/`, '')}/{index.html,openapi.yaml,openapi.json}`);

/**
 * Redoc 3's sidebar footer ("API docs by Redocly") loads its logo from cdn.redoc.ly, the one
 * request the page would make outside its own origin (there is no option to turn the footer off).
 * The logo URLs are replaced by an inline SVG of the same wording, so the page stays
 * self-contained and keeps its attribution. If a Redocly upgrade changes the URLs, the docs
 * browser test (no request outside the local server) fails and points here.
 * @param {string} referencePath
 */
function keepAttributionOffline(referencePath) {
  /** @type {(text: string, width: number) => string} */
  const logo = (text, width) =>
    `data:image/svg+xml,${encodeURIComponent(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16">` +
        `<text x="0" y="12" font-family="system-ui, sans-serif" font-size="12" font-weight="600" fill="#0044D4">${text}</text></svg>`,
    )}`;
  const html = readFileSync(referencePath, 'utf8')
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini-full.svg', logo('Redocly', 52))
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', logo('R', 10));
  writeFileSync(referencePath, html);
}
