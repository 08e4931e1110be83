import type { ParsedDocument } from '../parse/parsed-document.js';
import { pagePlainText } from '../parse/parsed-document.js';
import type { NamedDescription } from '../types.js';
import { scoreCategories, tokenCounts } from './category-score.js';

/** One part of a split: a subdocument name and its 1-based pages. */
export interface PageGroup {
  name: string;
  pages: number[];
}

// A page whose best score is below this share of the strongest page score in the document
// carries too little evidence (a signature page, an annex) and continues the previous part.
const WEAK_PAGE_SHARE = 0.25;

/**
 * Labels each page with its best-scoring subdocument, lets pages without clear evidence
 * continue the part before them (or the one after, at the start), then groups consecutive
 * pages with the same label. Every page lands in exactly one group.
 */
export function splitLocally(document: ParsedDocument, subdocuments: readonly NamedDescription[]): PageGroup[] {
  const pageScores = document.pages.map((page) => {
    const scores = scoreCategories(subdocuments, tokenCounts(pagePlainText(page)));
    return scores.reduce((best, score) => (score.score > best.score ? score : best));
  });
  const strongest = Math.max(0, ...pageScores.map((score) => score.score));
  const labels: Array<string | undefined> = pageScores.map((score) => (score.score > 0 && score.score >= WEAK_PAGE_SHARE * strongest ? score.name : undefined));
  for (let i = 1; i < labels.length; i += 1) labels[i] ??= labels[i - 1];
  const firstKnown = labels.find((label) => label !== undefined) ?? subdocuments[0]!.name;
  const resolved = labels.map((label) => label ?? firstKnown);
  const groups: PageGroup[] = [];
  resolved.forEach((name, index) => {
    const last = groups.at(-1);
    if (last && last.name === name) last.pages.push(index + 1);
    else groups.push({ name, pages: [index + 1] });
  });
  return groups;
}
