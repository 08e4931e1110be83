/**
 * pdfjs-dist, loaded once for the whole package. Its legacy build (the one that runs on Node 20)
 * bundles core-js polyfills that replace JSON.stringify, JSON.parse and Array.prototype.push in the
 * whole process with JavaScript versions; Node 20's built-ins already do what those polyfills add.
 * In the server that made JSON.stringify of a 7 MB create answer take ~3 s instead of ~60 ms and
 * raised the peak memory of 250 concurrent 5 MB creates from 623 MiB to 1,616 MiB (test/bench,
 * 30 Nov 2026), so the built-ins are put back as soon as pdfjs has loaded.
 */
import { restoreNativeBuiltins } from './native-builtins.js';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

restoreNativeBuiltins();

export { pdfjs };
