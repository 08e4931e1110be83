/** MIME types the parser reads, by family. */
export const MIME = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  tiff: 'image/tiff',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  text: 'text/plain',
  markdown: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  textXml: 'text/xml',
} as const;

/** Every MIME type `parse` (and so extract, classify, split, schema generation) reads. */
export const DOCUMENT_MIME_TYPES: readonly string[] = Object.freeze(Object.values(MIME));

const IMAGE_TYPES = new Set<string>([MIME.png, MIME.jpeg, MIME.webp, MIME.tiff]);
const TEXT_TYPES = new Set<string>([MIME.html, MIME.text, MIME.markdown, MIME.csv, MIME.json, MIME.xml, MIME.textXml]);

/** True for image types that go through OCR. */
export function isImageMimeType(mimeType: string): boolean {
  return IMAGE_TYPES.has(mimeType);
}

/** True for types whose bytes are UTF-8 text. */
export function isTextMimeType(mimeType: string): boolean {
  return TEXT_TYPES.has(mimeType);
}

const ENDPOINT_MIME_TYPES: Record<string, readonly string[]> = {
  '/v1/documents/parse': DOCUMENT_MIME_TYPES,
  '/v1/documents/extract': DOCUMENT_MIME_TYPES,
  '/v1/documents/classify': DOCUMENT_MIME_TYPES,
  '/v1/documents/split': DOCUMENT_MIME_TYPES,
  '/v1/schemas/generate': DOCUMENT_MIME_TYPES,
  '/v1/evals/extract/extract': DOCUMENT_MIME_TYPES,
  '/v1/evals/extract/split': DOCUMENT_MIME_TYPES,
  // Form filling writes into the PDF itself, so only PDFs make sense there.
  '/v1/edit/agent/fill': [MIME.pdf],
  '/v1/edit/templates/generate': [MIME.pdf],
};

/**
 * MIME types a target endpoint accepts for its `document(s)`, or undefined for an
 * endpoint that takes no document. The server checks data URLs against this at job create.
 */
export function acceptedMimeTypes(endpoint: string): readonly string[] | undefined {
  return ENDPOINT_MIME_TYPES[endpoint];
}

/** Lower-cases a MIME type and drops parameters (`text/plain; charset=utf-8` → `text/plain`). */
export function normalizeMimeType(mimeType: string): string {
  const bare = (mimeType.split(';')[0] ?? '').trim().toLowerCase();
  // Common aliases seen in the wild, folded onto the names we list.
  if (bare === 'image/jpg' || bare === 'image/pjpeg') return MIME.jpeg;
  if (bare === 'image/tif') return MIME.tiff;
  if (bare === 'text/x-markdown') return MIME.markdown;
  if (bare === 'application/x-pdf') return MIME.pdf;
  return bare;
}

const EXTENSION_MIME_TYPES: Record<string, string> = {
  pdf: MIME.pdf,
  png: MIME.png,
  jpg: MIME.jpeg,
  jpeg: MIME.jpeg,
  webp: MIME.webp,
  tif: MIME.tiff,
  tiff: MIME.tiff,
  docx: MIME.docx,
  html: MIME.html,
  htm: MIME.html,
  txt: MIME.text,
  md: MIME.markdown,
  markdown: MIME.markdown,
  csv: MIME.csv,
  json: MIME.json,
  xml: MIME.xml,
};

/** The MIME type a filename's extension suggests, if any. */
export function mimeTypeFromFilename(filename: string): string | undefined {
  const dot = filename.lastIndexOf('.');
  if (dot < 0) return undefined;
  return EXTENSION_MIME_TYPES[filename.slice(dot + 1).toLowerCase()];
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, 'latin1');
}

/**
 * The MIME type the bytes themselves show, from magic numbers; for text, a guess
 * from the first characters. Undefined when the bytes are binary and unknown.
 */
export function sniffMimeType(bytes: Uint8Array): string | undefined {
  // PDF headers may follow a little junk; the spec allows the header within the first 1024 bytes.
  if (containsAscii(bytes.subarray(0, 1024), '%PDF-')) return MIME.pdf;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return MIME.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return MIME.jpeg;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return MIME.webp;
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return MIME.tiff;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // A DOCX is a zip whose entries live under word/; names are stored uncompressed.
    return containsAscii(bytes, 'word/') ? MIME.docx : 'application/zip';
  }
  return sniffText(bytes);
}

function sniffText(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return undefined;
  let text: string;
  try {
    // stream: true keeps a multi-byte character cut at the 4096 boundary from counting as invalid.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return undefined;
  }
  const start = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 512)
    .toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /<(head|body|table|div|p)[\s>]/.test(start)) {
    return MIME.html;
  }
  if (start.startsWith('<?xml') || start.startsWith('<')) return MIME.xml;
  if (start.startsWith('{') || start.startsWith('[')) return MIME.json;
  return MIME.text;
}

/**
 * Whether bytes sniffed as `sniffed` may be sent as `declared`. Binary formats must
 * match exactly; text may be declared as any text type (a CSV is plain text to a sniffer),
 * and XHTML may be declared as XML or the other way round.
 */
export function isConsistentMimeType(declared: string, sniffed: string | undefined): boolean {
  if (sniffed === undefined) return false;
  if (declared === sniffed) return true;
  return isTextMimeType(declared) && isTextMimeType(sniffed);
}
