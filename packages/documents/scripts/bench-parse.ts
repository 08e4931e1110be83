/**
 * Parse speed, printed (never asserted): pages/s of the engine's parse of the 31-page
 * manual beside a bare pdfjs text-extraction loop over the same file in the same process,
 * and the ratio between them; then seconds per page for OCR (an image, and a scanned PDF
 * page rendered then OCRed). Run: `npm run bench:parse`.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createDocumentEngine, defaultOcrPoolSize } from '../src/index.js';
import { createOcrPool } from '../src/parse/ocr-pool.js';
import { openPdf, parsePdf } from '../src/parse/pdf.js';
import { renderPage } from '../src/parse/parsed-document.js';
import { localFixturesDir, realFixturesDir } from '../test/helpers/fixtures.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const manual = new Uint8Array(fs.readFileSync(path.join(realFixturesDir(), 'om_manual_31_pages.pdf')));
const dataUrl = (mimeType: string, bytes: Uint8Array): string => `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}`;
const signal = new AbortController().signal;

/** Median wall time of `RUNS` runs after one warm-up run. */
async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]! / 1000;
}

/** The baseline: open with pdfjs and read every page's text items, nothing else. */
async function barePdfjs(): Promise<number> {
  const document = await openPdf(manual);
  let characters = 0;
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    for (const item of content.items) if ('str' in item) characters += item.str.length;
    page.cleanup();
  }
  await document.loadingTask.destroy();
  return characters;
}

// The engine sizes its OCR pool to the machine, as the server will run it.
const engine = createDocumentEngine();
const ocr = createOcrPool({ poolSize: 1 });
try {
  const pageCount = (await openPdf(manual)).numPages;
  const bare = await median(barePdfjs);
  // Same work as parse for the 29 pages with a text layer (layout, tables, rendering), no OCR.
  const textLayer = await median(async () => {
    const pages = await parsePdf(manual, { ocr, dpi: 192, signal, ocrPagesWithoutText: false });
    return pages.map((page) => renderPage(page, 'html'));
  });
  // The full engine call: data URL decoding, MIME checks, and OCR of the 2 pages that are scans.
  const full = await median(() => engine.parse({ document: { filename: 'om_manual_31_pages.pdf', url: dataUrl('application/pdf', manual) } }, { signal }));
  console.log(`parse of om_manual_31_pages.pdf (${pageCount} pages; pages 7 and 30 have no text layer), median of ${RUNS} runs, pdfjs-dist ${pdfjs.version}`);
  console.log(`  bare pdfjs text loop            ${(pageCount / bare).toFixed(1).padStart(7)} pages/s  (${(bare * 1000).toFixed(0)} ms)`);
  console.log(
    `  parse, text-layer work only     ${(pageCount / textLayer).toFixed(1).padStart(7)} pages/s  (${(textLayer * 1000).toFixed(0)} ms)  ratio to bare ${(bare / textLayer).toFixed(2)}`,
  );
  console.log(
    `  engine.parse (incl. 2 OCR pages, ${defaultOcrPoolSize()} OCR workers) ${(pageCount / full).toFixed(1).padStart(6)} pages/s  (${(full * 1000).toFixed(0)} ms)  ratio to bare ${(bare / full).toFixed(2)}`,
  );

  const invoice = new Uint8Array(fs.readFileSync(path.join(realFixturesDir(), 'invoice_sample1.png')));
  const imageOcr = await median(() => engine.parse({ document: { filename: 'invoice.png', url: dataUrl('image/png', invoice) } }, { signal }));
  const scan = new Uint8Array(fs.readFileSync(path.join(localFixturesDir, 'scanned_invoice.pdf')));
  const scanOcr = await median(() =>
    engine.parse({ document: { filename: 'scan.pdf', url: dataUrl('application/pdf', scan) }, image_resolution_dpi: 192 }, { signal }),
  );
  console.log(`OCR of a single page, median of ${RUNS} runs`);
  console.log(`  invoice_sample1.png (650x487, upscaled 3x)   ${imageOcr.toFixed(2)} s/page`);
  console.log(`  scanned_invoice.pdf (render at 192 dpi + OCR) ${scanOcr.toFixed(2)} s/page`);
} finally {
  await engine.close();
  await ocr.close();
}
