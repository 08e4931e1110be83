import type { NamedDescription } from '../types.js';
import { plainTokens, splitIdentifier, tokensMatch } from './text-match.js';

/** A category's score on a text, with the words that matched. */
export interface CategoryScore {
  name: string;
  score: number;
  /** Matched cue words, most frequent first. */
  evidence: string[];
}

/** Counts of concept tokens in a text. */
export function tokenCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of plainTokens(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

function countOf(counts: Map<string, number>, token: string): number {
  const exact = counts.get(token);
  if (exact !== undefined) return exact;
  // Fuzzy only for long words: OCR slips ("Greator") but short words collide too easily.
  if (token.length < 6) return 0;
  let total = 0;
  for (const [word, count] of counts) if (tokensMatch(word, token)) total += count;
  return total;
}

/**
 * Scores each category against a text: its cue words (name counted twice, plus the
 * description) are looked up in the text; each match adds its weight times 1 + log of its
 * count. A cue shared by several categories separates none of them and weighs less
 * (log(1 + categories / categories-with-the-cue)). Normalised by the root of the cue
 * weights so long descriptions do not win by length alone.
 */
export function scoreCategories(categories: readonly NamedDescription[], counts: Map<string, number>): CategoryScore[] {
  const cues = categories.map((category) => {
    const nameTokens = plainTokens(splitIdentifier(category.name));
    return { name: category.name, tokens: [...nameTokens, ...nameTokens, ...plainTokens(category.description ?? '')] };
  });
  const documentFrequency = new Map<string, number>();
  for (const { tokens } of cues) for (const token of new Set(tokens)) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  return cues.map(({ name, tokens }) => {
    const occurrences = new Map<string, number>();
    for (const token of tokens) occurrences.set(token, (occurrences.get(token) ?? 0) + 1);
    let score = 0;
    let norm = 0;
    const evidence: Array<[string, number]> = [];
    for (const [token, repeats] of occurrences) {
      if (/^\d+$/.test(token) || token.length < 2) continue;
      const weight = repeats * Math.log(1 + categories.length / (documentFrequency.get(token) ?? 1));
      norm += weight * weight;
      const count = countOf(counts, token);
      if (count > 0) {
        score += weight * (1 + Math.log(count));
        evidence.push([token, count]);
      }
    }
    evidence.sort((a, b) => b[1] - a[1]);
    return { name, score: norm > 0 ? score / Math.sqrt(norm) : 0, evidence: evidence.map(([token]) => token) };
  });
}

/** Best category; with no evidence at all, a catch-all ("other") if there is one, else the first. */
export function pickCategory(scores: CategoryScore[]): { best: CategoryScore; runnerUp?: CategoryScore; noEvidence: boolean } {
  const ranked = [...scores].sort((a, b) => b.score - a.score);
  const best = ranked[0]!;
  if (best.score > 0) return { best, ...(ranked[1] ? { runnerUp: ranked[1] } : {}), noEvidence: false };
  const catchAll = scores.find((score) => /^(other|others|unknown|misc|miscellaneous|autre)s?$/i.test(score.name.trim()));
  return { best: catchAll ?? scores[0]!, noEvidence: true };
}
