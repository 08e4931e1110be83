/**
 * The README and outside-the-workspace tests run the *built* package. A dist/ older than src/
 * would test yesterday's code and pass, so they refuse to run on a stale build.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/client */
export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** The repository root. */
export const REPO_DIR = join(PACKAGE_DIR, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Throws unless dist/ exists and was built after the last change in src/. */
export function assertBuilt(): void {
  let built: number;
  try {
    built = statSync(join(PACKAGE_DIR, 'dist/index.js')).mtimeMs;
  } catch {
    throw new Error('packages/client/dist is missing: run `npm run build -w @jobs-api/client` first');
  }
  if (newestMtime(join(PACKAGE_DIR, 'src')) > built) {
    throw new Error('packages/client/dist is older than src/: run `npm run build -w @jobs-api/client` first');
  }
}
