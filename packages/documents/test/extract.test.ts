import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowNulls, compileSchema } from '../src/schema/json-schema.js';
import { call, useEngine } from './helpers/engine.js';
import { documentRef, localFixture, realFixture, realFixturesDir } from './helpers/fixtures.js';

const engine = useEngine();
const invoiceSchema = JSON.parse(fs.readFileSync(path.join(realFixturesDir(), 'invoice_schema.json'), 'utf8')) as Record<string, unknown>;

describe('local extraction of invoice_sample1.png with invoice_schema.json', async () => {
  const result = await engine.extract(
    { document: documentRef('invoice_sample1.png', 'image/png', realFixture('invoice_sample1.png')), json_schema: invoiceSchema },
    call(),
  );
  const parsed = result.choices[0]!.message.parsed;

  it('finds the invoice number and the total', () => {
    expect(parsed.invoice_id).toBe('12398982');
    expect(parsed.total_amount).toBe(561);
  });

  it('validates against the schema apart from not-found nulls', () => {
    const validate = compileSchema(allowNulls(invoiceSchema));
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    // Every field of the schema is present, found or null.
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(invoiceSchema.properties as object).sort());
  });

  it('lists exactly the null fields as missing and never invents them', () => {
    const nulls = Object.entries(parsed)
      .filter(([, value]) => value === null)
      .map(([key]) => key);
    expect(result.missing_fields).toEqual(expect.arrayContaining(nulls));
    expect(nulls).toEqual(expect.arrayContaining(['supplier_email', 'supplier_website', 'ship_to_address']));
  });

  it('reads the line items from the services table', () => {
    expect(parsed.line_items).toEqual([
      { description: 'Labour 1', quantity: 2, unit_price: 80, amount: 160 },
      { description: 'Labour 2', quantity: 5, unit_price: 45, amount: 225 },
      { description: 'Labour 3', quantity: 7, unit_price: 30, amount: 210 },
    ]);
  });

  it('answers in the chat-completion shape with likelihoods mirroring parsed', () => {
    expect(result.id).toMatch(/^extr_[\w-]{21}$/);
    expect(result.object).toBe('chat.completion');
    expect(result.model).toBe('retab-small');
    expect(JSON.parse(result.choices[0]!.message.content)).toEqual(parsed);
    expect(result.choices[0]!.finish_reason).toBe('stop');
    expect(Object.keys(result.likelihoods).sort()).toEqual(Object.keys(parsed).sort());
    const invoiceLikelihood = result.likelihoods.invoice_id as number;
    expect(invoiceLikelihood).toBeGreaterThan(0.5);
    expect(invoiceLikelihood).toBeLessThanOrEqual(1);
    expect(result.likelihoods.supplier_email).toBe(0);
    expect(result.usage.total_tokens).toBe(result.usage.prompt_tokens + result.usage.completion_tokens);
  });
});

describe('local extraction of a born-digital PDF', () => {
  const schema = {
    type: 'object',
    properties: {
      invoice_number: { type: 'string', description: 'The invoice number' },
      invoice_date: { type: 'string', format: 'date' },
      customer: { type: 'object', properties: { name: { type: 'string', title: 'Customer name' } } },
      phone: { type: 'string' },
      email: { type: 'string', format: 'email' },
      subtotal: { type: 'number' },
      vat: { type: 'number', title: 'VAT amount' },
      total_due: { type: 'number' },
      currency: { type: 'string', enum: ['EUR', 'GBP', 'USD'] },
      paid: { type: 'boolean', description: 'Whether the invoice is paid' },
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            description: { type: 'string' },
            quantity: { type: 'integer' },
            unit_price: { type: 'number' },
            amount: { type: 'number' },
          },
        },
      },
    },
    required: ['invoice_number', 'total_due'],
  };
  const document = documentRef('table_invoice.pdf', 'application/pdf', localFixture('table_invoice.pdf'));

  it('fills labels, a nested object, dates, numbers in either convention, enums and table rows', async () => {
    const result = await engine.extract({ document, json_schema: schema }, call());
    expect(result.choices[0]!.message.parsed).toEqual({
      invoice_number: 'INV-2024-0042',
      invoice_date: '2024-03-15',
      customer: { name: 'Contoso Pharmacy' },
      phone: '+44 117 496 0123',
      email: 'billing@northwind.example',
      subtotal: 1233.5,
      vat: 246.7,
      total_due: 1480.2,
      currency: 'GBP',
      paid: null,
      items: [
        { description: 'Widget A', quantity: 2, unit_price: 10, amount: 20 },
        { description: 'Gadget B', quantity: 1, unit_price: 1200, amount: 1200 },
        { description: 'Service C', quantity: 3, unit_price: 4.5, amount: 13.5 },
      ],
    });
    expect(result.missing_fields).toEqual(['paid']);
  });

  it('votes across variants with n_consensus and keeps likelihoods within 0..1', async () => {
    const result = await engine.extract({ document, json_schema: schema, n_consensus: 4 }, call());
    expect(result.choices[0]!.message.parsed.invoice_number).toBe('INV-2024-0042');
    expect(result.choices[0]!.message.parsed.total_due).toBe(1480.2);
    const leaves = JSON.stringify(result.likelihoods)
      .match(/-?\d+(\.\d+)?/g)!
      .map(Number);
    expect(leaves.every((value) => value >= 0 && value <= 1)).toBe(true);
  });
});

describe('local extraction from text formats', () => {
  const schema = {
    type: 'object',
    properties: {
      order_number: { type: 'string' },
      customer_name: { type: 'string' },
      total_amount: { type: 'number' },
    },
  };
  it.each([
    ['order.txt', 'text/plain'],
    ['order.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['order.html', 'text/html'],
    ['order.xml', 'application/xml'],
  ])('reads %s', async (filename, mimeType) => {
    const result = await engine.extract({ document: documentRef(filename, mimeType, localFixture(filename)), json_schema: schema }, call());
    expect(result.choices[0]!.message.parsed).toEqual({ order_number: 'PO-7731', customer_name: 'Alice Martin', total_amount: 1233.5 });
  });

  it('turns a value the schema rejects into a not-found null rather than invalid output', async () => {
    const strict = { type: 'object', properties: { order_number: { type: 'string', pattern: '^INV-' } } };
    const result = await engine.extract({ document: documentRef('order.txt', 'text/plain', localFixture('order.txt')), json_schema: strict }, call());
    expect(result.choices[0]!.message.parsed).toEqual({ order_number: null });
    expect(result.missing_fields).toEqual(['order_number']);
  });

  it('refuses a json_schema that is not a schema', async () => {
    const document = documentRef('order.txt', 'text/plain', localFixture('order.txt'));
    await expect(engine.extract({ document, json_schema: { type: 'nonsense' } }, call())).rejects.toMatchObject({ status: 400 });
  });
});
