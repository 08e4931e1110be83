/**
 * Typed recognisers for values found inside free text (OCR lines, receipts): money amounts,
 * dates with the document's day/month order, identifiers, and names of companies.
 */
import { parseDate, parseNumber } from './coerce.js';
import { normalizeText } from './text-match.js';

/** A money amount found in a text, with where it ends (to tell "right of the label"). */
export interface FoundAmount {
  value: number;
  start: number;
  end: number;
  /** Written with cents or a currency mark: stronger evidence than a bare integer. */
  moneyLike: boolean;
}

// An amount: optional currency, digits with optional thousands grouping, optional decimals,
// optional trailing minus. Percentages ("6.00%") and parts of longer codes are excluded below.
const AMOUNT = /(?:(RM|USD|EUR|GBP|MYR|AUD|SGD|Rs\.?|[$€£¥₹])\s?)?(-|−)?(\d{1,3}(?:[,\s.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(-)?(?![\d%]|[.,]\d)/giu;

/** Money amounts in a text, left to right. */
export function findAmounts(text: string): FoundAmount[] {
  const found: FoundAmount[] = [];
  for (const match of text.matchAll(AMOUNT)) {
    const start = match.index ?? 0;
    const before = text[start - 1] ?? ' ';
    // Part of a word or a code ("SR100", "A10", "9/5"): not an amount.
    if (/[\p{L}\d/#@]/u.test(before) && !match[1]) continue;
    const [, currency, leadingMinus, body, trailingMinus] = match;
    const value = parseNumber(body!);
    if (value === undefined) continue;
    const hasCents = /[.,]\d{2}$/.test(body!);
    const negative = Boolean(leadingMinus || trailingMinus);
    found.push({ value: negative ? -value : value, start, end: start + match[0].length, moneyLike: hasCents || Boolean(currency) });
  }
  return found;
}

const MONTH_WORDS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const NUMERIC_DATE = /(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/.-])|(?<![\d/.-])(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?![\d/.-])/g;
// Day, month word and year apart by spaces or, as bills print them, hyphens ("13-Jan-2013").
const WORD_DATE = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+|-)(${MONTH_WORDS})\\.?,?(?:\\s+|-)(\\d{4})\\b|\\b(${MONTH_WORDS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`,
  'gi',
);
const WORD_DATE_SHORT_YEAR = new RegExp(`\\b(\\d{1,2})(?:\\s+|-)(${MONTH_WORDS})\\.?(?:\\s+|-)(\\d{2})(?![\\d:])`, 'gi');

/** A date found in a text. */
export interface FoundDate {
  iso: string;
  start: number;
  /** The text could be read either way round (03/04/2024). */
  ambiguous: boolean;
}

/** Numeric day/month pairs of a text: evidence for the document's order. */
export function numericDatePairs(text: string): Array<[number, number]> {
  return [...text.matchAll(NUMERIC_DATE)].filter((match) => match[1]).map((match) => [Number(match[1]), Number(match[2])]);
}

/** Dates written in a text, read with the document's day/month order. */
export function findDates(text: string, dayFirst: boolean): FoundDate[] {
  const found: FoundDate[] = [];
  for (const match of text.matchAll(NUMERIC_DATE)) {
    const iso = parseDate(match[0], dayFirst);
    if (!iso || !/^(19|20)\d\d-/.test(iso)) continue;
    const ambiguous = Boolean(match[1]) && Number(match[1]) <= 12 && Number(match[2]) <= 12 && match[1] !== match[2];
    found.push({ iso, start: match.index ?? 0, ambiguous });
  }
  for (const match of text.matchAll(WORD_DATE)) {
    const iso = parseDate(match[0].replace(/(\d)(st|nd|rd|th)/i, '$1').replace(/[.,]/g, ' '), dayFirst);
    if (iso && iso.length === 10) found.push({ iso, start: match.index ?? 0, ambiguous: false });
  }
  // Day, month word, two-digit year ("05 MAR 18", "13-Jan-13"): the month word settles the order.
  for (const match of text.matchAll(WORD_DATE_SHORT_YEAR)) {
    const iso = parseDate(`${match[1]} ${match[2]} 20${match[3]}`, dayFirst);
    if (iso && iso.length === 10) found.push({ iso, start: match.index ?? 0, ambiguous: false });
  }
  return found.sort((a, b) => a.start - b.start);
}

// Places and currencies whose documents write the day first; and those that write the month first.
const DAY_FIRST_CUES =
  /\b(rm|myr|malaysia|johor|selangor|kuala lumpur|gst|sdn bhd|bhd|eur|gbp|aud|inr|germany|deutschland|france|uk|united kingdom|australia|india|singapore|nz|ltd|gmbh|tva|ttc)\b|[€£₹]/i;
const MONTH_FIRST_CUES = /\b(usa|united states|[A-Z]{2} \d{5}(-\d{4})?|llc|inc)\b/;

/**
 * Whether the document writes numeric dates day first: settled by its own dates when one
 * cannot be read the other way (19/10/2018), else by currency and place cues, else by language.
 */
export function inferDayFirst(text: string, languageDefault: boolean): boolean {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const [first, second] of numericDatePairs(text)) {
    if (first > 12 && second <= 12) dayFirst += 1;
    if (second > 12 && first <= 12) monthFirst += 1;
  }
  if (dayFirst !== monthFirst) return dayFirst > monthFirst;
  const dayCue = DAY_FIRST_CUES.test(text);
  const monthCue = MONTH_FIRST_CUES.test(text);
  if (dayCue !== monthCue) return dayCue;
  return languageDefault;
}

/** A short code with digits: an invoice or receipt number. */
export function identifierIn(text: string): string | undefined {
  const token =
    text
      .trim()
      .replace(/^[:#.\s]+/, '')
      .split(/\s+/)[0] ?? '';
  const cleaned = token.replace(/[.,;:]+$/, '');
  if (!/^[A-Z0-9][A-Z0-9\-/_.]{1,24}$/i.test(cleaned)) return undefined;
  if ((cleaned.match(/\d/g)?.length ?? 0) < 2) return undefined;
  return cleaned;
}

// Words that end or mark the name of a business: legal forms and common trade words.
const LEGAL_SUFFIX =
  /\b(sdn\.? ?bhd|bhd|berhad|ltd|limited|inc|incorporated|llc|llp|gmbh|ag|plc|pvt|pte|co|corp|corporation|company|enterprise|enterprises|trading|traders|services|suppliers|supplies|hospitals?|clinics?|restaurants?|store|stores|shop|mart|market|hardware|motor|motors|group|industries|holdings|partners|s\.?a\.?r\.?l|sarl|sas|bv|nv|perniagaan|syarikat|kedai|restoran|farmasi)\b\.?/i;

/** The text names a business by a legal form or a trade word. */
export function hasBusinessWord(text: string): boolean {
  return LEGAL_SUFFIX.test(normalizeText(text).replace(/\bsdn bhd\b/, 'sdn bhd'));
}

/**
 * The text has a word besides legal forms and trade words: "SUPPLIERS" or "Hospital" alone is
 * a fragment (dev: a logo whose first word OCR lost, leaving "SUPPLIERS"), not a business's name.
 */
export function hasOwnNameWord(text: string): boolean {
  const trade = new RegExp(LEGAL_SUFFIX.source, 'gi');
  return normalizeText(text)
    .replace(trade, ' ')
    .split(' ')
    .some((word) => /\p{L}{2}/u.test(word));
}

/** Text that reads as a name (of a person or business): letters, few digits, no label colon, short. */
export function isNameLike(text: string): boolean {
  const trimmed = text.trim();
  const letters = trimmed.match(/\p{L}/gu)?.length ?? 0;
  const digits = trimmed.match(/\d/g)?.length ?? 0;
  if (letters < 3 || digits > letters * 0.15) return false;
  if (/[:@]|https?:|www\./i.test(trimmed)) return false;
  return trimmed.split(/\s+/).length <= 8;
}
