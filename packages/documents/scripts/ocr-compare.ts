/**
 * Compares OCR engines on the `dev` documents of `fixtures/labels/unseen.json` (never `test`):
 * per document, how many labelled string and number values appear in the parsed text
 * (`pagePlainText` of the engine's parse, i.e. after the engine's line layout), strings compared
 * after the eval's `normalizeString` (a label must be a substring of the page text so normalised),
 * numbers as any amount in the text within 0.005. Dates are not counted (their printed forms vary).
 * Also seconds of OCR per page (time inside `recognize`) and the process's peak RSS.
 *
 * Run one engine per process (peak RSS is per process):
 *   OCR_ENGINE=tesseract tsx scripts/ocr-compare.ts; OCR_COMPARE_OUT=file.json saves the rows;
 *   OCR_ENGINE=paddle: PP-OCRv4 (scripts/paddle-ocr.ts, settings PADDLE_*, detector at 1600 px by default);
 *   OCR_ENGINE=hybrid: PP-OCR's detector finds the lines, tesseract reads each alone;
 *   OCR_ENGINE=none: no OCR, the harness's own RSS;
 *   OCR_COMPARE_TABLE=a.json,b.json tsx scripts/ocr-compare.ts prints the runs side by side.
 * The figures it gave are in fixtures/labels/unseen-results.md ("OCR engines").
 */
import fs from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import { PSM } from 'tesseract.js';
import path from 'node:path';
import { DEFAULT_DPI } from '../src/engine.js';
import { normalizeString } from '../src/evals/values.js';
import { mimeTypeFromFilename, sniffMimeType } from '../src/input/mime.js';
import { parseDocument } from '../src/parse/index.js';
import type { PositionedWord } from '../src/parse/layout.js';
import { createOcrPool, type OcrPool } from '../src/parse/ocr-pool.js';
import { pagePlainText } from '../src/parse/parsed-document.js';
import { extractTasks, fixturePath } from './eval-tasks.js';
import { createPaddleOcr, paddleOcrPool, paddleOptionsFromEnv } from './paddle-ocr.js';

interface Row {
  document: string;
  fields: number;
  hits: number;
  hitFields: string[];
  pages: number;
  seconds: number;
}

const tasks = extractTasks([], ['dev']);
const schema = tasks[0]!.schema as { properties: Record<string, { type: string; format?: string }> };
/** Each dev document's labels, by file name. */
const labelsOf = new Map(tasks.map((task) => [path.basename(fixturePath(task.document)), task.expected]));

function amountsIn(text: string): number[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, ''))).filter(Number.isFinite);
}

function present(field: string, value: unknown, text: string, normalized: string, amounts: number[]): boolean {
  const kind = schema.properties[field]!;
  if (kind.type === 'number') return amounts.some((amount) => Math.abs(amount - Number(value)) < 0.005);
  const wanted = normalizeString(String(value));
  return wanted.length > 0 && normalized.includes(wanted);
}

async function measure(engine: string): Promise<Row[]> {
  let seconds = 0;
  let pages = 0;
  let inner: Pick<OcrPool, 'recognize' | 'close'>;
  if (engine === 'paddle') {
    inner = paddleOcrPool(paddleOptionsFromEnv(1600));
  } else if (engine === 'hybrid') {
    // PP-OCR's detector finds the lines, tesseract reads each line alone (single-line mode).
    const paddle = await createPaddleOcr(paddleOptionsFromEnv(1600));
    const lines = createOcrPool({ poolSize: 1, pageSegMode: PSM.SINGLE_LINE });
    inner = {
      async recognize({ image, dpi, signal }) {
        const { canvas, boxes } = await paddle.detectBoxes(image);
        const words: PositionedWord[] = [];
        for (const box of boxes) {
          const pad = Math.round((box.y1 - box.y0) * 0.15);
          const x0 = Math.max(0, Math.floor(box.x0 - pad));
          const y0 = Math.max(0, Math.floor(box.y0 - pad));
          const width = Math.min(canvas.width, Math.ceil(box.x1 + pad)) - x0;
          const height = Math.min(canvas.height, Math.ceil(box.y1 + pad)) - y0;
          if (width < 8 || height < 8) continue;
          const crop = createCanvas(width, height);
          crop.getContext('2d').drawImage(canvas, x0, y0, width, height, 0, 0, width, height);
          const read = await lines.recognize({ image: new Uint8Array(await crop.encode('png')), dpi, signal });
          for (const word of read) words.push({ ...word, x0: word.x0 + x0, x1: word.x1 + x0, y0: word.y0 + y0, y1: word.y1 + y0 });
        }
        return words;
      },
      close: async () => {
        await paddle.close();
        await lines.close();
      },
    };
  } else if (engine === 'none') {
    // The harness alone (decode, layout, no OCR): the RSS the engines add to.
    inner = { recognize: () => Promise.resolve([]), close: () => Promise.resolve() };
  } else {
    inner = createOcrPool({ poolSize: 1 });
  }
  const ocr: OcrPool = {
    async recognize(input): Promise<PositionedWord[]> {
      const start = performance.now();
      const words = await inner.recognize(input);
      seconds += (performance.now() - start) / 1000;
      pages += 1;
      return words;
    },
    close: () => inner.close(),
  };
  const rows: Row[] = [];
  try {
    for (const [document, labels] of labelsOf) {
      const bytes = new Uint8Array(fs.readFileSync(fixturePath(`unseen:${document}`)));
      const mimeType = mimeTypeFromFilename(document) ?? sniffMimeType(bytes) ?? 'application/octet-stream';
      seconds = 0;
      pages = 0;
      const parsed = await parseDocument({ filename: document, mimeType, bytes }, { ocr, dpi: DEFAULT_DPI, signal: new AbortController().signal });
      const text = parsed.pages.map(pagePlainText).join('\n');
      if (process.env.OCR_COMPARE_TEXT) console.log(`===== ${document}\n${text}`);
      const normalized = normalizeString(text);
      const amounts = amountsIn(text);
      const counted = Object.entries(labels).filter(([field, value]) => value !== null && schema.properties[field]?.format !== 'date');
      const hitFields = counted.filter(([field, value]) => present(field, value, text, normalized, amounts)).map(([field]) => field);
      rows.push({ document, fields: counted.length, hits: hitFields.length, hitFields, pages, seconds });
    }
  } finally {
    await ocr.close();
  }
  return rows;
}

function printTable(files: string[]): void {
  const runs = files.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as { engine: string; peakRssMb: number; rows: Row[] });
  const header = ['document'.padEnd(38), 'values', ...runs.flatMap((run) => [`${run.engine} hits`.padStart(16), 's/page'.padStart(7)])].join(' ');
  console.log(header);
  for (const [index, row] of runs[0]!.rows.entries()) {
    const cells = runs.flatMap((run) => {
      const other = run.rows[index]!;
      return [String(other.hits).padStart(16), (other.pages ? other.seconds / other.pages : 0).toFixed(2).padStart(7)];
    });
    console.log([row.document.padEnd(38), String(row.fields).padStart(6), ...cells].join(' '));
  }
  const total = (run: (typeof runs)[number], pick: (row: Row) => number): number => run.rows.reduce((sum, row) => sum + pick(row), 0);
  console.log(
    [
      'total'.padEnd(38),
      String(total(runs[0]!, (row) => row.fields)).padStart(6),
      ...runs.flatMap((run) => [
        String(total(run, (row) => row.hits)).padStart(16),
        (total(run, (row) => row.seconds) / total(run, (row) => row.pages)).toFixed(2).padStart(7),
      ]),
    ].join(' '),
  );
  const fields = Object.keys(schema.properties).filter((field) => schema.properties[field]!.format !== 'date');
  console.log('\nper field (hits / labelled values)');
  for (const field of fields) {
    const labelled = runs[0]!.rows.filter((row) => labelsOf.get(row.document)![field] !== null).length;
    console.log(
      `  ${field.padEnd(16)} ${runs.map((run) => `${run.engine} ${run.rows.filter((row) => row.hitFields.includes(field)).length}/${labelled}`).join('   ')}`,
    );
  }
  console.log(`\npeak RSS: ${runs.map((run) => `${run.engine} ${run.peakRssMb.toFixed(0)} MB`).join(', ')}`);
}

if (process.env.OCR_COMPARE_TABLE) {
  printTable(process.env.OCR_COMPARE_TABLE.split(','));
} else {
  const engine = process.env.OCR_ENGINE ?? 'tesseract';
  const rows = await measure(engine);
  const label = engine === 'paddle' || engine === 'hybrid' ? `${engine}@${paddleOptionsFromEnv(1600).detMaxSide}` : engine;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  for (const row of rows)
    console.log(`${row.document.padEnd(38)} ${row.hits}/${row.fields} ${(row.seconds / Math.max(1, row.pages)).toFixed(2)} s/page  ${row.hitFields.join(',')}`);
  console.log(`${label}: ${rows.reduce((s, r) => s + r.hits, 0)}/${rows.reduce((s, r) => s + r.fields, 0)} values, peak RSS ${peakRssMb.toFixed(0)} MB`);
  if (process.env.OCR_COMPARE_OUT) fs.writeFileSync(process.env.OCR_COMPARE_OUT, JSON.stringify({ engine: label, peakRssMb, rows }, null, 2));
}
