import { unprocessableDocument } from '../errors.js';
import type { Block, LineBlock, TableBlock } from './layout.js';
import type { ParsedPage } from './parsed-document.js';

/** Decodes UTF-8 (dropping a BOM); invalid bytes become a 422 `corrupt_document`. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw unprocessableDocument('corrupt_document', `The ${what} is not valid UTF-8 text.`);
  }
}

const MARKDOWN_TABLE_ROW = /^\s*\|.*\|\s*$/;
const MARKDOWN_TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function splitMarkdownRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** A text line as segments: tabs or runs of 2+ spaces separate them (aligned plain-text columns). */
function textLine(line: string): LineBlock {
  const stripped = line.replace(/^\s*(#{1,6}\s+|[-*+]\s+|>\s*)/, '').replace(/\*\*|__/g, '');
  const segments = stripped
    .split(/\t+| {2,}/)
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text) => ({ text, confidence: 1 }));
  return { kind: 'line', segments, raw: line };
}

/**
 * Text (plain or Markdown) as blocks: Markdown pipe tables become tables, other
 * non-empty lines become lines. Form feeds split pages, as `pdftotext` writes them.
 */
export function pagesFromText(text: string): ParsedPage[] {
  return text.split('\f').map((pageText) => ({ source: 'text' as const, blocks: blocksFromText(pageText) }));
}

/** Blocks of one page of text. */
export function blocksFromText(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (MARKDOWN_TABLE_ROW.test(line) && MARKDOWN_TABLE_RULE.test(lines[i + 1] ?? '')) {
      const rows = [splitMarkdownRow(line)];
      i += 2;
      while (i < lines.length && MARKDOWN_TABLE_ROW.test(lines[i]!)) rows.push(splitMarkdownRow(lines[i++]!));
      i -= 1;
      blocks.push({ kind: 'table', rows, hasHeader: true });
    } else if (line.trim() !== '') {
      blocks.push(textLine(line));
    }
  }
  return blocks;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF); the delimiter is guessed from the first line. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = [',', ';', '\t'].reduce((best, candidate) => (firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best));
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw unprocessableDocument('corrupt_document', 'The CSV has an unterminated quoted field.');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

/** A CSV as one page holding one table (first row as header). */
export function parseCsvDocument(text: string): ParsedPage[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const table: TableBlock = { kind: 'table', rows, hasHeader: rows.length > 1 };
  return [{ source: 'text', blocks: rows.length ? [table] : [] }];
}

function humanize(key: string): string {
  return key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
}

function jsonBlocks(value: unknown, label: string, blocks: Block[]): void {
  if (Array.isArray(value) && value.length > 0 && value.every((item) => item && typeof item === 'object' && !Array.isArray(item))) {
    // An array of flat objects reads best as a table, and extraction fills arrays from tables.
    const keys = [...new Set(value.flatMap((item) => Object.keys(item as object)))];
    const flat = keys.every((key) =>
      value.every((item) => typeof (item as Record<string, unknown>)[key] !== 'object' || (item as Record<string, unknown>)[key] === null),
    );
    if (flat) {
      if (label) blocks.push({ kind: 'line', segments: [{ text: label, confidence: 1 }], raw: `${label}:` });
      const rows = value.map((item) => keys.map((key) => scalarText((item as Record<string, unknown>)[key])));
      blocks.push({ kind: 'table', rows: [keys.map(humanize), ...rows], hasHeader: true });
      return;
    }
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
      const childLabel = typeof key === 'number' ? `${label} ${key + 1}`.trim() : label ? `${label} ${humanize(key)}` : humanize(key);
      jsonBlocks(child, childLabel, blocks);
    }
    return;
  }
  const text = scalarText(value);
  blocks.push({
    kind: 'line',
    segments: [
      { text: label, confidence: 1 },
      { text, confidence: 1 },
    ],
    raw: `${label}: ${text}`,
  });
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * JSON as label/value lines (nested keys joined into the label) and tables for arrays of
 * flat objects; malformed JSON is a 422.
 */
export function parseJsonDocument(text: string): ParsedPage[] {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw unprocessableDocument('corrupt_document', `The JSON document does not parse: ${(error as Error).message}`);
  }
  const blocks: Block[] = [];
  jsonBlocks(value, '', blocks);
  return [{ source: 'text', blocks }];
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

/**
 * XML as label/value lines, one per leaf element (`<total>561</total>` → "total: 561"),
 * in document order. A document with no element is a 422.
 */
export function parseXmlDocument(text: string): ParsedPage[] {
  const body = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '');
  if (!/<[A-Za-z_][\w.:-]*[^>]*>/.test(body)) {
    throw unprocessableDocument('corrupt_document', 'The XML document holds no element.');
  }
  const blocks: Block[] = [];
  const leaf = /<([A-Za-z_][\w.:-]*)(\s[^>]*)?>([^<]*)<\/\1\s*>|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  for (const match of body.matchAll(leaf)) {
    const [, tag, , inner, cdata] = match;
    const value = decodeXmlEntities((cdata ?? inner ?? '').trim());
    if (!value) continue;
    const label = tag ? humanize(tag.replace(/^.*:/, '')) : 'text';
    blocks.push({
      kind: 'line',
      segments: [
        { text: label, confidence: 1 },
        { text: value, confidence: 1 },
      ],
      raw: `${label}: ${value}`,
    });
  }
  return [{ source: 'text', blocks }];
}
