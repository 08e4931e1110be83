/**
 * Loading the engine must leave the process's built-ins alone: pdfjs-dist's legacy build once
 * replaced JSON.stringify, JSON.parse and Array.prototype.push with slow polyfills (src/parse/pdfjs.ts). Checked in a fresh process, because a test worker may have loaded pdfjs already.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const pdfjsEntry = fileURLToPath(new URL('../src/parse/pdfjs.ts', import.meta.url));

describe('loading the engine', () => {
  it('defers pdfjs to the first PDF and keeps the native JSON.stringify, JSON.parse and Array.prototype.push', () => {
    const script = `
      const before = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };
      await import(${JSON.stringify(entry)});
      // pdfjs loads on the first PDF, not with the engine.
      const { loadPdfjs, pdfjs } = await import(${JSON.stringify(pdfjsEntry)});
      if (pdfjs !== undefined) throw new Error('pdfjs loaded with the engine');
      await loadPdfjs();
      const kept = Object.entries(before).filter(([name, fn]) =>
        fn === (name === 'push' ? Array.prototype.push : JSON[name])).map(([name]) => name);
      process.stdout.write(JSON.stringify(kept));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(['stringify', 'parse', 'push']);
  });
});
