import { describe, expect, it } from 'vitest';
import { acceptedMimeTypes, DocumentError, isCanonicalBase64, parseDataUrl, sniffMimeType, splitDataUrl, toDataUrl } from '../src/index.js';
import { call, useEngine } from './helpers/engine.js';
import { dataUrl, localFixture, realFixture } from './helpers/fixtures.js';

describe('parseDataUrl (the one data: URL rule, shared with the server)', () => {
  it.each([
    ['base64 with type', 'data:application/pdf;base64,JVBERi0=', 'application/pdf', '%PDF-'],
    ['parameters before base64', 'data:text/plain;charset=utf-8;base64,aGk=', 'text/plain', 'hi'],
    ['alias folded', 'data:image/jpg;base64,aGk=', 'image/jpeg', 'hi'],
  ])('decodes %s', (_name, url, mimeType, text) => {
    const decoded = parseDataUrl(url);
    expect(decoded.mimeType).toBe(mimeType);
    expect(Buffer.from(decoded.bytes).toString('latin1')).toBe(text);
    expect(splitDataUrl(url)).toEqual({ header: url.slice(0, url.indexOf(',')), mimeType, base64: url.slice(url.indexOf(',') + 1) });
  });

  it.each([
    ['not a data URL', 'https://example.com/a.pdf', 'invalid_data_url'],
    ['no comma', 'data:application/pdf;base64', 'invalid_data_url'],
    ['no base64 flag (percent-encoded text)', 'data:text/csv,a%2Cb', 'invalid_data_url'],
    ['no MIME type', 'data:;base64,aGk=', 'invalid_data_url'],
    ['a malformed MIME type', 'data:pdf;base64,aGk=', 'invalid_data_url'],
    ['bad base64 characters', 'data:application/pdf;base64,JVB*ERi0=', 'invalid_base64'],
    ['the URL-safe alphabet', 'data:application/pdf;base64,JVB_ERi0', 'invalid_base64'],
    ['whitespace in the payload', 'data:application/pdf;base64,JVBE Ri0=', 'invalid_base64'],
    ['missing padding', 'data:application/pdf;base64,aGk', 'invalid_base64'],
    ['padding in the middle', 'data:application/pdf;base64,aG==aGk=', 'invalid_base64'],
    ['empty payload', 'data:application/pdf;base64,', 'invalid_base64'],
  ])('rejects %s with a 422 %s', (_name, url, code) => {
    expect(() => parseDataUrl(url)).toThrow(expect.objectContaining({ code, status: 422, retryable: false }));
    expect(() => splitDataUrl(url)).toThrow(expect.objectContaining({ code, status: 422 }));
  });

  it('checks a 5 MB payload in linear time (a regular expression with a repeated group overflowed the stack)', () => {
    const payload = Buffer.alloc(5 * 1024 * 1024, 7).toString('base64');
    expect(isCanonicalBase64(payload)).toBe(true);
    expect(isCanonicalBase64(`${payload.slice(0, 1000)}!${payload.slice(1001)}`)).toBe(false);
    expect(parseDataUrl(`data:application/pdf;base64,${payload}`).bytes.length).toBe(5 * 1024 * 1024);
  });

  it('round-trips with toDataUrl', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253]);
    const url = toDataUrl('application/pdf', bytes);
    expect([...parseDataUrl(url).bytes]).toEqual([...bytes]);
  });
});

describe('sniffMimeType', () => {
  it.each([
    ['payslip.pdf', realFixture('payslip.pdf'), 'application/pdf'],
    ['invoice_sample1.png', realFixture('invoice_sample1.png'), 'image/png'],
    ['booking_confirmation_1.jpg', realFixture('booking_confirmation_1.jpg'), 'image/jpeg'],
    ['invoice_totals.webp', localFixture('invoice_totals.webp'), 'image/webp'],
    ['invoice_services.tiff', localFixture('invoice_services.tiff'), 'image/tiff'],
    ['order.docx', localFixture('order.docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['order.html', localFixture('order.html'), 'text/html'],
    ['order.json', localFixture('order.json'), 'application/json'],
    ['order.xml', localFixture('order.xml'), 'application/xml'],
    ['order.txt', localFixture('order.txt'), 'text/plain'],
  ])('recognises %s', (_name, bytes, mimeType) => {
    expect(sniffMimeType(bytes)).toBe(mimeType);
  });

  it('calls binary noise unknown', () => {
    expect(sniffMimeType(new Uint8Array([0, 1, 2, 3, 255, 0]))).toBeUndefined();
  });
});

describe('acceptedMimeTypes', () => {
  it('lists every parsed format for the document endpoints and only PDF for form filling', () => {
    expect(acceptedMimeTypes('/v1/documents/extract')).toEqual(expect.arrayContaining(['application/pdf', 'image/tiff', 'text/csv']));
    expect(acceptedMimeTypes('/v1/edit/agent/fill')).toEqual(['application/pdf']);
    expect(acceptedMimeTypes('/v1/evals/split/process')).toBeUndefined();
  });
});

describe('document loading through the engine', () => {
  const engine = useEngine();

  it('refuses a data URL whose declared type does not match its bytes', async () => {
    const url = dataUrl('application/pdf', realFixture('invoice_sample1.png'));
    await expect(engine.parse({ document: { filename: 'x.pdf', url } }, call())).rejects.toMatchObject({
      code: 'mime_type_mismatch',
      status: 422,
      details: { declared: 'application/pdf', detected: 'image/png' },
    });
  });

  it('refuses an unsupported type', async () => {
    const url = dataUrl('application/zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    await expect(engine.parse({ document: { filename: 'x.zip', url } }, call())).rejects.toMatchObject({ code: 'unsupported_mime_type', status: 422 });
  });

  it('uses the bytes when the declared type is generic', async () => {
    const url = dataUrl('application/octet-stream', realFixture('payslip.pdf'));
    const result = await engine.parse({ document: { filename: 'payslip', url } }, call());
    expect(result.document.mime_type).toBe('application/pdf');
  });

  it('refines text/plain by the filename extension', async () => {
    const url = dataUrl('text/plain', localFixture('order.csv'));
    const result = await engine.parse({ document: { filename: 'order.csv', url } }, call());
    expect(result.document.mime_type).toBe('text/csv');
  });

  it('reports a corrupt PDF as a 422', async () => {
    const url = dataUrl('application/pdf', new TextEncoder().encode('%PDF-1.7\nthis is not a pdf body'));
    await expect(engine.parse({ document: { filename: 'bad.pdf', url } }, call())).rejects.toMatchObject({ code: 'corrupt_document', status: 422 });
  });

  it('resolves other schemes through resolveDocument and 422s when it finds nothing', async () => {
    const bytes = localFixture('order.txt');
    const resolveDocument = async (url: string) => (url === 'jobs-blob:sha256:abc' ? { bytes, mimeType: 'text/plain' } : undefined);
    const found = await engine.parse({ document: { filename: 'order.txt', url: 'jobs-blob:sha256:abc' } }, { ...call(), resolveDocument });
    expect(found.text).toContain('PO-7731');
    await expect(engine.parse({ document: { filename: 'x', url: 'jobs-blob:sha256:def' } }, { ...call(), resolveDocument })).rejects.toMatchObject({
      code: 'document_not_found',
      status: 422,
    });
    await expect(engine.parse({ document: { filename: 'x', url: 'ftp://example.com/x' } }, call())).rejects.toBeInstanceOf(DocumentError);
  });

  it('answers 422 unknown_model for a model that is neither retab-* nor mapped', async () => {
    expect(engine.isKnownModel('retab-small')).toBe(true);
    expect(engine.isKnownModel('gpt-unknown')).toBe(false);
    const url = dataUrl('text/plain', localFixture('order.txt'));
    await expect(engine.parse({ document: { filename: 'o.txt', url }, model: 'gpt-unknown' }, call())).rejects.toMatchObject({
      code: 'unknown_model',
      status: 422,
    });
  });
});
