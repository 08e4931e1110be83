import { describe, expect, it } from 'vitest';
import { isValidJsonSchema } from '../src/schema/json-schema.js';
import { call, useEngine } from './helpers/engine.js';
import { documentRef, localFixture, realFixture } from './helpers/fixtures.js';

const engine = useEngine();

describe('schemas/generate (local)', () => {
  const invoice = documentRef('table_invoice.pdf', 'application/pdf', localFixture('table_invoice.pdf'));

  it('infers a valid JSON Schema that extraction then fills from the same document', async () => {
    const { json_schema: schema } = await engine.generateSchema({ documents: [invoice] }, call());
    expect(isValidJsonSchema(schema)).toBe(true);
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(properties.invoice_number).toMatchObject({ type: 'string', title: 'Invoice Number' });
    expect(properties.total_due).toMatchObject({ type: 'number' });
    expect(properties.line_items).toMatchObject({ type: 'array', items: { type: 'object' } });
    expect(schema.required).toEqual(expect.arrayContaining(['invoice_number', 'total_due']));

    const extraction = await engine.extract({ document: invoice, json_schema: schema }, call());
    const parsed = extraction.choices[0]!.message.parsed;
    expect(parsed.invoice_number).toBe('INV-2024-0042');
    expect(parsed.total_due).toBe(1480.2);
    expect(parsed.line_items).toHaveLength(3);
    const filled = Object.values(parsed).filter((value) => value !== null).length;
    expect(filled / Object.keys(parsed).length).toBeGreaterThan(0.8);
  });

  it('marks required only the fields found in every document', async () => {
    const order = documentRef('order.txt', 'text/plain', localFixture('order.txt'));
    const orderHtml = documentRef('order.html', 'text/html', localFixture('order.html'));
    const { json_schema: schema } = await engine.generateSchema({ documents: [order, orderHtml] }, call());
    const properties = schema.properties as Record<string, unknown>;
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['order_number', 'order_date', 'customer_name']));
    expect(schema.required).toEqual(expect.arrayContaining(['order_number', 'customer_name', 'total_amount']));
    // Only order.txt has a date.
    expect(schema.required).not.toContain('order_date');
    expect(properties.order_date).toMatchObject({ type: 'string', format: 'date' });
  });

  it('works on an OCRed image', async () => {
    const image = documentRef('invoice_sample1.png', 'image/png', realFixture('invoice_sample1.png'));
    const { json_schema: schema } = await engine.generateSchema({ documents: [image] }, call());
    expect(isValidJsonSchema(schema)).toBe(true);
    const extraction = await engine.extract({ document: image, json_schema: schema }, call());
    expect(extraction.choices[0]!.message.parsed.invoice_number).toBe('12398982');
  });
});
