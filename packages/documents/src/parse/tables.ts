import type { Block, LineBlock, TableBlock } from './layout.js';

/**
 * Table detection on positioned lines: a run of at least two consecutive lines with
 * two or more segments each, close together vertically, whose segments fall into
 * shared columns (the x-intervals of all segments, merged where they overlap).
 * Text lines between tables stay lines. This finds ruled and unruled grids alike,
 * as long as the cells are separated by visible gaps; merged cells spanning columns
 * merge those columns instead (the table then has fewer, wider columns).
 */
export function detectTables(lines: LineBlock[]): Block[] {
  const lineHeights = lines.map((line) => (line.y1 ?? 0) - (line.y0 ?? 0)).filter((h) => h > 0);
  const typicalHeight = lineHeights.length ? [...lineHeights].sort((a, b) => a - b)[Math.floor(lineHeights.length / 2)]! : 0;
  const blocks: Block[] = [];
  let run: LineBlock[] = [];
  const flush = (): void => {
    const table = run.length >= 2 ? tableFromLines(run) : undefined;
    if (table) blocks.push(table);
    else blocks.push(...run);
    run = [];
  };
  for (const line of lines) {
    const previous = run.at(-1);
    const hasGeometry = line.segments.every((segment) => segment.x0 !== undefined) && line.y0 !== undefined;
    const isRowLike = hasGeometry && line.segments.length >= 2;
    // A vertical gap of more than ~1.5 line heights separates two tables (or a table and prose).
    const farBelow = previous !== undefined && (line.y0 ?? 0) - (previous.y1 ?? 0) > 1.5 * typicalHeight;
    if (!isRowLike || farBelow) flush();
    if (isRowLike) run.push(line);
    else blocks.push(line);
  }
  flush();
  return blocks;
}

interface Column {
  x0: number;
  x1: number;
}

function mergeColumns(lines: LineBlock[]): Column[] {
  const intervals = lines.flatMap((line) => line.segments.map((segment) => ({ x0: segment.x0!, x1: segment.x1! }))).sort((a, b) => a.x0 - b.x0);
  const columns: Column[] = [];
  for (const interval of intervals) {
    const last = columns.at(-1);
    if (last && interval.x0 <= last.x1) last.x1 = Math.max(last.x1, interval.x1);
    else columns.push({ ...interval });
  }
  return columns;
}

function tableFromLines(lines: LineBlock[]): TableBlock | undefined {
  const columns = mergeColumns(lines);
  if (columns.length < 2) return undefined;
  const cellConfidence: number[][] = [];
  const cellMinConfidence: number[][] = [];
  const rows = lines.map((line) => {
    const cells = columns.map(() => [] as string[]);
    const weighted = columns.map(() => ({ sum: 0, length: 0 }));
    const least = columns.map(() => 1);
    for (const segment of line.segments) {
      const index = Math.max(
        0,
        columns.findIndex((column) => segment.x0! >= column.x0 && segment.x0! <= column.x1),
      );
      cells[index]!.push(segment.text);
      weighted[index]!.sum += segment.confidence * segment.text.length;
      weighted[index]!.length += segment.text.length;
      least[index] = Math.min(least[index]!, segment.minConfidence ?? segment.confidence);
    }
    cellMinConfidence.push(least);
    cellConfidence.push(weighted.map(({ sum, length }) => (length ? sum / length : 1)));
    return cells.map((parts) => parts.join(' '));
  });
  // A grid where most cells are empty is scattered text, not a table.
  const filled = rows.reduce((sum, row) => sum + row.filter((cell) => cell !== '').length, 0);
  if (filled < 0.6 * rows.length * columns.length) return undefined;
  return { kind: 'table', rows, hasHeader: looksLikeHeader(rows), cellConfidence, cellMinConfidence };
}

function looksLikeHeader(rows: string[][]): boolean {
  const [first, ...rest] = rows;
  if (!first || rest.length === 0) return false;
  const numeric = (cell: string): boolean => /^[-+$€£(]*\d[\d.,\s%)]*$/.test(cell.trim());
  // A header row has no numbers where the body has them.
  return first.every((cell) => !numeric(cell)) && rest.some((row) => row.some(numeric));
}
