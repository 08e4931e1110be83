/**
 * Which instruction goes in which field: every (instruction, field) pair is scored, and the
 * one-to-one placement with the highest total score is chosen (Hungarian algorithm), so a field
 * claimed by two instructions goes to the one whose other options are worse ("Bank Routing/ABA
 * Number" to the wire instructions, "Correspondent Bank Routing/ABA Number" to the correspondent).
 * Items of one array then take their fields in reading order.
 */
import type { FormField } from '@jobs-api/api-types';
import type { FillEntry } from './instructions.js';
import { entryWords, fieldWords, formTokens, matchScore } from './match-score.js';
import { asBoolean, matchOption, sameText } from './values.js';

/** An instruction placed in a field. */
export interface Placement {
  entry: FillEntry;
  field: FormField;
  score: number;
}

/** Below this score a pair is not a match at all: the value stays unplaced. */
export const MIN_MATCH_SCORE = 0.45;
// Beyond this many pairs the O(n²m) assignment gets slow (500 × 500 took ~1 s); greedy instead.
const MAX_OPTIMAL_PAIRS = 250_000;

/** The score adjusted for whether the value can go in a field of that type. */
function fitScore(entry: FillEntry, field: FormField, score: number): number {
  const { value } = entry;
  switch (field.type) {
    case 'signature':
      // Typing a name into a signature box is not signing: only an instruction that says "signature" goes there.
      return formTokens(entry.source).some((token) => token.startsWith('sign')) ? score : 0;
    case 'checkbox':
      if (typeof value === 'boolean' || asBoolean(value) !== undefined) return score;
      // "Gender: Female" ticks the box labelled "Female".
      return sameText(value, field.label) ? Math.max(score, 0.7) : score * 0.3;
    case 'radio':
    case 'choice':
      if (matchOption(value, field.options ?? []) !== undefined) return Math.min(1, score + 0.1);
      return score * 0.6;
    default:
      return typeof value === 'boolean' ? score * 0.6 : score;
  }
}

/** Minimum-cost assignment of rows to distinct columns (rows ≤ columns); answers a column per row. */
function hungarian(cost: number[][], columns: number): number[] {
  const rows = cost.length;
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(columns + 1);
  const owner = new Int32Array(columns + 1);
  const way = new Int32Array(columns + 1);
  for (let row = 1; row <= rows; row += 1) {
    owner[0] = row;
    let column = 0;
    const minimum = new Float64Array(columns + 1).fill(Infinity);
    const used = new Uint8Array(columns + 1);
    do {
      used[column] = 1;
      const current = owner[column]!;
      let delta = Infinity;
      let next = 0;
      for (let j = 1; j <= columns; j += 1) {
        if (used[j]) continue;
        const reduced = cost[current - 1]![j - 1]! - u[current]! - v[j]!;
        if (reduced < minimum[j]!) {
          minimum[j] = reduced;
          way[j] = column;
        }
        if (minimum[j]! < delta) {
          delta = minimum[j]!;
          next = j;
        }
      }
      for (let j = 0; j <= columns; j += 1) {
        if (used[j]) {
          u[owner[j]!]! += delta;
          v[j]! -= delta;
        } else {
          minimum[j]! -= delta;
        }
      }
      column = next;
    } while (owner[column] !== 0);
    do {
      const previous = way[column]!;
      owner[column] = owner[previous]!;
      column = previous;
    } while (column !== 0);
  }
  const assignment = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= columns; j += 1) if (owner[j]) assignment[owner[j]! - 1] = j - 1;
  return assignment;
}

/** Field order on the page: top to bottom (bands of 4 pt), then left to right. */
export function readingOrder(a: FormField, b: FormField): number {
  if (a.page !== b.page) return a.page - b.page;
  const topA = a.rect.y + a.rect.height;
  const topB = b.rect.y + b.rect.height;
  return Math.abs(topA - topB) > 4 ? topB - topA : a.rect.x - b.rect.x;
}

function bestPairs(scores: number[][], fieldCount: number): Array<[number, number]> {
  const entryCount = scores.length;
  if (entryCount * (fieldCount + entryCount) > MAX_OPTIMAL_PAIRS) {
    const pairs = scores.flatMap((row, entry) => row.map((score, field) => ({ entry, field, score }))).filter((pair) => pair.score >= MIN_MATCH_SCORE);
    pairs.sort((a, b) => b.score - a.score);
    const usedEntries = new Set<number>();
    const usedFields = new Set<number>();
    const chosen: Array<[number, number]> = [];
    for (const pair of pairs) {
      if (usedEntries.has(pair.entry) || usedFields.has(pair.field)) continue;
      usedEntries.add(pair.entry);
      usedFields.add(pair.field);
      chosen.push([pair.entry, pair.field]);
    }
    return chosen;
  }
  // One extra "leave it out" column per entry at cost 0: a pair below the threshold never beats it.
  const cost = scores.map((row, entry) => [
    ...row.map((score) => (score >= MIN_MATCH_SCORE ? -score : 1e6)),
    ...Array.from({ length: entryCount }, (_, k) => (k === entry ? 0 : 1e6)),
  ]);
  return hungarian(cost, fieldCount + entryCount)
    .map((field, entry): [number, number] => [entry, field])
    .filter(([, field]) => field >= 0 && field < fieldCount);
}

/** Places entries in fields, one field per entry at most. */
export function placeEntries(fields: FormField[], entries: FillEntry[]): Placement[] {
  const fieldTexts = fields.map(fieldWords);
  const scores = entries.map((entry) => {
    const words = entryWords(entry);
    return fields.map((field, index) => fitScore(entry, field, matchScore(words, fieldTexts[index]!)));
  });
  const placements = bestPairs(scores, fields.length).map(([entry, field]) => ({
    entry: entries[entry]!,
    field: fields[field]!,
    score: scores[entry]![field]!,
  }));
  return orderArrayItems(placements);
}

/** Items of one array (`signatures[0].date`, `signatures[1].date`) take their fields in reading order. */
function orderArrayItems(placements: Placement[]): Placement[] {
  const groups = new Map<string, Placement[]>();
  for (const placement of placements) {
    if (!placement.entry.path.some((key) => typeof key === 'number')) continue;
    const key = placement.entry.path.filter((part) => typeof part === 'string').join('.');
    groups.set(key, [...(groups.get(key) ?? []), placement]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const fieldsInOrder = group.map((placement) => ({ field: placement.field, score: placement.score })).sort((a, b) => readingOrder(a.field, b.field));
    const entriesInOrder = group.map((placement) => placement.entry).sort((a, b) => compareIndices(a.path, b.path));
    group.forEach((placement, index) => {
      placement.entry = entriesInOrder[index]!;
      placement.field = fieldsInOrder[index]!.field;
      placement.score = fieldsInOrder[index]!.score;
    });
  }
  return placements;
}

function compareIndices(a: Array<string | number>, b: Array<string | number>): number {
  const indicesA = a.filter((key): key is number => typeof key === 'number');
  const indicesB = b.filter((key): key is number => typeof key === 'number');
  for (let i = 0; i < Math.min(indicesA.length, indicesB.length); i += 1) if (indicesA[i] !== indicesB[i]) return indicesA[i]! - indicesB[i]!;
  return indicesA.length - indicesB.length;
}
