import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { DocumentError, isAbortError, raceAbort, throwIfAborted } from '../errors.js';
import { defaultOcrPoolSize } from './ocr-pool-size.js';
import type { PositionedWord } from './layout.js';

/** Settings of the OCR worker pool. */
export interface OcrPoolOptions {
  /** Workers run at once; each holds ~300 MB. Default: `defaultOcrPoolSize()`. */
  poolSize?: number;
  /** Give up starting a worker after this long (default 30 s): a misconfigured data path never settles. */
  workerStartTimeoutMs?: number;
  /** Tesseract's page segmentation mode (default `PSM.AUTO`); the quality harness compares modes. */
  pageSegMode?: PSM;
}

/** One OCR request: a PNG/JPEG/WEBP/BMP image and the resolution it was made at. */
export interface OcrInput {
  image: Uint8Array;
  dpi: number;
  signal: AbortSignal;
}

/** Runs tesseract on a bounded number of workers, created lazily and replaced after a cancel. */
export interface OcrPool {
  recognize(input: OcrInput): Promise<PositionedWord[]>;
  /** Terminates every worker; pending and later calls reject. */
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** The English LSTM data shipped in `@tesseract.js-data/eng`: never downloaded. */
function englishDataPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export { defaultOcrPoolSize };

// Table borders and underlines come out of tesseract as runs of these characters.
const RULE_ONLY = /^[|[\]_—–=~-]+$/;

interface Slot {
  worker?: Promise<Worker>;
  busy: boolean;
}

/** Creates the pool; no worker starts until the first `recognize`. */
export function createOcrPool(options: OcrPoolOptions = {}): OcrPool {
  const size = Math.max(1, options.poolSize ?? defaultOcrPoolSize());
  const startTimeoutMs = options.workerStartTimeoutMs ?? 30_000;
  const pageSegMode = options.pageSegMode ?? PSM.AUTO;
  const slots: Slot[] = Array.from({ length: size }, () => ({ busy: false }));
  const waiting: Array<{ grant: (slot: Slot) => void; refuse: (error: Error) => void }> = [];
  let closed = false;

  async function startWorker(): Promise<Worker> {
    const starting = createWorker('eng', OEM.LSTM_ONLY, {
      langPath: englishDataPath(),
      cachePath: path.join(os.tmpdir(), 'jobs-api-tesseract'),
      cacheMethod: 'none',
      gzip: true,
      // Without a handler tesseract.js rethrows a failed job inside its message listener,
      // which would take the whole process down; the job's promise rejects anyway.
      errorHandler: () => undefined,
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new DocumentError('ocr_unavailable', `The OCR worker did not start within ${startTimeoutMs} ms.`, 503));
      }, startTimeoutMs);
    });
    try {
      return await Promise.race([starting, timeout]);
    } catch (error) {
      // A worker that starts after we gave up must not linger.
      starting.then((late) => late.terminate()).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  function acquire(signal: AbortSignal): Promise<Slot> {
    if (closed) return Promise.reject(new DocumentError('ocr_unavailable', 'The OCR pool is closed.', 503));
    const free = slots.find((slot) => !slot.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise<Slot>((resolve, reject) => {
      const entry = {
        grant: (slot: Slot) => {
          signal.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        refuse: reject,
      };
      const onAbort = (): void => {
        waiting.splice(waiting.indexOf(entry), 1);
        try {
          throwIfAborted(signal);
        } catch (error) {
          reject(error as Error);
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiting.push(entry);
    });
  }

  function release(slot: Slot): void {
    const next = waiting.shift();
    if (next) next.grant(slot);
    else slot.busy = false;
  }

  async function discardWorker(slot: Slot): Promise<void> {
    const worker = slot.worker;
    slot.worker = undefined;
    // terminate() stops the thread at once; the recognize() it was running never settles,
    // which is why callers race it against their signal instead of awaiting it.
    await worker?.then((w) => w.terminate()).catch(() => undefined);
  }

  return {
    async recognize({ image, dpi, signal }) {
      throwIfAborted(signal);
      const slot = await acquire(signal);
      try {
        slot.worker ??= startWorker();
        const worker = await raceAbort(slot.worker, signal);
        await raceAbort(worker.setParameters({ user_defined_dpi: String(Math.round(dpi)), tessedit_pageseg_mode: pageSegMode }), signal);
        const result = await raceAbort(
          worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: false, blocks: true }),
          signal,
        );
        const words: PositionedWord[] = [];
        for (const block of result.data.blocks ?? []) {
          for (const paragraph of block.paragraphs) {
            for (const line of paragraph.lines) {
              for (const word of line.words) {
                const text = word.text.trim();
                if (!text || RULE_ONLY.test(text)) continue;
                const { x0, y0, x1, y1 } = word.bbox;
                words.push({ text, x0, y0, x1, y1, confidence: word.confidence / 100 });
              }
            }
          }
        }
        return words;
      } catch (error) {
        // After a cancel (or a crash) the worker may be mid-page: replace it rather than reuse it.
        await discardWorker(slot);
        if (isAbortError(error) || error instanceof DocumentError) throw error;
        throw new DocumentError('ocr_failed', `OCR failed: ${error instanceof Error ? error.message : String(error)}`, 422);
      } finally {
        release(slot);
      }
    },
    async close() {
      closed = true;
      for (const entry of waiting.splice(0)) entry.refuse(new DocumentError('ocr_unavailable', 'The OCR pool is closed.', 503));
      await Promise.all(slots.map(discardWorker));
    },
  };
}
