/**
 * A flat, born-digital form (fixtures/forms/flat_form.pdf: no AcroForm): generate finds its blanks
 * from the layout — typed underscores, a drawn line, a labelled box, empty table cells, a checkbox,
 * captioned signature and date lines — and makes it fillable; fill draws each value in its blank,
 * where the text layer reads it back next to its printed label.
 */
import type { FilledForm, InferredForm } from '@jobs-api/api-types';
import { PDFCheckBox, PDFDocument, PDFTextField } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFormEngine } from '../src/index.js';
import { bytesOf, formFixture, inkIn, pdfDocument, renderPages, type TextItem, textLayer, writePagePngs } from './forms-helpers.js';
import { call } from './helpers/engine.js';

const engine = createFormEngine();
const document = pdfDocument('expense_claim.pdf', formFixture('flat_form.pdf'));

/** The printed label's run in the fixture's text layer. */
function labelItem(items: TextItem[], text: string): TextItem {
  const item = items.find((candidate) => candidate.text.startsWith(text));
  if (!item) throw new Error(`no "${text}" in the text layer`);
  return item;
}

describe('generate on a flat form', () => {
  let inferred: InferredForm;
  beforeAll(async () => {
    inferred = await engine.generate({ document }, call());
  });

  it('finds each blank with its label, type and page, in reading order', () => {
    expect(inferred.form_schema.form_fields.map(({ name, type, label, page }) => [name, type, label, page])).toEqual([
      ['employee_name', 'text', 'Employee name', 1],
      ['employee_id', 'text', 'Employee ID', 1],
      ['department', 'text', 'Department', 1],
      ['description', 'text', 'Description', 1],
      ['date', 'text', 'Date', 1],
      ['amount', 'text', 'Amount', 1],
      ['description_2', 'text', 'Description', 1],
      ['date_2', 'text', 'Date', 1],
      ['amount_2', 'text', 'Amount', 1],
      ['paid_with_a_company_card', 'checkbox', 'Paid with a company card', 1],
      ['signature', 'signature', 'Signature', 1],
      ['date_3', 'text', 'Date', 1],
    ]);
    expect(inferred.field_count).toBe(12);
  });

  it('places each blank where the form leaves room, with its label and section as description', () => {
    const field = (name: string) => inferred.form_schema.form_fields.find((candidate) => candidate.name === name)!;
    // After "Employee name: " on its line; the drawn line under "Employee ID" runs from x 140 to 320 at y 658.
    expect(field('employee_name').rect.x).toBeGreaterThan(140);
    expect(field('employee_id').rect).toMatchObject({
      x: expect.closeTo(140, 0) as number,
      y: expect.closeTo(658.6, 0) as number,
      width: expect.closeTo(180, 0) as number,
    });
    // Inside the Department box (72..372 × 590..630), below its label.
    const department = field('department').rect;
    expect(department.x).toBeGreaterThanOrEqual(72);
    expect(department.x + department.width).toBeLessThanOrEqual(372);
    expect(department.y + department.height).toBeLessThan(620);
    // The table's empty rows, not its header row (520..540).
    expect(field('description').rect.y + field('description').rect.height).toBeLessThanOrEqual(520.5);
    expect(field('description_2').rect.y).toBeLessThan(field('description').rect.y);
    expect(field('paid_with_a_company_card').rect).toMatchObject({ width: expect.closeTo(10, 0) as number, height: expect.closeTo(10, 0) as number });
    expect(field('description').description).toBe('Description (in 1. Expenses)');
    expect(field('employee_name').value).toBeNull();
    expect(field('paid_with_a_company_card').value).toBe(false);
  });

  it('answers the same PDF with a real AcroForm field at each blank', async () => {
    const annotated = await PDFDocument.load(bytesOf(inferred.annotated_pdf.url));
    const fields = annotated.getForm().getFields();
    expect(fields.map((field) => field.getName())).toEqual(inferred.form_schema.form_fields.map((field) => field.name));
    for (const expected of inferred.form_schema.form_fields) {
      const field = fields.find((candidate) => candidate.getName() === expected.name)!;
      expect(field).toBeInstanceOf(expected.type === 'checkbox' ? PDFCheckBox : PDFTextField);
      const rect = field.acroField.getWidgets()[0]!.getRectangle();
      expect(rect.x).toBeCloseTo(expected.rect.x, 0);
      expect(rect.y).toBeCloseTo(expected.rect.y, 0);
      expect(rect.width).toBeCloseTo(expected.rect.width, 0);
    }
    expect(annotated.getPageCount()).toBe(1);
    expect(inferred.annotated_pdf.filename).toBe('expense_claim_fillable.pdf');
  });
});

describe('fill a flat form', () => {
  let filled: FilledForm;
  let items: TextItem[];
  beforeAll(async () => {
    const instructions = {
      employee: { name: 'Jane Doe', id: 'E-1234', department: 'Finance' },
      expenses: [
        { description: 'Train to Lyon', date: '2025-07-01', amount: '84.50' },
        { description: 'Hotel, two nights', date: '2025-07-02', amount: '210.00' },
      ],
      paid_with_company_card: true,
      signed_on: { date: '2025-07-15' },
    };
    filled = await engine.fill({ document, instructions }, call());
    items = await textLayer(bytesOf(filled.filled_document.url));
    await writePagePngs(bytesOf(filled.filled_document.url), 'flat_form_filled');
  });

  it('draws each value in the text layer next to its printed label', () => {
    const value = (text: string) => items.find((item) => item.text === text);
    const employeeName = labelItem(items, 'Employee name');
    expect(value('Jane Doe')).toMatchObject({ page: 1, y: expect.closeTo(employeeName.y, -1) as number });
    expect(value('Jane Doe')!.x).toBeGreaterThan(employeeName.x + 60);
    const employeeId = labelItem(items, 'Employee ID');
    expect(value('E-1234')!.y).toBeCloseTo(employeeId.y, -1);
    expect(value('Finance')!.y).toBeLessThan(labelItem(items, 'Department').y);
    expect(value('Finance')!.y).toBeGreaterThan(590);
  });

  it('puts array items in the table rows in order', () => {
    const first = items.find((item) => item.text === 'Train to Lyon')!;
    const second = items.find((item) => item.text === 'Hotel, two nights')!;
    expect(first.y).toBeGreaterThan(second.y);
    expect(first.y).toBeLessThan(labelItem(items, 'Description').y);
    expect(items.find((item) => item.text === '84.50')!.y).toBeCloseTo(first.y, 0);
    expect(items.find((item) => item.text === '210.00')!.x).toBeGreaterThan(labelItem(items, 'Amount').x - 2);
  });

  it('ticks the checkbox, leaves the signature to the signer and reports every field', async () => {
    const [page] = await renderPages(bytesOf(filled.filled_document.url));
    const checkbox = filled.form_data.find((field) => field.name === 'paid_with_a_company_card')!;
    expect(checkbox).toMatchObject({ value: true, source: 'paid_with_company_card' });
    expect(inkIn(page!, { x: 74, y: 442, width: 6, height: 6 })).toBeGreaterThan(0.2);
    expect(filled.form_data.find((field) => field.name === 'signature')).toMatchObject({ value: null, reason: 'Signature fields are left for the signer.' });
    expect(filled.form_data.find((field) => field.name === 'date_3')).toMatchObject({ value: '2025-07-15', source: 'signed_on.date' });
    expect(filled.form_data).toHaveLength(12);
  });

  it('fills from free text too', async () => {
    const text = await textLayer(bytesOf((await engine.fill({ document, instructions: 'Employee ID: E-77; Department: Legal' }, call())).filled_document.url));
    expect(text.map((item) => item.text)).toEqual(expect.arrayContaining(['E-77', 'Legal']));
  });
});
