import type { TableParsingFormat } from '../types.js';
import type { TableBlock } from './layout.js';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function toMarkdown(table: TableBlock): string {
  const width = Math.max(...table.rows.map((row) => row.length));
  const cell = (text: string | undefined): string => (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (row: string[]): string => `| ${Array.from({ length: width }, (_, i) => cell(row[i])).join(' | ')} |`;
  // Markdown tables require a header row; a headerless table gets an empty one.
  const [header, ...body] = table.hasHeader ? table.rows : [Array<string>(width).fill(''), ...table.rows];
  return [line(header!), `| ${Array<string>(width).fill('---').join(' | ')} |`, ...body.map(line)].join('\n');
}

function toHtml(table: TableBlock): string {
  const rows = table.rows.map((row, index) => {
    const tag = table.hasHeader && index === 0 ? 'th' : 'td';
    return `<tr>${row.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
  });
  return `<table>\n${rows.join('\n')}\n</table>`;
}

/** Rows as objects keyed by header when the header names are usable, else as arrays. */
function toRecords(table: TableBlock): Array<Record<string, string>> | string[][] {
  const [header, ...body] = table.rows;
  const names = header?.map((name) => name.trim()) ?? [];
  const usable = table.hasHeader && names.every((name) => name !== '') && new Set(names).size === names.length;
  if (!usable) return table.rows;
  return body.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? ''])));
}

function toYaml(table: TableBlock): string {
  const records = toRecords(table);
  // Double-quoted JSON strings are valid YAML scalars, which sidesteps YAML's quoting rules.
  return records
    .map((record) => {
      const entries = Array.isArray(record)
        ? record.map((value) => JSON.stringify(value))
        : Object.entries(record).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`);
      if (entries.length === 0) return Array.isArray(record) ? '- []' : '- {}';
      return entries
        .map((entry, i) => (i === 0 ? `- ${Array.isArray(record) ? '- ' : ''}${entry}` : `  ${Array.isArray(record) ? '- ' : ''}${entry}`))
        .join('\n');
    })
    .join('\n');
}

/** Writes a table in the requested `table_parsing_format`. */
export function formatTable(table: TableBlock, format: TableParsingFormat): string {
  switch (format) {
    case 'markdown':
      return toMarkdown(table);
    case 'html':
      return toHtml(table);
    case 'json':
      return JSON.stringify(toRecords(table));
    case 'yaml':
      return toYaml(table);
  }
}
