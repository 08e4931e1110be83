/**
 * Fails when the committed generated files differ from a fresh generation from openapi/.
 *
 * The comparison is against git (the index), not the working tree: `npm test` runs `generate`
 * before the tests (turbo: generate → build → test), so the working tree always holds a fresh
 * generation and comparing with it would never fail. Outside a git checkout (e.g. an unpacked
 * tarball) the working tree is the only reference there is.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Each generated file: its name in `generate.mjs --out <dir>` and its path in this package. */
const GENERATED_FILES = [
  { outName: 'openapi.yaml', packagePath: 'generated/openapi.yaml' },
  { outName: 'openapi.json', packagePath: 'generated/openapi.json' },
  { outName: 'schema.d.ts', packagePath: 'src/schema.d.ts' },
  { outName: 'enums.ts', packagePath: 'src/enums.ts' },
] as const;

const REGENERATE_HINT = 'run `npm run generate` and commit the result';

/** The repository root, or undefined when this package is not inside a git work tree. */
function gitRoot(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: packageDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The committed (indexed) bytes of a package file, or undefined when git does not track it. */
function committedBytes(root: string, packagePath: string): Buffer | undefined {
  // `:<path>` names the index entry; the path is relative to the repository root, hence cwd: root.
  const repoPath = relative(root, join(packageDir, packagePath)).split('\\').join('/');
  try {
    return execFileSync('git', ['show', `:${repoPath}`], { cwd: root, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** A short description of where two texts first differ, for the failure message. */
function firstDifference(expected: string, actual: string): string {
  const want = expected.split('\n');
  const got = actual.split('\n');
  const line = want.findIndex((text, i) => text !== got[i]);
  const at = line === -1 ? want.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(want[at] ?? '<end of file>')}, fresh ${JSON.stringify(got[at] ?? '<end of file>')}`;
}

describe('generated files', () => {
  let freshDir: string;

  beforeAll(async () => {
    freshDir = mkdtempSync(join(tmpdir(), 'api-types-drift-'));
    await promisify(execFile)(process.execPath, [join(packageDir, 'scripts/generate.mjs'), '--out', freshDir], { cwd: packageDir });
  });

  afterAll(() => {
    if (freshDir) rmSync(freshDir, { recursive: true, force: true });
  });

  it(`match a fresh generation from openapi/ (else ${REGENERATE_HINT})`, () => {
    const root = gitRoot();
    const drift: string[] = [];
    for (const { outName, packagePath } of GENERATED_FILES) {
      const fresh = readFileSync(join(freshDir, outName));
      const reference = root ? committedBytes(root, packagePath) : readFileSync(join(packageDir, packagePath));
      if (reference === undefined) drift.push(`${packagePath}: not committed`);
      else if (!reference.equals(fresh)) drift.push(`${packagePath} differs at ${firstDifference(reference.toString('utf8'), fresh.toString('utf8'))}`);
    }
    const against = root ? 'the version committed in git' : 'the working tree (not a git checkout)';
    expect(drift, `generated files differ from ${against}; ${REGENERATE_HINT}:\n  ${drift.join('\n  ')}`).toEqual([]);
  });
});
