/**
 * The one form engine of a server: shared by the form endpoints (fill, generate, templates/fill)
 * and the templates resource (create infers the fields), so a PDF inferred once — the slow part
 * for a scanned form, its OCR — is not inferred again when it is filled. Keyed by the server's
 * Config object, which the composition root hands to both.
 */
import { createFormEngine, type FormEngine } from '@jobs-api/documents';
import type { Config } from '../config.js';

const engines = new WeakMap<Config, FormEngine>();

/** Makes `engine` the form engine of this configuration (the server's sandboxed one). */
export function useFormEngine(config: Config, engine: FormEngine): void {
  engines.set(config, engine);
}

/** The form engine for this server's configuration (created in-process on first use when none was set; it holds no workers between calls). */
export function formEngineFor(config: Config): FormEngine {
  let engine = engines.get(config);
  if (!engine) {
    engine = createFormEngine({
      modelMap: config.modelMap,
      fetch: { allowHttp: config.fetchAllowHttp, allowPrivateNetworks: config.fetchAllowPrivateNetworks },
    });
    engines.set(config, engine);
  }
  return engine;
}
