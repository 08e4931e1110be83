/**
 * Documents for the projects and evals tests: the shared real documents
 * (`SHARED_FIXTURES_DIR`, else `../shared/fixtures/documents` beside the repository), the
 * document engine's generated fixtures (whose contents its labels describe), and small text
 * documents written here with known values.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function sharedFixturesDir(): string {
  return process.env.SHARED_FIXTURES_DIR ?? resolve(repoRoot, '../shared/fixtures/documents');
}

export function sharedFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(sharedFixturesDir(), name)));
}

export function sharedJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(sharedFixturesDir(), name), 'utf8')) as T;
}

/** A fixture of packages/documents/fixtures (bundle.pdf, table_invoice.pdf, order.md, ...). */
export function engineFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(repoRoot, 'packages/documents/fixtures', name)));
}

/** `{filename, url}` with a base64 data URL. */
export function documentOf(filename: string, mimeType: string, bytes: Uint8Array): { filename: string; url: string } {
  return { filename, url: `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}` };
}

/** A small text invoice with known values (what the local engine reads from "Label: value" lines). */
export function textInvoice(values: { number: string; customer: string; total: string; date: string }): { filename: string; url: string } {
  const text = [
    'INVOICE',
    `Invoice number: ${values.number}`,
    `Invoice date: ${values.date}`,
    `Customer: ${values.customer}`,
    `Total: ${values.total}`,
    '',
  ].join('\n');
  return documentOf(`invoice-${values.number}.txt`, 'text/plain', new TextEncoder().encode(text));
}

/** The schema the generated text invoices are extracted with. */
export const TEXT_INVOICE_SCHEMA = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string', description: 'Invoice number' },
    invoice_date: { type: 'string', format: 'date', description: 'Invoice date' },
    customer: { type: 'string', description: 'Customer name' },
    total: { type: 'number', description: 'Total amount' },
  },
} as const;
