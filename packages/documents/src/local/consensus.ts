import type { LocalExtraction } from './extract.js';

type Flat = Map<string, { value: unknown; likelihood: unknown }>;

/** Flattens to leaves keyed by path; arrays are voted whole, as one value. */
function flatten(parsed: unknown, likelihoods: unknown, prefix: string, into: Flat): Flat {
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [key, value] of Object.entries(parsed)) {
      const childLikelihood = likelihoods && typeof likelihoods === 'object' ? (likelihoods as Record<string, unknown>)[key] : 0;
      flatten(value, childLikelihood, prefix ? `${prefix}\u0000${key}` : key, into);
    }
    return into;
  }
  into.set(prefix, { value: parsed, likelihood: likelihoods });
  return into;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('\u0000');
  let node = target;
  keys.slice(0, -1).forEach((key) => {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  });
  node[keys.at(-1)!] = value;
}

function scaleLikelihood(value: unknown, factor: number): unknown {
  if (typeof value === 'number') return Number((value * factor).toFixed(3));
  if (Array.isArray(value)) return value.map((item) => scaleLikelihood(item, factor));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scaleLikelihood(item, factor)]));
  }
  return value;
}

/**
 * Majority vote per field across extraction variants. A found value beats "not found"
 * only by votes, not by default; ties go to the earlier variant (the default extractor
 * first). The winner's likelihood is scaled by its share of the votes.
 */
export function voteExtractions(runs: LocalExtraction[]): LocalExtraction {
  if (runs.length === 1) return runs[0]!;
  const flats = runs.map((run) => flatten(run.parsed, run.likelihoods, '', new Map()));
  const parsed: Record<string, unknown> = {};
  const likelihoods: Record<string, unknown> = {};
  for (const path of flats[0]!.keys()) {
    const tally = new Map<string, { count: number; first: number }>();
    flats.forEach((flat, index) => {
      const key = JSON.stringify(flat.get(path)?.value ?? null);
      const entry = tally.get(key) ?? { count: 0, first: index };
      entry.count += 1;
      tally.set(key, entry);
    });
    const [winnerKey, winner] = [...tally.entries()].sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first)[0]!;
    const chosen = flats[winner.first]!.get(path)!;
    setPath(parsed, path, JSON.parse(winnerKey));
    const agreement = winner.count / runs.length;
    setPath(likelihoods, path, chosen.value === null ? 0 : scaleLikelihood(chosen.likelihood, agreement));
  }
  return { parsed, likelihoods };
}
