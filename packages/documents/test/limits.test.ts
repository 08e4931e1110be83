/**
 * The hard limits: sizes read from image headers without decoding, PDF stream and ZIP part sizes
 * measured before anything is inflated in full, nesting depth, and the engine refusing documents
 * over a limit with a 422 that names it.
 */
import { deflateSync } from 'node:zlib';
import { loadImage } from '@napi-rs/canvas';
import { afterEach, describe, expect, it } from 'vitest';
import { configureDocumentLimits, DEFAULT_DOCUMENT_LIMITS } from '../src/index.js';
import { checkImageHeader, imageSizes } from '../src/limits/image-header.js';
import { renderScale } from '../src/limits/index.js';
import { checkJsonDepth, checkMarkupDepth } from '../src/limits/nesting.js';
import { checkPdfStreams } from '../src/limits/pdf-streams.js';
import { checkZipSizes } from '../src/limits/zip.js';
import { call, useEngine } from './helpers/engine.js';
import { documentRef, localFixture, realFixture } from './helpers/fixtures.js';

afterEach(() => {
  configureDocumentLimits();
});

const limitError = (code: string, limit: string) => expect.objectContaining({ code, status: 422, details: expect.objectContaining({ limit }) });

describe('image sizes from the header', () => {
  it.each([
    ['PNG', realFixture('invoice_sample1.png'), 'image/png'],
    ['JPEG', localFixture('invoice_number.jpg'), 'image/jpeg'],
    ['WEBP', localFixture('invoice_totals.webp'), 'image/webp'],
  ])('%s: the header says what the decoder finds', async (_name, bytes, mimeType) => {
    const decoded = await loadImage(Buffer.from(bytes));
    expect(imageSizes(bytes, mimeType)).toEqual([{ width: decoded.width, height: decoded.height }]);
  });

  it('TIFF: one size per frame, read from every IFD', () => {
    const sizes = imageSizes(localFixture('invoice_services.tiff'), 'image/tiff')!;
    expect(sizes.length).toBeGreaterThan(0);
    for (const size of sizes) expect(size.width * size.height).toBeGreaterThan(0);
  });

  it('refuses a PNG header claiming 100,000 × 100,000 px, and an unreadable header', () => {
    const png = Buffer.from(realFixture('invoice_sample1.png'));
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    expect(() => checkImageHeader(png, 'image/png')).toThrow(limitError('document_too_large', 'maxImagePixels'));
    expect(() => checkImageHeader(png.subarray(0, 10), 'image/png')).toThrow(expect.objectContaining({ code: 'corrupt_document' }));
  });

  it('follows the configured limit', () => {
    const bytes = realFixture('invoice_sample1.png');
    expect(() => checkImageHeader(bytes, 'image/png')).not.toThrow();
    configureDocumentLimits({ maxImagePixels: 100 });
    expect(() => checkImageHeader(bytes, 'image/png')).toThrow(limitError('document_too_large', 'maxImagePixels'));
  });
});

describe('PDF streams', () => {
  it('lets real PDFs through', () => {
    for (const name of ['om_manual_31_pages.pdf', 'medical_bill_sample4.pdf', 'payslip.pdf']) expect(() => checkPdfStreams(realFixture(name))).not.toThrow();
  });

  it('refuses a Flate stream that inflates past the limit (CRLF or LF after the keyword)', () => {
    configureDocumentLimits({ maxDecompressedBytes: 1024 * 1024 });
    const content = deflateSync(Buffer.alloc(2 * 1024 * 1024, ' '));
    for (const eol of ['\n', '\r\n']) {
      const pdf = Buffer.concat([
        Buffer.from(`%PDF-1.7\n4 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream${eol}`),
        content,
        Buffer.from('\nendstream\nendobj\n'),
      ]);
      expect(() => checkPdfStreams(pdf)).toThrow(limitError('document_too_large', 'maxDecompressedBytes'));
    }
    configureDocumentLimits({ maxDecompressedBytes: 4 * 1024 * 1024 });
    const pdf = Buffer.concat([Buffer.from(`%PDF-1.7\n4 0 obj\n<< /Filter /FlateDecode >>\nstream\n`), content, Buffer.from('\nendstream\nendobj\n')]);
    expect(() => checkPdfStreams(pdf)).not.toThrow();
  });
});

describe('ZIP part sizes', () => {
  it('lets a real DOCX through and refuses one whose parts declare more than the limit', () => {
    const docx = localFixture('order.docx');
    expect(() => checkZipSizes(docx)).not.toThrow();
    configureDocumentLimits({ maxDecompressedBytes: 100 });
    expect(() => checkZipSizes(docx)).toThrow(limitError('document_too_large', 'maxDecompressedBytes'));
  });

  it('refuses bytes that are not a ZIP archive', () => {
    expect(() => checkZipSizes(new TextEncoder().encode('not a zip at all, just text'))).toThrow(expect.objectContaining({ code: 'corrupt_document' }));
  });
});

describe('nesting depth', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  it.each([
    ['JSON at the limit', () => checkJsonDepth(deep(DEFAULT_DOCUMENT_LIMITS.maxNestingDepth)), false],
    ['JSON past the limit', () => checkJsonDepth(deep(DEFAULT_DOCUMENT_LIMITS.maxNestingDepth + 1)), true],
    ['brackets inside strings', () => checkJsonDepth(JSON.stringify({ text: '['.repeat(1000) + '\\"[' })), false],
    ['HTML past the limit', () => checkMarkupDepth('<div>'.repeat(300) + '</div>'.repeat(300), 'HTML'), true],
    ['HTML with many unclosed paragraphs and line breaks', () => checkMarkupDepth('<body>' + '<p>text<br>'.repeat(5000) + '</body>', 'HTML'), false],
    ['XML past the limit', () => checkMarkupDepth('<a>'.repeat(300), 'XML'), true],
    ['self-closing XML elements', () => checkMarkupDepth('<a>' + '<b/>'.repeat(1000) + '</a>', 'XML'), false],
  ])('%s', (_name, check, refused) => {
    if (refused) expect(check).toThrow(limitError('document_too_large', 'maxNestingDepth'));
    else expect(check).not.toThrow();
  });
});

describe('render size', () => {
  it('keeps the resolution while the page fits, and scales a huge page down to the pixel limit', () => {
    expect(renderScale(612, 792, 144)).toBe(2);
    const scale = renderScale(14_400, 14_400, 192);
    expect(14_400 * scale * 14_400 * scale).toBeLessThanOrEqual(DEFAULT_DOCUMENT_LIMITS.maxRenderPixels * 1.0001);
  });
});

describe('the engine refuses documents over a limit', () => {
  const engine = useEngine();
  it.each([
    ['too many PDF pages', { maxPdfPages: 2 }, documentRef('bundle.pdf', 'application/pdf', localFixture('bundle.pdf')), 'too_many_pages', 'maxPdfPages'],
    ['text too long', { maxTextChars: 10 }, documentRef('order.txt', 'text/plain', localFixture('order.txt')), 'document_too_large', 'maxTextChars'],
    [
      'JSON too deep',
      { maxNestingDepth: 1 },
      documentRef('order.json', 'application/json', localFixture('order.json')),
      'document_too_large',
      'maxNestingDepth',
    ],
    [
      'DOCX part too large',
      { maxDecompressedBytes: 100 },
      documentRef('order.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', localFixture('order.docx')),
      'document_too_large',
      'maxDecompressedBytes',
    ],
    [
      'image too large',
      { maxImagePixels: 1000 },
      documentRef('invoice.png', 'image/png', realFixture('invoice_sample1.png')),
      'document_too_large',
      'maxImagePixels',
    ],
  ])('%s', async (_name, limits, document, code, limit) => {
    configureDocumentLimits(limits);
    await expect(engine.parse({ document }, call())).rejects.toThrow(limitError(code, limit));
  });
});
