import { normalizeText } from './text-match.js';

/**
 * Reads a number written in either convention: "1,234.56", "1.234,56", "1 234,56 €",
 * "$595", "(12.00)" (negative), "12%". The whole text must be the number plus currency
 * symbols or codes: a number inside words ("Discount @ 2%") is not a value.
 */
export function parseNumber(text: string): number | undefined {
  let body = text
    .trim()
    .replace(/^(?:[A-Z]{3}|[$€£¥₹]|rs\.?|eur|usd)\s*/i, '')
    .replace(/\s*(?:[A-Z]{3}|[$€£¥₹%]|eur|usd|euros?|dollars?)$/i, '')
    .trim();
  let negative = false;
  if (/^\(.*\)$/.test(body)) {
    negative = true;
    body = body.slice(1, -1).trim();
  }
  if (/^[-−]/.test(body)) {
    negative = true;
    body = body.slice(1).trim();
  } else if (body.startsWith('+')) body = body.slice(1).trim();
  body = body.replace(/^[$€£¥₹]\s*/, '');
  // Spaces (including the narrow no-break space) and apostrophes group thousands.
  body = body.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(body) || /[.,]$/.test(body)) return undefined;
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  let normalized: string;
  if (lastDot >= 0 && lastComma >= 0) {
    // Both present: the later one is the decimal mark.
    normalized = lastDot > lastComma ? body.replace(/,/g, '') : body.replace(/\./g, '').replace(',', '.');
  } else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    const parts = body.split(mark);
    // One mark followed by exactly three digits, or several marks: thousands grouping.
    const grouping = parts.length > 2 || (parts[1]!.length === 3 && parts[0]!.length <= 3 && parts[0] !== '0');
    if (parts.length > 2 && !parts.slice(1).every((part) => part.length === 3)) return undefined;
    normalized = grouping ? parts.join('') : parts.join('.');
  } else {
    normalized = body;
  }
  const value = Number(normalized);
  if (!Number.isFinite(value)) return undefined;
  return negative ? -value : value;
}

/** Yes/no in English and French, and tick marks. */
export function parseBoolean(text: string): boolean | undefined {
  const word = normalizeText(text);
  if (['yes', 'y', 'true', 'oui', 'x', 'checked', 'vrai', '1'].includes(word) || /^[✓✔☑]$/.test(text.trim())) return true;
  if (['no', 'n', 'false', 'non', 'unchecked', 'faux', '0'].includes(word) || /^[☐✗✘]$/.test(text.trim())) return false;
  return undefined;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  janvier: 1,
  janv: 1,
  feb: 2,
  february: 2,
  fevrier: 2,
  fev: 2,
  fevr: 2,
  mar: 3,
  march: 3,
  mars: 3,
  apr: 4,
  april: 4,
  avril: 4,
  avr: 4,
  may: 5,
  mai: 5,
  jun: 6,
  june: 6,
  juin: 6,
  jul: 7,
  july: 7,
  juillet: 7,
  juil: 7,
  aug: 8,
  august: 8,
  aout: 8,
  sep: 9,
  sept: 9,
  september: 9,
  septembre: 9,
  oct: 10,
  october: 10,
  octobre: 10,
  nov: 11,
  november: 11,
  novembre: 11,
  dec: 12,
  december: 12,
  decembre: 12,
};

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const fullYear = year < 100 ? 2000 + year : year;
  const date = new Date(Date.UTC(fullYear, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${fullYear}-${pad(month)}-${pad(day)}`;
}

/**
 * A date as ISO 8601 (`YYYY-MM-DD`, or `YYYY-MM` for a month alone). Numeric dates are
 * read day-first when the first number cannot be a month, month-first when the second
 * cannot be, and otherwise as `preferDayFirst` says (European documents write day first).
 */
export function parseDate(text: string, preferDayFirst = false): string | undefined {
  const trimmed = text.trim();
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/.exec(trimmed);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(trimmed);
  if (match) {
    const [first, second, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const dayFirst = first > 12 || (second <= 12 && preferDayFirst);
    return dayFirst ? isoDate(year, second, first) : isoDate(year, first, second);
  }
  const words = normalizeText(trimmed).split(' ');
  const monthIndex = words.findIndex((word) => MONTHS[word] !== undefined);
  if (monthIndex < 0 || words.length > 4) return undefined;
  const month = MONTHS[words[monthIndex]!]!;
  const numbers = words.filter((word) => /^\d+$/.test(word)).map(Number);
  const year = numbers.find((n) => n >= 1900 && n <= 2200);
  const day = numbers.find((n) => n >= 1 && n <= 31 && n !== year);
  if (year === undefined || words.length !== numbers.length + 1) return undefined;
  return day === undefined ? `${year}-${pad(month)}` : isoDate(year, month, day);
}

/** The enum member a text names (case/accent-insensitive), if exactly one fits. */
export function matchEnum(text: string, members: readonly unknown[]): unknown {
  const wanted = normalizeText(text);
  const exact = members.filter((member) => normalizeText(String(member)) === wanted);
  if (exact.length === 1) return exact[0];
  const contained = members.filter((member) => {
    const name = normalizeText(String(member));
    return name.length > 0 && (` ${wanted} `.includes(` ${name} `) || ` ${name} `.includes(` ${wanted} `));
  });
  return contained.length === 1 ? contained[0] : undefined;
}
