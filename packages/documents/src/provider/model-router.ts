/**
 * Which engine runs a model name: a name in the model map goes to its OpenAI-compatible server,
 * any other `retab-*` name runs on the local engine, anything else is unknown (422 at create, before
 * anything is stored). The document engine and the form engine share this one rule.
 */
import { DocumentError } from '../errors.js';
import type { ModelRoute } from './chat-completions.js';

export interface ModelRouter {
  /** True for `retab-*` names and names in the model map. */
  isKnownModel(name: string): boolean;
  /** The provider route for a model, or undefined for the local engine; throws `unknown_model`. */
  routeFor(model: string): ModelRoute | undefined;
}

export function createModelRouter(modelMap: Record<string, ModelRoute> = {}): ModelRouter {
  const isKnownModel = (name: string) => Object.hasOwn(modelMap, name) || name.startsWith('retab-');
  return {
    isKnownModel,
    routeFor(model) {
      if (Object.hasOwn(modelMap, model)) return modelMap[model];
      if (isKnownModel(model)) return undefined;
      throw new DocumentError('unknown_model', `Unknown model "${model}".`, 422, { model });
    },
  };
}
