import type { ParsedDocument } from '../parse/parsed-document.js';
import { pagePlainText } from '../parse/parsed-document.js';
import { type JsonSchema, resolveRef, schemaKind } from '../schema/json-schema.js';
import { type Candidate, collectCandidates, KIND_WEIGHT, type LocatedTable } from './candidates.js';
import { type DocumentLine, documentLines } from './document-lines.js';
import { CODE_MIN_CONFIDENCE, type FieldRole, findByRole, NAME_MIN_CONFIDENCE, nameValue, roleAcceptsLabel, roleContested, roleOf } from './document-roles.js';
import { documentRounding, documentServiceCharge, labelStartsLine } from './role-amounts.js';
import { DEFAULT_MATCH_WEIGHTS, describeField, type FieldDescriptor, labelScore, type MatchWeights } from './field-match.js';
import { extractTableArray, extractScalarArray } from './table-arrays.js';
import { normalizeText } from './text-match.js';
import { findAmounts, identifierIn, inferDayFirst } from './typed-values.js';
import { fitValue, type LeafSpec } from './value-fit.js';

/** One run of the local extractor. */
export interface LocalExtraction {
  /** The schema's shape, not-found values as null. */
  parsed: Record<string, unknown>;
  /** Same shape, a 0..1 confidence at every leaf (0 for not found). */
  likelihoods: Record<string, unknown>;
}

/** Knobs that differ between consensus variants. */
export interface ExtractionVariant {
  /** Lowest accepted pair score. */
  threshold: number;
  weights: MatchWeights;
  /** Multiplier for pairs found below their label rather than beside it. */
  belowBias: number;
}

/** The variants `n_consensus` runs, in order; the first is the default extractor. */
export const EXTRACTION_VARIANTS: readonly ExtractionVariant[] = [
  { threshold: 0.45, weights: DEFAULT_MATCH_WEIGHTS, belowBias: 1 },
  { threshold: 0.5, weights: { cover: 0.7, description: 0.3 }, belowBias: 1 },
  { threshold: 0.4, weights: DEFAULT_MATCH_WEIGHTS, belowBias: 1.15 },
  { threshold: 0.45, weights: { cover: 0.5, description: 0.7 }, belowBias: 0.9 },
  { threshold: 0.55, weights: DEFAULT_MATCH_WEIGHTS, belowBias: 1 },
  { threshold: 0.45, weights: { cover: 0.65, description: 0.4 }, belowBias: 1.1 },
  { threshold: 0.4, weights: { cover: 0.55, description: 0.6 }, belowBias: 0.95 },
  { threshold: 0.5, weights: DEFAULT_MATCH_WEIGHTS, belowBias: 1.05 },
];

interface Leaf {
  path: string[];
  spec: LeafSpec;
  field: FieldDescriptor;
}

interface ArrayField {
  path: string[];
  schema: JsonSchema;
  items: JsonSchema;
  field: FieldDescriptor;
}

type Node = { kind: 'object'; properties: Array<[string, Node]> } | { kind: 'leaf'; leaf: Leaf } | { kind: 'array'; array: ArrayField };

/** Reads a schema into a tree of leaves and arrays (depth-limited against recursive `$ref`s). */
function buildNode(root: JsonSchema, raw: unknown, path: string[], depth: number): Node {
  const schema = resolveRef(root, raw);
  const kind = schemaKind(schema);
  const name = path.at(-1) ?? '';
  const field = describeField(name, schema.title, schema.description, path.slice(0, -1));
  if (kind === 'object' && depth < 8) {
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    return {
      kind: 'object',
      properties: Object.entries(properties).map(([key, child]) => [key, buildNode(root, child, [...path, key], depth + 1)]),
    };
  }
  if (kind === 'array') {
    return { kind: 'array', array: { path, schema, items: resolveRef(root, schema.items), field } };
  }
  return { kind: 'leaf', leaf: { path, field, spec: { kind, schema, nameTokens: field.nameTokens } } };
}

function collectLeaves(node: Node, into: Leaf[]): Leaf[] {
  if (node.kind === 'leaf') into.push(node.leaf);
  if (node.kind === 'object') for (const [, child] of node.properties) collectLeaves(child, into);
  return into;
}

/** European documents write dates day first; guessed from common French words. */
function prefersDayFirst(text: string): boolean {
  const words = normalizeText(text).split(' ');
  const count = (list: string[]): number => words.filter((word) => list.includes(word)).length;
  return count(['de', 'du', 'le', 'la', 'les', 'et', 'des', 'au']) > count(['the', 'of', 'and', 'to', 'for']);
}

interface Assignment {
  value: unknown;
  likelihood: number;
  /** The document's label the value was found beside (none for a value found by its role). */
  label?: string;
  /** Found in a column of several values (a list's row), not as one labelled value. */
  fromList?: boolean;
  /** Found in a table column or below its label, rather than beside it. */
  underHeader?: boolean;
  /** OCR confidence of the value (1 for a text layer). */
  confidence?: number;
  /** The value as written (for a label match). */
  raw?: string;
  /** Confirmed by other readings of the document (the finder's arithmetic): needs no second witness. */
  witnessed?: boolean;
}

/**
 * Pairs leaves with candidates: every (leaf, candidate) pair is scored (label match ×
 * pair kind × value fit × OCR confidence) and the best pairs are taken greedily, each
 * leaf and each candidate at most once, so one value is not reported under two fields.
 */
function assignLeaves(leaves: Leaf[], candidates: Candidate[], variant: ExtractionVariant, dayFirst: boolean): Map<Leaf, Assignment> {
  const scored: Array<{ leaf: Leaf; candidate: Candidate; score: number; value: unknown }> = [];
  for (const leaf of leaves) {
    for (const candidate of candidates) {
      const match = labelScore(candidate.label, leaf.field, variant.weights);
      if (match < variant.threshold * 0.8) continue;
      const fitted = fitValue(candidate.value, leaf.spec, dayFirst);
      if (!fitted) continue;
      const kindWeight = KIND_WEIGHT[candidate.kind] * (candidate.kind === 'below' ? variant.belowBias : 1);
      const rowPenalty = (1 - 0.05 * Math.min(candidate.rowIndex ?? 0, 10)) * (candidate.inDataColumn ? 0.5 : 1);
      const score = match * kindWeight * fitted.fit * (0.6 + 0.4 * candidate.confidence) * rowPenalty;
      if (score >= variant.threshold) scored.push({ leaf, candidate, score, value: fitted.value });
    }
  }
  scored.sort((a, b) => b.score - a.score || a.candidate.order - b.candidate.order);
  const assigned = new Map<Leaf, Assignment>();
  const used = new Set<Candidate>();
  for (const { leaf, candidate, score, value } of scored) {
    if (assigned.has(leaf) || used.has(candidate)) continue;
    assigned.set(leaf, {
      value,
      likelihood: Math.min(1, Number(score.toFixed(3))),
      label: candidate.label,
      fromList: candidate.inDataColumn === true,
      underHeader: candidate.kind === 'table-column' || candidate.kind === 'below',
      confidence: candidate.confidence,
      raw: candidate.value,
    });
    used.add(candidate);
  }
  return assigned;
}

const CURRENCY_CODES = ['USD', 'EUR', 'GBP', 'INR', 'CAD', 'AUD', 'CHF', 'JPY', 'CNY'];
const CURRENCY_SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '₹': 'INR', '¥': 'JPY' };

/**
 * A currency field with no labelled value: the one currency the document writes (an ISO
 * code, else a symbol). Two different currencies in the text mean no answer.
 */
function detectCurrency(text: string): string | undefined {
  const codes = new Set(CURRENCY_CODES.filter((code) => new RegExp(`\\b${code}\\b`).test(text)));
  if (codes.size === 1) return [...codes][0];
  if (codes.size > 1) return undefined;
  const symbols = new Set(
    Object.keys(CURRENCY_SYMBOLS)
      .filter((symbol) => text.includes(symbol))
      .map((s) => CURRENCY_SYMBOLS[s]),
  );
  return symbols.size === 1 ? [...symbols][0] : undefined;
}

/** The whole text is one identifier (trailing punctuation aside). */
const isOneCode = (text: string): boolean => identifierIn(text) === text.trim().replace(/[.,;:]+$/, '');

const NAME_ROLES: ReadonlySet<FieldRole> = new Set(['seller', 'buyer', 'sellerAddress']);
const AMOUNT_ROLES: ReadonlySet<FieldRole> = new Set(['total', 'subtotal', 'tax']);

// Roles whose value has a typed form (an amount, a date, a code): the document-wide finder
// is trusted before a label match; names and addresses are trusted from their labels first.
const FINDER_FIRST: ReadonlySet<FieldRole> = new Set(['total', 'subtotal', 'tax', 'date', 'documentNumber', 'buyer']);

/**
 * Reconciles the label matches with the fields' roles on a commercial document: a label
 * match stands when its label is one the role accepts; otherwise the role's finder answers;
 * a match under a label the role does not accept ("GST ID" for a tax amount, "Ship To" for
 * the buyer) is dropped, since a wrong value costs more than a missing one.
 */
function settleRoles(leaves: Leaf[], assigned: Map<Leaf, Assignment>, document: ParsedDocument, dayFirst: boolean): Map<Leaf, Assignment> {
  const roles = leaves.flatMap((leaf) => {
    const role = roleOf(leaf.field, leaf.spec.kind);
    return role ? [{ leaf, role }] : [];
  });
  if (!roles.length) return assigned;
  const lines = documentLines(document);
  const settled = new Map(assigned);
  for (const { leaf, role } of roles) {
    const matched = assigned.get(leaf);
    // A date under a column header is a list's date (payments, services), not the document's.
    const listed = matched?.fromList || (role === 'date' && matched?.underHeader);
    // A name, an address or a code is wrong with one misread letter: as for the role finders,
    // a label match read with a confidence under their gate is not taken (dev, a half-resolution
    // scan: "OR18092202170428TAXINVOICE" at 0.51, after the finder had refused it).
    const gate = NAME_ROLES.has(role) ? NAME_MIN_CONFIDENCE : role === 'documentNumber' ? CODE_MIN_CONFIDENCE : 0;
    const unsure = (matched?.confidence ?? 1) < gate;
    // The finders' value checks hold for label matches too: a name is not another field's label
    // ("Bill To: Salesperson"), and a bare integer is money only beside a label starting its line.
    const badValue =
      matched !== undefined &&
      (((role === 'seller' || role === 'buyer') && !nameValue(String(matched.value))) ||
        // A document number is one code, not a phrase ("12 Main Street").
        (role === 'documentNumber' && !isOneCode(String(matched.value))) ||
        (AMOUNT_ROLES.has(role) && !findAmounts(matched.raw ?? '').some((amount) => amount.moneyLike) && !labelStartsLine(matched.label ?? '')));
    const accepted =
      matched && matched.label !== undefined && !listed && !unsure && !badValue && roleAcceptsLabel(role, matched.label, lines) ? matched : undefined;
    const found = (): Assignment | undefined => {
      const answer = findByRole(role, lines, dayFirst);
      const fitted = answer && fitValue(String(answer.value), leaf.spec, dayFirst);
      return fitted
        ? {
            value: fitted.value,
            likelihood: answer.likelihood,
            ...(answer.confidence === undefined ? {} : { confidence: answer.confidence }),
            ...(answer.witnessed ? { witnessed: true } : {}),
          }
        : undefined;
    };
    const chosen = roleContested(role, lines) ? undefined : FINDER_FIRST.has(role) ? (found() ?? accepted) : (accepted ?? found());
    if (chosen) settled.set(leaf, chosen);
    else settled.delete(leaf);
  }
  // Two fields asking the same question ("seller" and "company") get the same answer: a label
  // match goes to one field only, so the other may have none of its own (the fixture invoice's
  // "Billed From" name answered the seller and left the company empty).
  for (const { leaf, role } of roles) {
    if (settled.has(leaf)) continue;
    const twin = roles.find((other) => other.role === role && other.leaf !== leaf && settled.has(other.leaf));
    if (twin && fitValue(String(settled.get(twin.leaf)!.value), leaf.spec, dayFirst)) settled.set(leaf, settled.get(twin.leaf)!);
  }
  checkAmounts(roles, settled, lines);
  return settled;
}

// An amount read this surely needs no second witness.
const CLEAR_READING = 0.9;

/**
 * Subtotal + tax (+ the printed rounding adjustment) should give the total. When all three are
 * found and they do not add up, one of them is misread; the subtotal (an items' sum, printed
 * more than once) is kept, and the tax and total are dropped rather than guessed, except one
 * the document prints twice (a tax summary repeating the tax): two readings agreeing.
 * A subtotal, a tax or a total is then kept only with a second witness: the sum adds up, the document
 * prints the amount twice, the tax is the printed rate of its base ("GST @6%"), cash less change
 * gives the total, or it was read
 * with OCR confidence >= CLEAR_READING. A single unsure reading is where digits get misread.
 */
function checkAmounts(roles: Array<{ leaf: Leaf; role: FieldRole }>, settled: Map<Leaf, Assignment>, lines: DocumentLine[]): void {
  const rounding = documentRounding(lines);
  const leafOf = (role: FieldRole): Leaf | undefined => roles.find((entry) => entry.role === role)?.leaf;
  const [subtotal, tax, total] = (['subtotal', 'tax', 'total'] as const).map(leafOf);
  const valueOf = (leaf: Leaf | undefined): number | undefined => {
    const value = leaf && settled.get(leaf)?.value;
    return typeof value === 'number' ? value : undefined;
  };
  // With its rounding line printed the sum is exact (dev: 106.10 + 6.37 − 0.02 against a
  // misread 112.46); without one, receipts round to 5 sen, so up to 0.025 is rounding.
  const tolerance = rounding === undefined ? 0.0251 : 0.0051;
  // A service charge the document prints is part of the sum (an unreadable one leaves it as is).
  const r = (rounding ?? 0) + (documentServiceCharge(lines) ?? 0);
  const printedTwice = (value: number): boolean =>
    lines.filter((line) => findAmounts(line.text).some((amount) => amount.moneyLike && Math.abs(amount.value - value) < 0.005)).length >= 2;
  const s = valueOf(subtotal);
  let [t, g] = [valueOf(tax), valueOf(total)];
  const adds = (): boolean => s !== undefined && t !== undefined && g !== undefined && Math.abs(s + t + r - g) <= tolerance;
  if (s !== undefined && t !== undefined && g !== undefined && !adds()) {
    const keepTax = printedTwice(t) && !printedTwice(g);
    const keepTotal = printedTwice(g) && !printedTwice(t);
    if (!keepTax) settled.delete(tax!);
    if (!keepTotal) settled.delete(total!);
    [t, g] = [valueOf(tax), valueOf(total)];
  }
  if (adds()) return;
  const clear = (leaf: Leaf): boolean => settled.get(leaf)?.witnessed === true || (settled.get(leaf)?.confidence ?? 1) >= CLEAR_READING;
  if (total && g !== undefined) {
    const paid = cashLessChange(lines);
    const confirmed =
      clear(total) ||
      printedTwice(g) ||
      (paid !== undefined && Math.abs(paid - g) < 0.005) ||
      (s !== undefined && (t === undefined || t === 0) && Math.abs(s + r - g) <= tolerance);
    if (!confirmed) settled.delete(total);
  }
  if (subtotal && s !== undefined) {
    const noTax = t === undefined || t === 0;
    const confirmed = clear(subtotal) || printedTwice(s) || (g !== undefined && noTax && Math.abs(s + r - g) <= tolerance);
    if (!confirmed) settled.delete(subtotal);
  }
  if (tax && t !== undefined) {
    const bases = [s, g !== undefined ? g - t : undefined].filter((base): base is number => base !== undefined);
    const rateConfirms = taxRates(lines).some((rate) => bases.some((base) => Math.abs((base * rate) / 100 - t!) <= 0.011));
    const zeroConfirmed = t === 0 && s !== undefined && g !== undefined && Math.abs(s + r - g) <= tolerance;
    if (!(clear(tax) || printedTwice(t) || rateConfirms || zeroConfirmed)) settled.delete(tax);
  }
  if (tax && s !== undefined && !settled.has(tax)) {
    const summarised = taxFromSummary(lines, s);
    if (summarised !== undefined) settled.set(tax, { value: summarised, likelihood: 0.6, witnessed: true });
  }
}

/**
 * The tax of a tax summary ("Tax code | % | Amount | GST" then "SR 6 106.10 6.37", "Total: 106.10
 * 6.37"), read when the tax line itself is not taken: the subtotal followed by an amount that is
 * a whole-percent rate of it, the pair printed on two lines or more. The base, the rate and the
 * repetition are three readings that agree (dev: "Total GST 8.37", a misread 6.37 that fails the
 * sum, above a summary printing "106.10 6.37" twice).
 */
export function taxFromSummary(lines: DocumentLine[], subtotal: number): number | undefined {
  const found = new Map<number, number>();
  for (const line of lines) {
    const amounts = findAmounts(line.text).filter((amount) => amount.moneyLike);
    const base = amounts.findIndex((amount) => Math.abs(amount.value - subtotal) < 0.005);
    const tax = base >= 0 ? amounts[base + 1]?.value : undefined;
    if (tax === undefined || tax <= 0 || tax >= subtotal) continue;
    const wholeRate = Array.from({ length: 30 }, (_, index) => index + 1).some((rate) => Math.abs(Math.round(subtotal * rate) / 100 - tax) < 0.005);
    if (wholeRate) found.set(tax, (found.get(tax) ?? 0) + 1);
  }
  const repeated = [...found].filter(([, count]) => count >= 2).map(([tax]) => tax);
  return repeated.length === 1 ? repeated[0] : undefined;
}

/** Cash tendered less change given, when the receipt prints one of each: what was paid. */
function cashLessChange(lines: DocumentLine[]): number | undefined {
  const amountsAfter = (pattern: RegExp): number[] =>
    lines.flatMap((line) => {
      const normalized = normalizeText(line.text);
      if (!pattern.test(normalized)) return [];
      const last = findAmounts(line.text)
        .filter((amount) => amount.moneyLike)
        .at(-1);
      return last ? [last.value] : [];
    });
  const cash = new Set(amountsAfter(/\b(cash|tendered|tender)\b/));
  const change = new Set(amountsAfter(/\bchange\b/));
  if (cash.size !== 1 || change.size !== 1) return undefined;
  return Number(([...cash][0]! - [...change][0]!).toFixed(2));
}

/** Tax rates the document prints beside a tax word ("GST @6%", "Sales Tax (1.9%)"). */
function taxRates(lines: DocumentLine[]): number[] {
  const rates = new Set<number>();
  for (const line of lines) {
    for (const match of line.text.matchAll(/\b(?:gst|vat|tax|sst|tva)\b[^%\n]{0,16}?(\d{1,2}(?:[.,]\d{1,3})?)\s?%/gi)) {
      rates.add(Number(match[1]!.replace(',', '.')));
    }
  }
  return [...rates].filter((rate) => rate > 0 && rate < 30);
}

interface BuildContext {
  root: JsonSchema;
  assigned: Map<Leaf, Assignment>;
  tables: LocatedTable[];
  text: string;
  dayFirst: boolean;
  variant: ExtractionVariant;
}

function buildValue(node: Node, context: BuildContext): { value: unknown; likelihood: unknown } {
  if (node.kind === 'object') {
    const value: Record<string, unknown> = {};
    const likelihood: Record<string, unknown> = {};
    for (const [key, child] of node.properties) {
      const built = buildValue(child, context);
      value[key] = built.value;
      likelihood[key] = built.likelihood;
    }
    return { value, likelihood };
  }
  if (node.kind === 'array') {
    const { array } = node;
    const itemKind = schemaKind(array.items);
    const found =
      itemKind === 'object'
        ? extractTableArray(context.root, array.items, array.field, context.tables, context.dayFirst, context.variant.threshold)
        : extractScalarArray(array.items, array.field, context.tables, context.dayFirst, context.variant.threshold);
    return found ?? { value: null, likelihood: 0 };
  }
  const assignment = context.assigned.get(node.leaf);
  if (assignment) return { value: assignment.value, likelihood: assignment.likelihood };
  if (node.leaf.field.nameTokens.includes('currency') && node.leaf.spec.kind === 'string') {
    const currency = detectCurrency(context.text);
    const fitted = currency && fitValue(currency, node.leaf.spec, context.dayFirst);
    if (fitted) return { value: fitted.value, likelihood: 0.6 };
  }
  return { value: null, likelihood: 0 };
}

/** Runs one variant of the local extractor over a parsed document. */
export function extractLocally(document: ParsedDocument, schema: JsonSchema, variant: ExtractionVariant = EXTRACTION_VARIANTS[0]!): LocalExtraction {
  const root = buildNode(schema, schema, [], 0);
  const { candidates, tables } = collectCandidates(document);
  const text = document.pages.map(pagePlainText).join('\n');
  const dayFirst = inferDayFirst(text, prefersDayFirst(text));
  const leaves = collectLeaves(root, []);
  const assigned = settleRoles(leaves, assignLeaves(leaves, candidates, variant, dayFirst), document, dayFirst);
  const { value, likelihood } = buildValue(root, { root: schema, assigned, tables, text, dayFirst, variant });
  if (root.kind !== 'object') return { parsed: { value }, likelihoods: { value: likelihood } };
  return { parsed: value as Record<string, unknown>, likelihoods: likelihood as Record<string, unknown> };
}
