import { conceptTokens, countMatches, normalizeText, splitIdentifier } from './text-match.js';

/** What a schema field is called and described as, in concept tokens. */
export interface FieldDescriptor {
  /** Tokens of the property name and title: what a label must mostly contain. */
  nameTokens: string[];
  /** Tokens of enclosing object names (`supplier` for `supplier.name`). */
  parentTokens: string[];
  /** Tokens of the description: supporting evidence only. */
  descriptionTokens: string[];
  /** Normalized name and title: a label equal to one of them is a perfect match. */
  exactLabels: Set<string>;
}

function unique(tokens: string[]): string[] {
  return [...new Set(tokens)];
}

/** Builds a descriptor from a property's name, its schema's title and description, and its parents' names. */
export function describeField(name: string, title: unknown, description: unknown, parentNames: readonly string[]): FieldDescriptor {
  const nameTokens = unique(conceptTokens(`${splitIdentifier(name)} ${typeof title === 'string' ? title : ''}`));
  const parentTokens = unique(parentNames.flatMap((parent) => conceptTokens(splitIdentifier(parent)))).filter((token) => !nameTokens.includes(token));
  // Long prompt-style descriptions would match anything; their first sentence says what the field is.
  const firstSentence = typeof description === 'string' ? (description.split(/(?<=[.!?])\s/)[0] ?? '').slice(0, 200) : '';
  const descriptionTokens = unique(conceptTokens(firstSentence)).filter((token) => !nameTokens.includes(token));
  const exactLabels = new Set([normalizeText(splitIdentifier(name)), normalizeText(typeof title === 'string' ? title : '')]);
  exactLabels.delete('');
  return { nameTokens, parentTokens, descriptionTokens, exactLabels };
}

// Words that appear in many field names and say little on their own: "Amount" alone is
// weak evidence for total_amount, "Total" is strong.
const GENERIC_TOKEN_WEIGHT: Record<string, number> = { amount: 0.4, value: 0.4, info: 0.4, information: 0.4, detail: 0.4 };

/** Weights of the description's support; variants of the extractor change them. */
export interface MatchWeights {
  /** Share of the score that comes from covering the field's name tokens. */
  cover: number;
  /** Credit for a label token explained by the description rather than the name. */
  description: number;
}

export const DEFAULT_MATCH_WEIGHTS: MatchWeights = { cover: 0.6, description: 0.5 };

/**
 * How well a document label names a field, 0..1: mostly how much of the field's name the
 * label covers, plus how much of the label the field (name, parents, description) explains.
 * Numbers in labels ("Tax @ 3.8%") are parameters, not words, and are ignored.
 */
export function labelScore(label: string, field: FieldDescriptor, weights: MatchWeights = DEFAULT_MATCH_WEIGHTS): number {
  if (field.exactLabels.has(normalizeText(label))) return 1;
  const labelTokens = unique(conceptTokens(label).filter((token) => !/^\d+$/.test(token)));
  if (labelTokens.length === 0 || field.nameTokens.length === 0) return 0;
  const weightOf = (token: string): number => GENERIC_TOKEN_WEIGHT[token] ?? 1;
  const totalWeight = field.nameTokens.reduce((sum, token) => sum + weightOf(token), 0);
  const coveredWeight = field.nameTokens.filter((token) => countMatches([token], labelTokens) > 0).reduce((sum, token) => sum + weightOf(token), 0);
  if (coveredWeight === 0) return 0;
  const cover = coveredWeight / totalWeight;
  let explained = 0;
  for (const token of labelTokens) {
    if (countMatches([token], field.nameTokens)) explained += 1;
    else if (countMatches([token], field.parentTokens)) explained += 0.8;
    else if (countMatches([token], field.descriptionTokens)) explained += weights.description;
  }
  return weights.cover * cover + (1 - weights.cover) * (explained / labelTokens.length);
}
