import { afterAll } from 'vitest';
import { createDocumentEngine, type DocumentEngine, type DocumentEngineOptions } from '../../src/index.js';

/** An engine closed after the file's tests (its OCR workers must not outlive the file). */
export function useEngine(options: DocumentEngineOptions = {}): DocumentEngine {
  const engine = createDocumentEngine({ ocr: { poolSize: 1 }, ...options });
  afterAll(() => engine.close());
  return engine;
}

/** Call options with a signal that never fires. */
export function call(): { signal: AbortSignal } {
  return { signal: new AbortController().signal };
}
