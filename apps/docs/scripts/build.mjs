#!/usr/bin/env node
/**
 * `npm run docs` (turbo: build of @jobs-api/docs) writes the static reference site to dist/:
 *
 *   index.html                  landing page linking the reference and the raw spec
 *   reference.html              Redoc page from `redocly build-docs --inlineBundle`
 *   openapi.yaml, openapi.json  the bundled spec (packages/api-types/generated/)
 *
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
    [redoclyCli, 'build-docs', specYaml, '--inlineBundle', '--title', title, '--output', join(distDir, 'reference.html')],
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
keepAttributionOffline(join(distDir, 'reference.html'));
copyFileSync(specYaml, join(distDir, 'openapi.yaml'));
copyFileSync(specJson, join(distDir, 'openapi.json'));
writeFileSync(join(distDir, 'index.html'), landingPage(spec));
console.log(`docs: wrote ${distDir.replace(`${process.cwd()}/`, '')}/{index.html,reference.html,openapi.yaml,openapi.json}`);

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

/**
 * The landing page: what the API is and where its reference and spec are.
 * @param {{ info: { title: string, version: string, summary?: string } }} spec
 */
function landingPage({ info }) {
  /** @type {(text: unknown) => string} */
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escape(info.title)} documentation</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
    h1 { margin-bottom: 0.25rem; }
    .version { color: #59636e; margin-top: 0; }
    ul { padding-left: 1.25rem; }
    li { margin: 0.5rem 0; }
    code { background: #f6f8fa; padding: 0.1rem 0.3rem; border-radius: 4px; }
  </style>
</head>
<body>
  <h1>${escape(info.title)}</h1>
  <p class="version">Version ${escape(info.version)}</p>
  <p>${escape(info.summary ?? '')}</p>
  <ul>
    <li><a href="reference.html">API reference</a>: every operation, parameter, schema and example.</li>
    <li>The OpenAPI 3.1 spec: <a href="openapi.yaml">openapi.yaml</a> or <a href="openapi.json">openapi.json</a>
      (for code generators, Postman, Prism...).</li>
  </ul>
  <p>Authenticate with your key in the <code>Api-Key</code> header (or the <code>access_token</code> query parameter).</p>
</body>
</html>
`;
}
