import type { ParsedDocument } from '../parse/parsed-document.js';
import { pagePlainText } from '../parse/parsed-document.js';
import type { NamedDescription } from '../types.js';
import { pickCategory, scoreCategories, tokenCounts } from './category-score.js';

/** A local classification with its explanation. */
export interface LocalClassification {
  classification: string;
  reasoning: string;
}

/** Classifies the (already page-limited) document by cue words; the reasoning names them. */
export function classifyLocally(document: ParsedDocument, categories: readonly NamedDescription[]): LocalClassification {
  const text = document.pages.map(pagePlainText).join('\n');
  const { best, runnerUp, noEvidence } = pickCategory(scoreCategories(categories, tokenCounts(text)));
  const pages = document.pages.length === 1 ? 'the page' : `the first ${document.pages.length} pages`;
  if (noEvidence) {
    return {
      classification: best.name,
      reasoning: `No category's name or description words appear in ${pages}; answered "${best.name}" as the fallback.`,
    };
  }
  const cues = best.evidence
    .slice(0, 6)
    .map((cue) => `"${cue}"`)
    .join(', ');
  const versus = runnerUp ? ` Next best: "${runnerUp.name}" (score ${runnerUp.score.toFixed(2)} vs ${best.score.toFixed(2)}).` : '';
  return {
    classification: best.name,
    reasoning: `${pages[0]!.toUpperCase()}${pages.slice(1)} mention${document.pages.length === 1 ? 's' : ''} ${cues} from the description of "${best.name}".${versus}`,
  };
}
