/**
 * ZIP (DOCX) parts' declared sizes, read from the central directory before anything is inflated.
 * A 1 MB DOCX whose document.xml unzips to 300 MB took 4.3 GB of memory in the converter.
 * A part that lies about its size is caught by the sandbox's memory cap instead.
 */
import { documentLimits, limitExceeded } from './index.js';
import { unprocessableDocument } from '../errors.js';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
// More parts than any real DOCX holds (a large one has a few hundred).
const MAX_ENTRIES = 10_000;

/** Throws `document_too_large` when a part (or all parts together) declares more than the limit. */
export function checkZipSizes(bytes: Uint8Array): void {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const max = documentLimits().maxDecompressedBytes;
  // The end record is the last 22 bytes plus a comment of up to 64 KB.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at -= 1) {
    if (data.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end === -1) throw unprocessableDocument('corrupt_document', 'The DOCX file is not a readable ZIP archive.');
  const entries = data.getUint16(end + 10, true);
  let at = data.getUint32(end + 16, true);
  if (entries > MAX_ENTRIES || entries === 0xffff || at === 0xffffffff) {
    throw limitExceeded('document_too_large', 'maxDecompressedBytes', 'The DOCX archive holds too many parts.', entries);
  }
  let total = 0;
  for (let i = 0; i < entries; i += 1) {
    if (at + 46 > bytes.length || data.getUint32(at, true) !== CENTRAL_FILE_HEADER) {
      throw unprocessableDocument('corrupt_document', 'The DOCX archive directory is damaged.');
    }
    // 0xFFFFFFFF means "see the ZIP64 record": more than 4 GB, over any limit we would set.
    const size = data.getUint32(at + 24, true);
    total += size;
    if (size > max || total > max * 4) {
      throw limitExceeded('document_too_large', 'maxDecompressedBytes', `A part of the DOCX decompresses to ${size} bytes; the limit is ${max}.`, size);
    }
    at += 46 + data.getUint16(at + 28, true) + data.getUint16(at + 30, true) + data.getUint16(at + 32, true);
  }
}
