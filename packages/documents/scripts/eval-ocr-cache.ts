/**
 * An OCR pool that remembers word boxes on disk, for tuning the local extractor without
 * re-running tesseract (~1.5 s a page) on every try. Development only: the engine never uses
 * it. Keyed by a hash of the exact image tesseract is given and its dpi, so a change to the
 * OCR pre-processing misses the cache and runs tesseract again. The cache lives in the
 * git-ignored `.eval-cache/` of this package (delete it to start over).
 */
import { createHash } from 'node:crypto';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PSM } from 'tesseract.js';
import type { PositionedWord } from '../src/parse/layout.js';
import { createOcrPool, type OcrPool } from '../src/parse/ocr-pool.js';
import { paddleOcrPool, paddleOptionsFromEnv } from './paddle-ocr.js';

export const ocrCacheDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.eval-cache/ocr');

async function recognizeDegraded(inner: OcrPool, input: Parameters<OcrPool['recognize']>[0], factor: number): Promise<PositionedWord[]> {
  const image = await loadImage(Buffer.from(input.image));
  const canvas = createCanvas(Math.max(1, Math.round(image.width * factor)), Math.max(1, Math.round(image.height * factor)));
  canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
  const words = await inner.recognize({ ...input, image: new Uint8Array(await canvas.encode('png')), dpi: input.dpi * factor });
  return words.map((word) => ({ ...word, x0: word.x0 / factor, y0: word.y0 / factor, x1: word.x1 / factor, y1: word.y1 / factor }));
}

export function createCachedOcrPool(): OcrPool & { hits: number; misses: number } {
  // EVAL_OCR_PSM compares tesseract's page segmentation modes (3 = auto, the engine's; 4, 6, 11 …).
  const psm = process.env.EVAL_OCR_PSM;
  // EVAL_OCR_DEGRADE=0.5 reads every image at half its resolution (then scales the boxes back):
  // a poorer scan of the same documents, to see which answers survive worse OCR.
  const degrade = Number(process.env.EVAL_OCR_DEGRADE ?? '1');
  // EVAL_OCR_ENGINE=paddle reads with the PP-OCR probe (scripts/paddle-ocr.ts) instead of tesseract.
  // Its settings: PADDLE_* (see paddleOptionsFromEnv); the detector sees up to 2400 px by default.
  const engine = process.env.EVAL_OCR_ENGINE ?? 'tesseract';
  const paddleOptions = paddleOptionsFromEnv(2400);
  const inner: OcrPool = engine === 'paddle' ? paddleOcrPool(paddleOptions) : createOcrPool({ poolSize: 1, ...(psm ? { pageSegMode: psm as PSM } : {}) });
  fs.mkdirSync(ocrCacheDir, { recursive: true });
  const pool = {
    hits: 0,
    misses: 0,
    async recognize(input: Parameters<OcrPool['recognize']>[0]): Promise<PositionedWord[]> {
      const key = createHash('sha256')
        .update(input.image)
        .update(`dpi=${input.dpi}`)
        .update(psm ? `psm=${psm}` : '')
        .update(degrade !== 1 ? `degrade=${degrade}` : '')
        .update(engine !== 'tesseract' ? `engine=${engine}:${paddleOptions.key}` : '')
        .digest('hex');
      const file = path.join(ocrCacheDir, `${key}.json`);
      if (fs.existsSync(file)) {
        pool.hits += 1;
        return JSON.parse(fs.readFileSync(file, 'utf8')) as PositionedWord[];
      }
      pool.misses += 1;
      const words = degrade === 1 ? await inner.recognize(input) : await recognizeDegraded(inner, input, degrade);
      fs.writeFileSync(file, JSON.stringify(words));
      return words;
    },
    close: () => inner.close(),
  };
  return pool;
}
