// tsc compiles only .ts files: copy each engine's numbered SQL migrations next to the compiled store.
import { cpSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const engine of ['sqlite', 'postgres']) {
  const from = join(app, 'src/store', engine, 'migrations');
  if (existsSync(from)) cpSync(from, join(app, 'dist/store', engine, 'migrations'), { recursive: true });
}
