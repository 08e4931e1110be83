/**
 * An OCR pool that remembers word boxes on disk, for tuning the local extractor without
 * re-running tesseract (~1.5 s a page) on every try. Development only: the engine never uses
 * it. Keyed by a hash of the exact image tesseract is given and its dpi, so a change to the
 * OCR pre-processing misses the cache and runs tesseract again. The cache lives in the
 * git-ignored `.eval-cache/` of this package (delete it to start over).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PSM } from 'tesseract.js';
import type { PositionedWord } from '../src/parse/layout.js';
import { createOcrPool, type OcrPool } from '../src/parse/ocr-pool.js';

export const ocrCacheDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.eval-cache/ocr');

export function createCachedOcrPool(): OcrPool & { hits: number; misses: number } {
  // EVAL_OCR_PSM compares tesseract's page segmentation modes (3 = auto, the engine's; 4, 6, 11 …).
  const psm = process.env.EVAL_OCR_PSM;
  const inner = createOcrPool({ poolSize: 1, ...(psm ? { pageSegMode: psm as PSM } : {}) });
  fs.mkdirSync(ocrCacheDir, { recursive: true });
  const pool = {
    hits: 0,
    misses: 0,
    async recognize(input: Parameters<OcrPool['recognize']>[0]): Promise<PositionedWord[]> {
      const key = createHash('sha256')
        .update(input.image)
        .update(`dpi=${input.dpi}`)
        .update(psm ? `psm=${psm}` : '')
        .digest('hex');
      const file = path.join(ocrCacheDir, `${key}.json`);
      if (fs.existsSync(file)) {
        pool.hits += 1;
        return JSON.parse(fs.readFileSync(file, 'utf8')) as PositionedWord[];
      }
      pool.misses += 1;
      const words = await inner.recognize(input);
      fs.writeFileSync(file, JSON.stringify(words));
      return words;
    },
    close: () => inner.close(),
  };
  return pool;
}
