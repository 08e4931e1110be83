/**
 * Helpers for the form tests: fixture PDFs as requests, reading a filled PDF back (its text layer
 * with pdfjs, its pixels rendered), and writing rendered pages as test artifacts to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Canvas } from '@napi-rs/canvas';
import type { Rectangle } from '@jobs-api/api-types';
import { openPdf } from '../src/parse/pdf.js';
import { localFixture, localFixturesDir } from './helpers/fixtures.js';

/** Bytes of a form fixture under fixtures/forms. */
export function formFixture(name: string): Uint8Array {
  return localFixture(path.join('forms', name));
}

/** A `{filename, url}` document for PDF bytes. */
export function pdfDocument(filename: string, bytes: Uint8Array): { filename: string; url: string } {
  return { filename, url: `data:application/pdf;base64,${Buffer.from(bytes).toString('base64')}` };
}

/** The bytes of a `data:` URL answered by the engine. */
export function bytesOf(url: string): Uint8Array {
  return new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
}

/** A run of text on a page, at its baseline origin in PDF user space (bottom-left origin). */
export interface TextItem {
  page: number;
  text: string;
  x: number;
  y: number;
}

/** Every text run of the PDF's text layer, as pdfjs reads it. */
export async function textLayer(bytes: Uint8Array): Promise<TextItem[]> {
  const document = await openPdf(bytes);
  try {
    const items: TextItem[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const content = await (await document.getPage(number)).getTextContent();
      for (const item of content.items) {
        if ('str' in item && item.str.trim()) items.push({ page: number, text: item.str, x: item.transform[4] as number, y: item.transform[5] as number });
      }
    }
    return items;
  } finally {
    await document.loadingTask.destroy();
  }
}

/** Renders every page (annotations with their appearance streams, as a viewer shows them). */
export async function renderPages(bytes: Uint8Array, dpi = 100): Promise<Array<{ canvas: Canvas; scale: number; height: number }>> {
  const document = await openPdf(bytes);
  try {
    const pages = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const factory = document.canvasFactory as { create(width: number, height: number): { canvas: Canvas; context: CanvasRenderingContext2D } };
      const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvasContext: context, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
      pages.push({ canvas, scale: dpi / 72, height: page.getViewport({ scale: 1 }).height });
    }
    return pages;
  } finally {
    await document.loadingTask.destroy();
  }
}

/** Share of dark pixels inside a rectangle (PDF user space) of a rendered page. */
export function inkIn(rendered: { canvas: Canvas; scale: number; height: number }, rect: Rectangle): number {
  const { canvas, scale, height } = rendered;
  const x = Math.round(rect.x * scale);
  const y = Math.round((height - rect.y - rect.height) * scale);
  const width = Math.max(1, Math.round(rect.width * scale));
  const rows = Math.max(1, Math.round(rect.height * scale));
  const data = canvas.getContext('2d').getImageData(x, y, width, rows).data;
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 3 * 160) dark += 1;
  return dark / (width * rows);
}

/** Where rendered pages are kept to look at (gitignored). */
export const artifactsDir = path.resolve(localFixturesDir, '..', 'test-artifacts', 'forms');

/** Writes each page as `<prefix>_p<n>.png` under test-artifacts/forms; answers the paths. */
export async function writePagePngs(bytes: Uint8Array, prefix: string, dpi = 110): Promise<string[]> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const written: string[] = [];
  for (const [index, page] of (await renderPages(bytes, dpi)).entries()) {
    const file = path.join(artifactsDir, `${prefix}_p${index + 1}.png`);
    fs.writeFileSync(file, await page.canvas.encode('png'));
    written.push(file);
  }
  return written;
}
