/**
 * Word-level matching between document labels and schema fields or categories:
 * accent- and case-insensitive, with English/French synonyms folded onto one concept
 * and a one-edit tolerance for OCR slips in longer words.
 */

const STOPWORDS = new Set(
  (
    'a an the of for to in on at and or by with from is are be this that these those its it as per ' +
    'de du des la le les l d et en au aux par pour sur un une dans est avec ce cette ou'
  ).split(' '),
);

// Multi-word phrases that mean one thing, folded before tokenizing (normalized text).
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\b(billed|bill|sold|invoiced|charge) to\b/g, 'receiver'],
  [/\b(billed|bill|sold|invoiced) from\b/g, 'supplier'],
  [/\b(ship|shipped|deliver|delivered) to\b/g, 'shipto'],
  [/\b(sub ?total|total ht|montant ht|hors taxes?)\b/g, 'subtotal'],
  [/\b(grand total|total ttc|montant ttc|total due|balance due|total invoice|invoice total|net a payer)\b/g, 'total'],
  [/\b(e ?mail|courriel)\b/g, 'email'],
  [/\b(web ?site|site web|url|homepage)\b/g, 'website'],
  [/\b(unit price|unit cost|prix unitaire|price per unit|rate)\b/g, 'price'],
  [/\b(tax id|vat number|vat no|tva intracommunautaire|numero de tva)\b/g, 'vatid'],
  [/\b(p ?o|purchase order)\b/g, 'purchaseorder'],
];

// Single words mapped to a shared concept (after accent folding and lower-casing).
const SYNONYMS: Record<string, string> = {
  no: 'id',
  nr: 'id',
  num: 'id',
  number: 'id',
  numero: 'id',
  identifier: 'id',
  reference: 'id',
  ref: 'id',
  n: 'id',
  facture: 'invoice',
  bill: 'invoice',
  montant: 'amount',
  sum: 'amount',
  somme: 'amount',
  cost: 'amount',
  charges: 'amount',
  charge: 'amount',
  prix: 'price',
  tarif: 'price',
  rates: 'price',
  vat: 'tax',
  tva: 'tax',
  gst: 'tax',
  taxe: 'tax',
  taxes: 'tax',
  impot: 'tax',
  dated: 'date',
  recipient: 'receiver',
  customer: 'receiver',
  client: 'receiver',
  buyer: 'receiver',
  destinataire: 'receiver',
  acheteur: 'receiver',
  patient: 'receiver',
  consignee: 'receiver',
  vendor: 'supplier',
  seller: 'supplier',
  issuer: 'supplier',
  fournisseur: 'supplier',
  vendeur: 'supplier',
  emetteur: 'supplier',
  provider: 'supplier',
  merchant: 'supplier',
  nom: 'name',
  names: 'name',
  adresse: 'address',
  street: 'address',
  addr: 'address',
  tel: 'phone',
  telephone: 'phone',
  mobile: 'phone',
  portable: 'phone',
  fax: 'phone',
  qty: 'quantity',
  qte: 'quantity',
  quantite: 'quantity',
  hours: 'quantity',
  hrs: 'quantity',
  units: 'quantity',
  designation: 'description',
  libelle: 'description',
  item: 'description',
  items: 'description',
  service: 'description',
  services: 'description',
  product: 'description',
  article: 'description',
  details: 'description',
  desc: 'description',
  devise: 'currency',
  reservation: 'booking',
  paye: 'payslip',
  salaire: 'salary',
  bulletin: 'payslip',
  wage: 'salary',
  pay: 'salary',
  employe: 'employee',
  employer: 'employer',
  employeur: 'employer',
  total: 'total',
  totaux: 'total',
  totals: 'total',
  due: 'due',
  echeance: 'due',
};

/** Lower case, accents removed, anything but letters and digits turned into spaces. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/#/g, ' number ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Splits snake_case and camelCase names into words. */
export function splitIdentifier(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_.\-]+/g, ' ');
}

function stem(word: string): string {
  // Plurals only: "amounts" and "amount" are the same label; deeper stemming merged unrelated words.
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Concept tokens of a text: normalized, phrases and synonyms folded, stopwords dropped. */
export function conceptTokens(text: string): string[] {
  let normalized = ` ${normalizeText(text)} `;
  for (const [pattern, concept] of PHRASES) normalized = normalized.replace(pattern, ` ${concept} `);
  const tokens: string[] = [];
  for (const word of normalized.split(/\s+/)) {
    if (!word || STOPWORDS.has(word)) continue;
    tokens.push(SYNONYMS[word] ?? SYNONYMS[stem(word)] ?? stem(word));
  }
  return tokens;
}

/**
 * Words of a text without synonym folding: for scoring documents against category
 * descriptions, where "bill" must not count as "invoice" nor "details" as "description".
 */
export function plainTokens(text: string): string[] {
  return normalizeText(text)
    .split(' ')
    .filter((word) => word && !STOPWORDS.has(word))
    .map(stem);
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Token equality, tolerating one edit in words of 6+ letters (OCR: "Greator", "CHASIS"). */
export function tokensMatch(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 6 || b.length < 6 || /\d/.test(a) || /\d/.test(b)) return false;
  return editDistance(a, b, 1) <= 1;
}

/** How many tokens of `wanted` appear in `present` (fuzzy). */
export function countMatches(wanted: readonly string[], present: readonly string[]): number {
  return wanted.filter((token) => present.some((candidate) => tokensMatch(token, candidate))).length;
}

/** snake_case identifier from a label ("Invoice Number" → "invoice_number"). */
export function toSnakeCase(label: string): string {
  const snake = normalizeText(splitIdentifier(label)).replace(/\s+/g, '_').slice(0, 60).replace(/_+$/, '');
  if (!snake) return 'field';
  return /^\d/.test(snake) ? `field_${snake}` : snake;
}
