import os from 'node:os';

/**
 * One worker per core, but no more than free memory allows at ~300 MB each (measured
 * resident size of a tesseract.js worker with the English data), and at least one.
 * Apart from the pool so that reading it does not load tesseract.
 */
export function defaultOcrPoolSize(): number {
  const byMemory = Math.floor(os.freemem() / (400 * 1024 * 1024));
  return Math.max(1, Math.min(os.availableParallelism(), byMemory, 4));
}
