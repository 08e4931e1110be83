/**
 * An AcroForm PDF generated with pdf-lib (fixtures/forms/generate.ts): generate finds every field
 * with its type, page and label; filling from free text and from JSON puts each value in its
 * field, read back with pdf-lib, with appearance streams a renderer shows.
 */
import type { FilledForm } from '@jobs-api/api-types';
import { PDFDocument, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFormEngine } from '../src/index.js';
import { bytesOf, formFixture, inkIn, pdfDocument, renderPages, writePagePngs } from './forms-helpers.js';
import { call } from './helpers/engine.js';

const engine = createFormEngine();
const original = formFixture('acroform_application.pdf');
const document = pdfDocument('application.pdf', original);

async function readBack(filled: FilledForm) {
  const pdf = await PDFDocument.load(bytesOf(filled.filled_document.url));
  const form = pdf.getForm();
  return {
    pdf,
    text: (name: string) => form.getTextField(name).getText() ?? null,
    checked: (name: string) => form.getCheckBox(name).isChecked(),
    radio: () => form.getRadioGroup('membership').getSelected() ?? null,
    country: () => form.getDropdown('country').getSelected(),
  };
}

describe('generate on an AcroForm PDF', () => {
  it('lists every field with its type, page, rectangle, value, label and options', async () => {
    const inferred = await engine.generate({ document }, call());
    expect(inferred.field_count).toBe(8);
    const summary = inferred.form_schema.form_fields.map(({ name, type, page, label, value, options }) => ({ name, type, page, label, value, options }));
    expect(summary).toEqual([
      { name: 'applicant.full_name', type: 'text', page: 1, label: 'Full name', value: null, options: undefined },
      { name: 'applicant.email', type: 'text', page: 1, label: 'Email address', value: null, options: undefined },
      { name: 'applicant.date_of_birth', type: 'text', page: 1, label: 'Date of birth', value: null, options: undefined },
      { name: 'newsletter', type: 'checkbox', page: 1, label: 'Subscribe to the newsletter', value: false, options: undefined },
      { name: 'accept_terms', type: 'checkbox', page: 1, label: 'I accept the terms and conditions', value: false, options: undefined },
      { name: 'membership', type: 'radio', page: 1, label: 'Membership plan', value: null, options: ['Basic', 'Premium', 'Family'] },
      { name: 'country', type: 'choice', page: 2, label: 'Country of residence', value: null, options: ['France', 'Germany', 'Singapore', 'United States'] },
      { name: 'notes', type: 'text', page: 2, label: 'Notes', value: null, options: undefined },
    ]);
    // Rectangles are the widgets' own (PDF points, bottom-left origin; pdf-lib adds the border).
    expect(inferred.form_schema.form_fields[0]!.rect).toEqual({ x: 179.5, y: 651.5, width: 301, height: 21 });
    // The tooltip wins over the printed "Email"; the printed text is kept as the description.
    expect(inferred.form_schema.form_fields[1]!.description).toBe('Email');
    // Already fillable: the annotated PDF is the document itself.
    expect(bytesOf(inferred.annotated_pdf.url)).toEqual(original);
  });
});

describe('fill from free text', () => {
  let filled: FilledForm;
  beforeAll(async () => {
    const instructions = [
      'Full name: Jane Doe',
      'Email: jane.doe@example.com',
      'Date of birth: 1990-04-01',
      'Subscribe to the newsletter: yes',
      'Membership plan: Premium',
      'Country: Singapore',
      'Notes: Allergic to peanuts',
    ].join('\n');
    filled = await engine.fill({ document, instructions }, call());
  });

  it('puts every value in its field', async () => {
    const back = await readBack(filled);
    expect(back.text('applicant.full_name')).toBe('Jane Doe');
    expect(back.text('applicant.email')).toBe('jane.doe@example.com');
    expect(back.text('applicant.date_of_birth')).toBe('1990-04-01');
    expect(back.checked('newsletter')).toBe(true);
    expect(back.checked('accept_terms')).toBe(false);
    expect(back.radio()).toBe('Premium');
    expect(back.country()).toEqual(['Singapore']);
    expect(back.text('notes')).toBe('Allergic to peanuts');
  });

  it('reports every field: its value and source, or its kept value and why nothing matched', () => {
    expect(filled.form_data).toHaveLength(8);
    expect(filled.form_data.find((field) => field.name === 'membership')).toMatchObject({ value: 'Premium', source: 'Membership plan' });
    expect(filled.form_data.find((field) => field.name === 'accept_terms')).toMatchObject({
      value: false,
      source: null,
      reason: 'No instruction matched this field.',
    });
    expect(filled.filled_document.filename).toBe('application_filled.pdf');
  });

  it('gives every widget an appearance stream that a renderer draws', async () => {
    const back = await readBack(filled);
    for (const field of back.pdf.getForm().getFields()) {
      for (const widget of field.acroField.getWidgets()) expect(widget.dict.lookup(PDFName.of('AP')), field.getName()).toBeDefined();
    }
    const [before] = await renderPages(original);
    const [after] = await renderPages(bytesOf(filled.filled_document.url));
    const nameBox = { x: 182, y: 654, width: 120, height: 15 };
    expect(inkIn(before!, nameBox)).toBe(0);
    expect(inkIn(after!, nameBox)).toBeGreaterThan(0.03);
    await writePagePngs(bytesOf(filled.filled_document.url), 'acroform_free_text');
  });
});

describe('fill from a JSON object', () => {
  it('flattens nested keys, matches options loosely and unticks with false', async () => {
    const instructions = {
      applicant: { full_name: 'Max Mustermann', email: 'max@example.de', date_of_birth: '1985-12-24' },
      newsletter: false,
      accept_terms: true,
      membership: 'family',
      country: 'germany',
      notes: 'Prefers email contact',
    };
    const filled = await engine.fill({ document, instructions }, call());
    const back = await readBack(filled);
    expect(back.text('applicant.full_name')).toBe('Max Mustermann');
    expect(back.text('applicant.email')).toBe('max@example.de');
    expect(back.text('applicant.date_of_birth')).toBe('1985-12-24');
    expect(back.checked('newsletter')).toBe(false);
    expect(back.checked('accept_terms')).toBe(true);
    expect(back.radio()).toBe('Family');
    expect(back.country()).toEqual(['Germany']);
    expect(back.text('notes')).toBe('Prefers email contact');
    expect(filled.form_data.find((field) => field.name === 'applicant.email')).toMatchObject({ value: 'max@example.de', source: 'applicant.email' });
  });

  it('leaves a field empty, and says why, when the value is not one of its options', async () => {
    const filled = await engine.fill({ document, instructions: { membership: 'Platinum', applicant: { full_name: 'A. N. Other' } } }, call());
    const back = await readBack(filled);
    expect(back.radio()).toBeNull();
    expect(filled.form_data.find((field) => field.name === 'membership')).toMatchObject({ value: null });
    expect(filled.form_data.find((field) => field.name === 'membership')!.reason).toMatch(/Platinum.*not one of the options/);
  });
});
