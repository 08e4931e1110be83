import { describe, expect, it } from 'vitest';
import { matchEnum, parseBoolean, parseDate, parseNumber } from '../src/local/coerce.js';
import { conceptTokens, toSnakeCase } from '../src/local/text-match.js';

describe('parseNumber', () => {
  it.each<[string, number | undefined]>([
    ['561', 561],
    ['$595', 595],
    ['1,234.56', 1234.56],
    ['1.234,56', 1234.56],
    ['1 234,56 €', 1234.56],
    ['2074,78', 2074.78],
    ['EUR 12.50', 12.5],
    ['(12.00)', -12],
    ['-3', -3],
    ['12%', 12],
    ['1,200', 1200],
    ['0,125', 0.125],
    ['1,2,3', undefined],
    ['Discount @ 2%', undefined],
    ['12 days', undefined],
    ['abc', undefined],
    ['', undefined],
  ])('%s → %s', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });
});

describe('parseDate', () => {
  it.each<[string, boolean, string | undefined]>([
    ['2024-03-15', false, '2024-03-15'],
    ['15/03/2024', false, '2024-03-15'],
    ['03/15/2024', false, '2024-03-15'],
    ['04/05/2024', false, '2024-04-05'],
    ['04/05/2024', true, '2024-05-04'],
    ['15 March 2024', false, '2024-03-15'],
    ['March 15, 2024', false, '2024-03-15'],
    ['15 mars 2024', true, '2024-03-15'],
    ['AOUT 2023', true, '2023-08'],
    ['31/02/2024', false, undefined],
    ['Labour 1', false, undefined],
  ])('%s (day first: %s) → %s', (text, dayFirst, expected) => {
    expect(parseDate(text, dayFirst)).toBe(expected);
  });
});

describe('parseBoolean and matchEnum', () => {
  it.each<[string, boolean | undefined]>([
    ['Yes', true],
    ['oui', true],
    ['✓', true],
    ['No', false],
    ['non', false],
    ['maybe', undefined],
  ])('parseBoolean(%s) → %s', (text, expected) => {
    expect(parseBoolean(text)).toBe(expected);
  });

  it('matches enum members ignoring case and accents, and only when one fits', () => {
    expect(matchEnum('gbp', ['EUR', 'GBP'])).toBe('GBP');
    expect(matchEnum('Payé', ['paye', 'impaye'])).toBe('paye');
    expect(matchEnum('EUR GBP', ['EUR', 'GBP'])).toBeUndefined();
  });
});

describe('label words', () => {
  it('folds synonyms and French words onto shared concepts', () => {
    expect(conceptTokens('Invoice No.')).toEqual(['invoice', 'id']);
    expect(conceptTokens('N° de facture')).toEqual(['id', 'invoice']);
    expect(conceptTokens('BILLED TO')).toEqual(['receiver']);
    expect(conceptTokens('Montant TTC')).toEqual(['total']);
  });

  it('makes snake_case names', () => {
    expect(toSnakeCase('Invoice Number')).toBe('invoice_number');
    expect(toSnakeCase('Tax @ 3.8%')).toBe('tax_3_8');
    expect(toSnakeCase('2nd line')).toBe('field_2nd_line');
  });
});
