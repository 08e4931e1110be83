/**
 * Documents for the projects and evals tests: the real public documents of
 * packages/documents/fixtures/real (sources in its README), the
 * document engine's generated fixtures (whose contents its labels describe), and small text
 * documents written here with known values.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function realFixturesDir(): string {
  return resolve(repoRoot, 'packages/documents/fixtures/real');
}

export function realFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(realFixturesDir(), name)));
}

export function realJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(realFixturesDir(), name), 'utf8')) as T;
}

/** A fixture of packages/documents/fixtures (bundle.pdf, table_invoice.pdf, order.md, ...). */
export function engineFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(repoRoot, 'packages/documents/fixtures', name)));
}

/** `{filename, url}` with a base64 data URL. */
export function documentOf(filename: string, mimeType: string, bytes: Uint8Array): { filename: string; url: string } {
  return { filename, url: `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}` };
}

/** Known values of a generated text invoice; a field left out is not written in it. */
export interface TextInvoice {
  number: string;
  date?: string;
  billedTo?: string;
  tax?: string;
  total?: string;
  currency?: string;
}

/**
 * A small text invoice with known values, in the "Label: value" lines the local engine reads
 * with the shared invoice schema (invoice_id, invoice_date, receiver_name, total_tax_amount,
 * total_amount, currency).
 */
export function textInvoice(values: TextInvoice): { filename: string; url: string } {
  const lines = [
    'INVOICE',
    `Invoice number: ${values.number}`,
    values.date && `Invoice date: ${values.date}`,
    values.billedTo && `Billed to: ${values.billedTo}`,
    values.tax && `Tax: ${values.tax}`,
    values.total && `Total: ${values.total}`,
    values.currency && `Currency: ${values.currency}`,
    '',
  ].filter((line) => line !== undefined);
  return documentOf(`invoice-${values.number}.txt`, 'text/plain', new TextEncoder().encode(lines.join('\n')));
}

/** Bytes that are declared and sniffed as a PDF but cannot be parsed: accepted into a project, failing when evaluated. */
export const BROKEN_PDF = documentOf('broken.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.4\n% not really a PDF\n'));
