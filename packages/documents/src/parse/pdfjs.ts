/**
 * pdfjs-dist, loaded once for the whole package, on first use. (Its legacy build of 4.x replaced
 * JSON.stringify, JSON.parse and Array.prototype.push process-wide with slow core-js polyfills: a
 * 7 MB create answer took ~3 s to serialise. The 6.x build pinned now leaves them alone;
 * test/native-builtins.test.ts keeps it so.)
 */
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

type Pdfjs = typeof PdfjsModule;
let loaded: Promise<Pdfjs> | undefined;
/** The module once loaded, for synchronous helpers that only run on documents it opened. */
export let pdfjs: Pdfjs | undefined;

/**
 * Loads pdfjs on first use: every engine sandbox starts by loading the engine, and pdfjs is ~0.15 s
 * of the ~0.9 s of CPU that costs (measured on Node 24), which a sandbox that only ever sees text,
 * HTML or images never spends.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  loaded ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((module) => {
    pdfjs = module;
    return module;
  });
  return loaded;
}
