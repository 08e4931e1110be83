/**
 * Hostile documents, built in the test (never committed): each is small on the wire and claims or
 * unpacks to far more than a server can afford. Compression runs on zlib's thread pool in 1 MB
 * chunks, so building a 300 MB bomb takes a second and a few MB of the test's memory.
 */
import { constants, crc32, createDeflate, createDeflateRaw, deflateRawSync, deflateSync } from 'node:zlib';

export interface HostileDocument {
  name: string;
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

/** Deflates `total` bytes made of `chunk` repeated, never holding more than one chunk. */
async function deflateRepeated(chunk: Buffer, total: number, raw = false): Promise<Buffer> {
  const stream = raw ? createDeflateRaw({ level: constants.Z_BEST_COMPRESSION }) : createDeflate({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  stream.on('data', (d: Buffer) => out.push(d));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  for (let written = 0; written < total; written += chunk.length) {
    const piece = written + chunk.length > total ? chunk.subarray(0, total - written) : chunk;
    if (!stream.write(piece)) await new Promise((r) => stream.once('drain', r));
  }
  stream.end();
  await done;
  return Buffer.concat(out);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0);
  return Buffer.concat([head, data, crc]);
}

function png(width: number, height: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A 74-byte PNG whose header claims 100,000 × 100,000 px. */
export function pngClaimingHugeSize(): HostileDocument {
  const bytes = png(100_000, 100_000, deflateSync(Buffer.alloc(1)));
  return { name: 'PNG header claiming 100,000 × 100,000 px', filename: 'huge-claim.png', mimeType: 'image/png', bytes };
}

/** A real 20,000 × 20,000 grayscale PNG (all black; ~400 KB compressed). */
export async function pngOf20000Squared(): Promise<HostileDocument> {
  const side = 20_000;
  const row = Buffer.alloc(side + 1); // filter byte 0, then black pixels
  const bytes = png(side, side, await deflateRepeated(Buffer.concat(Array.from({ length: 50 }, () => row)), (side + 1) * side));
  return { name: '20,000 × 20,000 PNG', filename: 'huge.png', mimeType: 'image/png', bytes };
}

/** A TIFF whose only IFD claims 60,000 × 60,000 px (no pixel data at all). */
export function tiffClaimingHugeSize(): HostileDocument {
  const entries: Array<[tag: number, type: number, value: number]> = [
    [256, 4, 60_000], // ImageWidth
    [257, 4, 60_000], // ImageLength
    [258, 3, 8], // BitsPerSample
    [259, 3, 1], // Compression: none
    [262, 3, 1], // Photometric: black is zero
    [273, 4, 8], // StripOffsets
    [277, 3, 1], // SamplesPerPixel
    [278, 4, 60_000], // RowsPerStrip
    [279, 4, 3_600_000_000], // StripByteCounts
  ];
  const ifdOffset = 8 + 4; // header + 4 bytes of "pixels"
  const bytes = Buffer.alloc(ifdOffset + 2 + entries.length * 12 + 4);
  bytes.write('II', 0, 'latin1');
  bytes.writeUInt16LE(42, 2);
  bytes.writeUInt32LE(ifdOffset, 4);
  bytes.writeUInt16LE(entries.length, ifdOffset);
  entries.forEach(([tag, type, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    bytes.writeUInt16LE(tag, at);
    bytes.writeUInt16LE(type, at + 2);
    bytes.writeUInt32LE(1, at + 4);
    if (type === 3) bytes.writeUInt16LE(value, at + 8);
    else bytes.writeUInt32LE(value, at + 8);
  });
  return { name: 'TIFF header claiming 60,000 × 60,000 px', filename: 'huge-claim.tiff', mimeType: 'image/tiff', bytes };
}

/** A PDF from its objects (1-based, in order), with a correct xref table. */
function pdf(objects: Array<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const piece = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'),
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(piece);
    offset += piece.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** A one-page PDF whose content stream inflates to 200 MB. */
export async function pdfWithHugeStream(): Promise<HostileDocument> {
  const content = await deflateRepeated(Buffer.alloc(1024 * 1024, ' '), 200 * 1024 * 1024);
  const stream = Buffer.concat([
    Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
    content,
    Buffer.from('\nendstream', 'latin1'),
  ]);
  const bytes = pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    stream,
  ]);
  return { name: 'PDF with a 200 MB Flate content stream', filename: 'stream-bomb.pdf', mimeType: 'application/pdf', bytes };
}

/** A PDF of 10,000 blank pages. */
export function pdfOfBlankPages(count = 10_000): HostileDocument {
  const kids = Array.from({ length: count }, (_, i) => `${i + 3} 0 R`).join(' ');
  const pages = Array.from({ length: count }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>');
  const bytes = pdf(['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`, ...pages]);
  return { name: `PDF of ${count.toLocaleString('en')} blank pages`, filename: 'blank-pages.pdf', mimeType: 'application/pdf', bytes };
}

interface ZipEntry {
  name: string;
  /** Deflated data. */
  data: Buffer;
  crc: number;
  size: number;
}

/** A ZIP archive of deflated entries, sizes declared truthfully. */
function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function smallEntry(name: string, text: string): ZipEntry {
  const bytes = Buffer.from(text, 'utf8');
  return { name, data: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
}

/** A DOCX (1 MB on the wire) whose word/document.xml unzips to 300 MB. */
export async function docxBomb(): Promise<HostileDocument> {
  const size = 300 * 1024 * 1024;
  const head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>';
  const filler = Buffer.alloc(1024 * 1024, 'A');
  // The CRC of the whole part, computed chunk by chunk as it would be inflated.
  let crc = crc32(head);
  const body = size - head.length;
  for (let done = 0; done < body; done += filler.length) crc = crc32(filler.subarray(0, Math.min(filler.length, body - done)), crc);
  const stream = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  stream.on('data', (d: Buffer) => out.push(d));
  const ended = new Promise((r) => stream.on('end', r));
  stream.write(head);
  for (let done = 0; done < body; done += filler.length) {
    if (!stream.write(filler.subarray(0, Math.min(filler.length, body - done)))) await new Promise((r) => stream.once('drain', r));
  }
  stream.end();
  await ended;
  const document: ZipEntry = { name: 'word/document.xml', data: Buffer.concat(out), crc, size };
  const bytes = zip([
    smallEntry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    smallEntry(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    document,
  ]);
  return {
    name: 'DOCX whose document.xml unzips to 300 MB',
    filename: 'bomb.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes,
  };
}

/** A 20 MB text file on one line. */
export function oneLineText(): HostileDocument {
  return { name: '20 MB text file on one line', filename: 'one-line.txt', mimeType: 'text/plain', bytes: Buffer.alloc(20 * 1024 * 1024, 'a') };
}

/** Every hostile document, in the order of the table they come from. */
export async function hostileDocuments(): Promise<HostileDocument[]> {
  return [
    pngClaimingHugeSize(),
    await pdfWithHugeStream(),
    pdfOfBlankPages(),
    await docxBomb(),
    await pngOf20000Squared(),
    tiffClaimingHugeSize(),
    oneLineText(),
  ];
}
