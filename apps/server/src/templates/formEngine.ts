/**
 * The one form engine of a server: shared by the form endpoints (fill, generate, templates/fill)
 * and the templates resource (create infers the fields), so a PDF inferred once — the slow part
 * for a scanned form, its OCR — is not inferred again when it is filled. Keyed by the server's
 * Config object, which the composition root hands to both; the composition root sets it (the
 * sandboxed form engine, or an in-process one for the benchmark's comparison).
 */
import type { FormEngine } from '@jobs-api/documents/api';
import type { Config } from '../config.js';

const engines = new WeakMap<Config, FormEngine>();

/** Makes `engine` the form engine of this configuration. */
export function useFormEngine(config: Config, engine: FormEngine): void {
  engines.set(config, engine);
}

/** The form engine of this server's configuration. */
export function formEngineFor(config: Config): FormEngine {
  const engine = engines.get(config);
  if (!engine) throw new Error('no form engine: the server sets one at start-up (useFormEngine)');
  return engine;
}
