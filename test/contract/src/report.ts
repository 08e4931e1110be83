/**
 * The figures of the report printed at the end of the suite. Vitest runs each test file in its own
 * worker, so each file collects its facts in memory and writes them to the run's report directory
 * (from globalSetup, via provide/inject) when it ends; globalSetup's teardown merges and prints them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type JobOperation = 'create' | 'get' | 'list' | 'cancel' | 'retry';

/** What one test file established. Every list is merged as a set. */
export interface Facts {
  /** endpoint → `completed` (200 body valid) or `not_implemented`. */
  endpoints: Record<string, string>;
  /** Endpoints whose invalid request was a 422 with paths inside their own request schema. */
  invalidRejected: string[];
  /** How many Job answers each operation gave that passed every field check. */
  answers: Partial<Record<JobOperation, number>>;
  /** Statuses of checked answers; `queued (202 dispatch_delayed)` for a delayed create. */
  statuses: string[];
  /** The Job fields checked in every one of those answers. */
  fields: string[];
  /** Nullable fields seen as null / as a value. */
  seenNull: string[];
  seenValue: string[];
  /** Operations checked against the Prism mock, and how many of their named examples were served. */
  mockOperations: string[];
  mockExamples: number;
  /** Through `prism proxy --errors`: exchanges made, and the ones that broke the spec. */
  proxyExchanges: number;
  proxyViolations: number;
  /** Free-form drift results, `name → summary`. */
  drift: Record<string, string>;
}

export function emptyFacts(): Facts {
  return {
    endpoints: {},
    invalidRejected: [],
    answers: {},
    statuses: [],
    fields: [],
    seenNull: [],
    seenValue: [],
    mockOperations: [],
    mockExamples: 0,
    proxyExchanges: 0,
    proxyViolations: 0,
    drift: {},
  };
}

/** The facts of the current test file; `save` writes them into the report directory. */
export class FactsRecorder {
  readonly facts = emptyFacts();
  private readonly sets = {
    invalidRejected: new Set<string>(),
    statuses: new Set<string>(),
    fields: new Set<string>(),
    seenNull: new Set<string>(),
    seenValue: new Set<string>(),
    mockOperations: new Set<string>(),
  };

  add(list: keyof FactsRecorder['sets'], ...values: string[]): void {
    for (const v of values) this.sets[list].add(v);
  }

  countAnswer(operation: JobOperation): void {
    this.facts.answers[operation] = (this.facts.answers[operation] ?? 0) + 1;
  }

  /** The facts so far, lists sorted. */
  snapshot(): Facts {
    const lists = Object.fromEntries(Object.entries(this.sets).map(([list, values]) => [list, [...values].sort()]));
    return { ...this.facts, ...lists };
  }

  save(dir: string, name: string): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(this.snapshot(), null, 2));
  }
}

/** Merges every file's facts from `dir`. */
export function mergeFacts(dir: string): { facts: Facts; files: string[] } {
  const merged = emptyFacts();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
  for (const file of files) {
    const f = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Facts;
    Object.assign(merged.endpoints, f.endpoints);
    Object.assign(merged.drift, f.drift);
    for (const [op, n] of Object.entries(f.answers)) merged.answers[op as JobOperation] = (merged.answers[op as JobOperation] ?? 0) + (n ?? 0);
    for (const list of ['invalidRejected', 'statuses', 'fields', 'seenNull', 'seenValue', 'mockOperations'] as const)
      merged[list] = union(merged[list], f[list]);
    merged.mockExamples += f.mockExamples;
    merged.proxyExchanges += f.proxyExchanges;
    merged.proxyViolations += f.proxyViolations;
  }
  return { facts: merged, files };
}

/** The printed report. */
export function formatReport({ facts, files }: { facts: Facts; files: string[] }, expected: { endpoints: number; fields: number; operations: number }): string {
  const byOutcome = (outcome: string) =>
    Object.entries(facts.endpoints)
      .filter(([, o]) => o === outcome)
      .map(([e]) => e);
  const completed = byOutcome('completed');
  const notImplemented = byOutcome('not_implemented');
  const answers = Object.entries(facts.answers)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  const lines = [
    '',
    '── contract report ─────────────────────────────────────────────',
    `endpoints checked: ${Object.keys(facts.endpoints).length}/${expected.endpoints} through the client against a real server`,
    `  completed, 200 body valid (${completed.length}): ${completed.join(' ') || '-'}`,
    `  failed not_implemented (${notImplemented.length}): ${notImplemented.join(' ') || '-'}`,
    `  invalid request → 422 with paths inside its own schema: ${facts.invalidRejected.length}/${expected.endpoints}`,
    `Job fields checked: ${facts.fields.length}/${expected.fields} in every answer (${answers})`,
    `  nullable fields seen both null and set: ${facts.seenNull.filter((f) => facts.seenValue.includes(f)).length}; only null: ${facts.seenNull.filter((f) => !facts.seenValue.includes(f)).join(' ') || '-'}`,
    `statuses reached: ${facts.statuses.join(', ') || '-'}`,
    `mock (Prism): ${facts.mockOperations.length}/${expected.operations} operations, ${facts.mockExamples} named examples checked`,
    `proxy (prism proxy --errors): ${facts.proxyExchanges} exchanges, violations: ${facts.proxyViolations}`,
    ...Object.entries(facts.drift).map(([name, summary]) => `drift: ${name}: ${summary}`),
    `(from ${files.length} test files: ${files.map((f) => f.replace(/\.json$/, '')).join(', ')})`,
    '────────────────────────────────────────────────────────────────',
    '',
  ];
  return lines.join('\n');
}
