/**
 * Fails the build when the built page would load anything from another origin: every src/href in
 * dist/index.html must be local, and no built CSS may import or reference a remote URL. (Strings in
 * the scripts, like React's error-decoder links, are text, not requests; the browser test checks
 * that no request leaves the host.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const problems = [];
const html = readFileSync(join(dist, 'index.html'), 'utf8');
for (const [, attribute, value] of html.matchAll(/\b(src|href)\s*=\s*["']([^"']*)["']/g)) {
  if (/^(https?:)?\/\//i.test(value)) problems.push(`index.html: ${attribute}="${value}"`);
}
for (const file of readdirSync(join(dist, 'assets'))) {
  if (!file.endsWith('.css')) continue;
  const css = readFileSync(join(dist, 'assets', file), 'utf8');
  for (const [match] of css.matchAll(/(@import\s+)?url\(\s*["']?(https?:)?\/\/[^)]*\)|@import\s+["'](https?:)?\/\//gi)) problems.push(`${file}: ${match}`);
}
if (problems.length > 0) {
  console.error(`dist/ would load from another origin:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('dist/: every URL in index.html and the CSS is local');
