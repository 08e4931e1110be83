/**
 * The shared fidelity_original.pdf: a scanned, flat three-page bank-wire form (no text layer, no
 * AcroForm), filled with fidelity_fill_instructions.json. Generate must find the form's blanks
 * (OCR of the regions where labels are); the filled PDF's text layer, read with pdfjs, must hold
 * the bank name, the account owners and the routing and account numbers, each on its page next
 * to the label printed for it. The filled pages are rendered to test-artifacts/forms to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FilledForm, InferredForm } from '@jobs-api/api-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFormEngine } from '../src/index.js';
import { bytesOf, pdfDocument, type TextItem, textLayer, writePagePngs } from './forms-helpers.js';
import { call } from './helpers/engine.js';
import { realFixture, realFixturesDir } from './helpers/fixtures.js';

const engine = createFormEngine();
const document = pdfDocument('fidelity_original.pdf', realFixture('fidelity_original.pdf'));
const instructions = JSON.parse(fs.readFileSync(path.join(realFixturesDir(), 'fidelity_fill_instructions.json'), 'utf8')) as Record<string, unknown>;

/**
 * The form's blanks, read off the scan by a person: page, type, label, and the value the
 * instructions give it (null: none). Labels are matched loosely (OCR may vary in case).
 */
const EXPECTED: Array<[page: number, type: string, label: RegExp, value: string | boolean | null]> = [
  [1, 'text', /^Name$/, 'Sarah Michelle Johnson'],
  [1, 'text', /^Additional Owner\/Authorized Individual Name$/, 'Michael Robert Johnson'],
  [1, 'text', /^Fidelity Account Number$/, '732556123'],
  [1, 'text', /^Fidelity Account Number$/, '908456125'],
  [1, 'text', /^Fidelity Account Number$/, '221456124'],
  [2, 'text', /^Bank Routing\/ABA Number$/, 'N/A'],
  [2, 'text', /^Bank Name$/, 'DBS Bank Ltd'],
  [2, 'text', /^Account Number$/, '001-234567-890'],
  [2, 'text', /^Account Owner Name\(s\) Required$/, 'Sarah Michelle Johnson & Michael Robert Johnson'],
  [2, 'text', /^Address of Wire Recipient$/, '12 Marina Boulevard, Level 3'],
  [2, 'text', /^City$/, 'Singapore'],
  [2, 'text', /^State\/Province$/, 'N/A'],
  [2, 'text', /^ZIP\/Postal Code$/, '018982'],
  [2, 'text', /^Country$/, 'Singapore'],
  [2, 'text', /^For Further Credit$/, 'Further Credit to Michael Johnson, Fidelity Acc #789456123'],
  [2, 'text', /^Additional Details/, null],
  [2, 'text', /^Correspondent Bank Routing\/ABA Number$/, '021000021'],
  [2, 'text', /^Correspondent Bank Name$/, 'JPMorgan Chase Bank, N.A.'],
  [2, 'checkbox', /^Account is OUTSIDE the United States$/, true],
  [2, 'text', /^SWIFT Code$/, 'DBSSSGSG'],
  [2, 'text', /^Name of Country$/, 'Singapore'],
  [2, 'text', /^Reason 250 characters maximum$/, 'Standing instructions requested for transfer to Singapore financial institut'],
  [3, 'text', /^PRINT OWNER\/AUTHORIZED INDIVIDUAL NAME$/i, 'MICHAEL ROBERT JOHNSON'],
  [3, 'signature', /^OWNER\/AUTHORIZED INDIVIDUAL SIGNATURE$/i, null],
  [3, 'text', /^DATE( MM\/DD\/YYYY)?$/i, '07/15/2025'],
  [3, 'text', /^PRINT OWNER\/AUTHORIZED INDIVIDUAL NAME$/i, 'SARAH MICHELLE JOHNSON'],
  [3, 'signature', /^OWNER\/AUTHORIZED INDIVIDUAL SIGNATURE$/i, null],
  [3, 'text', /^DATE( MM\/DD\/YYYY)?$/i, '07/15/2025'],
];

/** Where the form prints a label: its top-left corner in PDF points (measured on the scan). */
const LABELS = {
  name: { page: 1, x: 136, top: 401 },
  additionalOwner: { page: 1, x: 135, top: 374 },
  fidelityAccounts: [
    { page: 1, x: 136, top: 298 },
    { page: 1, x: 270, top: 298 },
    { page: 1, x: 405, top: 298 },
  ],
  bankRouting: { page: 2, x: 137, top: 685 },
  bankName: { page: 2, x: 260, top: 685 },
  accountOwnerNames: { page: 2, x: 259, top: 657 },
  correspondentRouting: { page: 2, x: 137, top: 502 },
};

/** A text run printed right under a label, inside the box the label heads. */
function isNear(item: TextItem, label: { page: number; x: number; top: number }): boolean {
  return item.page === label.page && Math.abs(item.x - label.x) < 12 && item.y < label.top && item.y > label.top - 30;
}

describe('fidelity_original.pdf with fidelity_fill_instructions.json', () => {
  let inferred: InferredForm;
  let filled: FilledForm;
  let items: TextItem[];
  // OCR of a scanned three-page form: ~10 s on an idle 2-core machine, several times that under load.
  beforeAll(async () => {
    inferred = await engine.generate({ document }, call());
    filled = await engine.fill({ document, instructions }, call());
    items = await textLayer(bytesOf(filled.filled_document.url));
    await writePagePngs(bytesOf(filled.filled_document.url), 'fidelity_filled');
  }, 600_000);

  it("detects the form's blanks, each with its label, type and page", () => {
    const fields = [...inferred.form_schema.form_fields];
    const found = EXPECTED.filter(([page, type, label]) => {
      const index = fields.findIndex((field) => field.page === page && field.type === type && label.test(field.label));
      if (index >= 0) fields.splice(index, 1);
      return index >= 0;
    });
    console.log(
      `fidelity: ${found.length} of ${EXPECTED.length} blanks detected; ${fields.length} other fields: ${JSON.stringify(fields.map((field) => field.label))}`,
    );
    expect(found).toHaveLength(EXPECTED.length);
    expect(fields).toEqual([]);
    expect(inferred.field_count).toBe(EXPECTED.length);
  });

  it('fills each blank with the value the instructions give it', () => {
    const remaining = [...filled.form_data];
    let correct = 0;
    for (const [page, type, label, value] of EXPECTED) {
      const index = remaining.findIndex((field) => field.page === page && field.type === type && label.test(field.label ?? ''));
      const [field] = remaining.splice(index, 1);
      if (field?.value === value) correct += 1;
      else console.log(`fidelity: ${label} on page ${page} got ${JSON.stringify(field?.value)}, expected ${JSON.stringify(value)}`);
    }
    const filledCount = EXPECTED.filter(([, , , value]) => value !== null).length;
    console.log(`fidelity: ${correct} of ${EXPECTED.length} fields right (${filledCount} to fill, ${EXPECTED.length - filledCount} to leave empty)`);
    expect(correct).toBe(EXPECTED.length);
  });

  it('writes the bank name, account owners and routing numbers in the text layer, on their page next to their labels', () => {
    const at = (text: string) => items.filter((item) => item.text === text);
    expect(at('DBS Bank Ltd').some((item) => isNear(item, LABELS.bankName))).toBe(true);
    expect(at('Sarah Michelle Johnson').some((item) => isNear(item, LABELS.name))).toBe(true);
    expect(at('Michael Robert Johnson').some((item) => isNear(item, LABELS.additionalOwner))).toBe(true);
    expect(at('Sarah Michelle Johnson & Michael Robert Johnson').some((item) => isNear(item, LABELS.accountOwnerNames))).toBe(true);
    expect(at('021000021').some((item) => isNear(item, LABELS.correspondentRouting))).toBe(true);
    expect(at('N/A').some((item) => isNear(item, LABELS.bankRouting))).toBe(true);
    ['732556123', '908456125', '221456124'].forEach((account, index) => {
      expect(
        at(account).some((item) => isNear(item, LABELS.fidelityAccounts[index]!)),
        account,
      ).toBe(true);
    });
  });

  it('leaves the signature boxes to the signers and the unasked-for box empty, saying why', () => {
    for (const field of filled.form_data.filter((candidate) => candidate.type === 'signature')) {
      expect(field).toMatchObject({ value: null, reason: 'Signature fields are left for the signer.' });
    }
    expect(filled.form_data.find((field) => /^Additional Details/.test(field.label ?? ''))).toMatchObject({
      value: null,
      reason: 'No instruction matched this field.',
    });
  });
});
