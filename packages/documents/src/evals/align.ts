/**
 * Pairing the items of a labelled array with the items of an extracted one before comparing
 * them: an extractor that finds the right line items in another order (or misses one in the
 * middle) must not have every following item scored against the wrong label.
 */

/** One expected item paired with one extracted item. */
export interface AlignedPair {
  expected: number;
  got: number;
}

/** The pairing of two arrays; every index appears at most once. */
export interface Alignment {
  pairs: AlignedPair[];
  /** Expected items with no extracted counterpart (fewer items were extracted). */
  missing: number[];
  /** Extracted items left over (more items were extracted than labelled). */
  extra: number[];
}

/**
 * Aligns by best match: pairs are taken greedily from the most similar down (ties go to the
 * pair whose positions are closest, then to the earlier one), each item used once. Items with
 * no similarity at all are then paired in order, so a wholly wrong item counts once as wrong
 * rather than once as missing and once as extra. Greedy rather than an optimal assignment:
 * arrays here are a few dozen items and similarities are mostly 0 or 1, where the two agree.
 *
 * @param similarity 0 (nothing in common) to 1 (identical).
 */
export function alignByBestMatch(expectedCount: number, gotCount: number, similarity: (expected: number, got: number) => number): Alignment {
  const candidates: Array<AlignedPair & { score: number }> = [];
  for (let e = 0; e < expectedCount; e += 1) {
    for (let g = 0; g < gotCount; g += 1) {
      const score = similarity(e, g);
      if (score > 0) candidates.push({ expected: e, got: g, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score || Math.abs(a.expected - a.got) - Math.abs(b.expected - b.got) || a.expected - b.expected);
  const usedExpected = new Set<number>();
  const usedGot = new Set<number>();
  const pairs: AlignedPair[] = [];
  const take = (expected: number, got: number) => {
    pairs.push({ expected, got });
    usedExpected.add(expected);
    usedGot.add(got);
  };
  for (const candidate of candidates) {
    if (!usedExpected.has(candidate.expected) && !usedGot.has(candidate.got)) take(candidate.expected, candidate.got);
  }
  const leftExpected = range(expectedCount).filter((index) => !usedExpected.has(index));
  const leftGot = range(gotCount).filter((index) => !usedGot.has(index));
  const inOrder = Math.min(leftExpected.length, leftGot.length);
  for (let i = 0; i < inOrder; i += 1) take(leftExpected[i]!, leftGot[i]!);
  pairs.sort((a, b) => a.expected - b.expected);
  return { pairs, missing: leftExpected.slice(inOrder), extra: leftGot.slice(inOrder) };
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
