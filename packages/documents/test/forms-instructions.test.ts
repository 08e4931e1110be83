/**
 * Instructions to entries (free text and JSON, table tests), and placing entries in fields:
 * context tells repeated labels apart, array items take numbered fields in reading order,
 * booleans go to checkboxes, a value nothing asks for stays unplaced.
 */
import type { FormField } from '@jobs-api/api-types';
import { describe, expect, it } from 'vitest';
import { placeEntries } from '../src/forms/place/assign.js';
import { parseInstructions } from '../src/index.js';

describe('parseInstructions', () => {
  const cases: Array<[string, { given: unknown; want: Array<[Array<string | number>, string | boolean]> }]> = [
    [
      'free text lines',
      {
        given: 'Name: Jane Doe\nDate = 2026-11-29',
        want: [
          [['Name'], 'Jane Doe'],
          [['Date'], '2026-11-29'],
        ],
      },
    ],
    [
      'pairs separated by semicolons',
      {
        given: 'Name: Jane Doe; City: Paris',
        want: [
          [['Name'], 'Jane Doe'],
          [['City'], 'Paris'],
        ],
      },
    ],
    ['a semicolon inside a value', { given: 'Address: 1 Rue X; Paris', want: [[['Address'], '1 Rue X; Paris']] }],
    ['sentences without a key are skipped', { given: 'Please fill this in.\n- Country: France', want: [[['Country'], 'France']] }],
    ['a dotted key is a path', { given: 'wire.bank_name: DBS', want: [[['wire', 'bank_name'], 'DBS']] }],
    ['a JSON object sent as a string', { given: '{"a": {"b": "c"}}', want: [[['a', 'b'], 'c']] }],
    [
      'nested objects, arrays, booleans and numbers',
      {
        given: { owner: { name: 'Jo' }, accounts: ['1', '2'], signatures: [{ date: '07/15' }], outside: true, amount: 12.5, empty: null, blank: ' ' },
        want: [
          [['owner', 'name'], 'Jo'],
          [['accounts', 0], '1'],
          [['accounts', 1], '2'],
          [['signatures', 0, 'date'], '07/15'],
          [['outside'], true],
          [['amount'], '12.5'],
        ],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseInstructions(given).map((entry) => [entry.path, entry.value])).toEqual(want);
  });

  it('names each entry by where it came from', () => {
    expect(parseInstructions({ signatures: [{ date: 'x' }, { date: 'y' }] }).map((entry) => entry.source)).toEqual([
      'signatures[0].date',
      'signatures[1].date',
    ]);
  });

  it.each([[42], [['a']], [null]])('refuses %j with a 400', (given) => {
    expect(() => parseInstructions(given)).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400 }) as Error);
  });
});

function field(name: string, label: string, page: number, top: number, extra: Partial<FormField> = {}): FormField {
  return { name, type: 'text', page, rect: { x: 100, y: top - 15, width: 200, height: 15 }, value: null, label, description: null, ...extra };
}

describe('placeEntries', () => {
  const placed = (fields: FormField[], instructions: unknown) =>
    Object.fromEntries(placeEntries(fields, parseInstructions(instructions)).map((placement) => [placement.field.name, placement.entry.source]));

  it('tells repeated labels apart by their section', () => {
    const fields = [
      field('country', 'Country', 1, 700, { description: 'Country (in Wire Recipient › 3. Bank Wire Standing Instructions)' }),
      field('country_2', 'Country', 1, 500, { description: 'Country (in Correspondent (Intermediary))' }),
    ];
    expect(placed(fields, { correspondent_bank: { country: 'SG' }, wire_instructions: { recipient: { country: 'FR' } } })).toEqual({
      country: 'wire_instructions.recipient.country',
      country_2: 'correspondent_bank.country',
    });
  });

  it('gives a contested field to the instruction whose other options are worse', () => {
    const fields = [
      field('bank_routing', 'Bank Routing/ABA Number', 1, 700, { description: 'Bank Routing/ABA Number (in Wire Recipient)' }),
      field('correspondent_routing', 'Correspondent Bank Routing/ABA Number', 1, 600),
    ];
    expect(placed(fields, { correspondent_bank: { routing_or_aba_number: '1' }, wire_instructions: { routing_or_aba_number: '2' } })).toEqual({
      bank_routing: 'wire_instructions.routing_or_aba_number',
      correspondent_routing: 'correspondent_bank.routing_or_aba_number',
    });
  });

  it('puts array items in the fields for them in reading order, whatever the field order', () => {
    const fields = [field('account_3', 'Account Number', 1, 300), field('account_1', 'Account Number', 1, 500), field('account_2', 'Account Number', 2, 700)];
    expect(placed(fields, { accounts: ['A', 'B', 'C'] })).toEqual({ account_1: 'accounts[0]', account_3: 'accounts[1]', account_2: 'accounts[2]' });
  });

  it('sends booleans to checkboxes rather than text fields, and leaves unasked-for values out', () => {
    const fields = [
      field('outside_note', 'Outside the United States', 1, 700),
      field('outside', 'Account is outside the United States', 1, 600, { type: 'checkbox', value: false }),
    ];
    expect(placed(fields, { account_outside_united_states: true, favourite_colour: 'blue' })).toEqual({ outside: 'account_outside_united_states' });
  });

  it('fills a signature field only from an instruction that says signature', () => {
    const fields = [field('signature', 'Signature', 1, 700, { type: 'signature' })];
    expect(placed(fields, 'Signature name: Jane')).toEqual({ signature: 'Signature name' });
    expect(placed(fields, 'Name: Jane')).toEqual({});
  });
});
