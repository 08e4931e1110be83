/**
 * Bad input to the form engine: not a PDF, an encrypted or corrupt PDF, an unknown model, and
 * instructions with nothing to fill are clear 4xx DocumentErrors, from the endpoints and from the
 * create-time check alike.
 */
import { describe, expect, it } from 'vitest';
import { createFormEngine } from '../src/index.js';
import { formFixture, pdfDocument } from './forms-helpers.js';
import { call } from './helpers/engine.js';

const engine = createFormEngine();
const textAsPdf = { filename: 'notes.pdf', url: `data:application/pdf;base64,${Buffer.from('just some text').toString('base64')}` };
const textDocument = { filename: 'notes.txt', url: `data:text/plain;base64,${Buffer.from('Name: Jane').toString('base64')}` };

describe('documents that are not editable PDFs', () => {
  const cases: Array<[string, { document: { filename: string; url: string }; code: string }]> = [
    ['a text file', { document: textDocument, code: 'unsupported_mime_type' }],
    ['text bytes declared as a PDF', { document: textAsPdf, code: 'mime_type_mismatch' }],
    ['an encrypted PDF', { document: pdfDocument('locked.pdf', formFixture('encrypted.pdf')), code: 'document_encrypted' }],
    ['a corrupt PDF', { document: pdfDocument('broken.pdf', formFixture('corrupt.pdf')), code: 'corrupt_document' }],
  ];
  it.each(cases)('%s is a 422 from generate and fill', async (_name, { document, code }) => {
    const expected = expect.objectContaining({ code, status: 422, retryable: false }) as Error;
    await expect(engine.generate({ document }, call())).rejects.toThrow(expected);
    await expect(engine.fill({ document, instructions: 'Name: Jane' }, call())).rejects.toThrow(expected);
    await expect(engine.infer(document, call())).rejects.toThrow(expected);
  });

  it.each([
    ['text bytes declared as a PDF', textAsPdf, 'unsupported_mime_type'],
    ['an encrypted PDF', pdfDocument('locked.pdf', formFixture('encrypted.pdf')), 'document_encrypted'],
    ['a corrupt PDF', pdfDocument('broken.pdf', formFixture('corrupt.pdf')), 'corrupt_document'],
  ])('%s is refused by the create-time check', async (_name, document, code) => {
    await expect(engine.checkDocument(document)).rejects.toThrow(expect.objectContaining({ code, status: 422 }) as Error);
  });

  it('lets a readable PDF and a non-inline URL through the create-time check', async () => {
    await expect(engine.checkDocument(pdfDocument('form.pdf', formFixture('flat_form.pdf')))).resolves.toBeUndefined();
    await expect(engine.checkDocument({ filename: 'remote.pdf', url: 'https://example.com/form.pdf' })).resolves.toBeUndefined();
  });
});

describe('requests the engine cannot act on', () => {
  const document = pdfDocument('form.pdf', formFixture('acroform_application.pdf'));

  it('refuses an unknown model with a 422', async () => {
    await expect(engine.fill({ document, instructions: 'Name: Jane', model: 'gpt-unknown' }, call())).rejects.toThrow(
      expect.objectContaining({ code: 'unknown_model', status: 422 }) as Error,
    );
  });

  it('refuses instructions holding no values with a 400', async () => {
    await expect(engine.fill({ document, instructions: 'Please fill in my form.' }, call())).rejects.toThrow(
      expect.objectContaining({ code: 'invalid_request', status: 400 }) as Error,
    );
  });

  it('stops when the call is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(engine.generate({ document }, { signal: controller.signal })).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }) as Error);
  });
});
