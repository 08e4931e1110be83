/**
 * Decompressed size of a PDF's Flate streams, measured before pdfjs reads them. pdfjs inflates a
 * content stream whole when it reads the page: a 200 MB stream (200 KB on the wire) took the process
 * past its heap. Here each stream is inflated into a bounded buffer and thrown away; the first
 * one over the limit refuses the document. Streams cannot live inside object streams, so every
 * stream's dictionary is in the file's plain bytes.
 */
import { constants, inflateSync } from 'node:zlib';
import { documentLimits, limitExceeded } from './index.js';

const STREAM = Buffer.from('stream');
const END_STREAM = Buffer.from('endstream');
// How far back from `stream` to look for its dictionary's filter.
const DICTIONARY_WINDOW = 1024;

/** Throws `document_too_large` when a Flate stream of the PDF inflates past the limit. */
export function checkPdfStreams(bytes: Uint8Array): void {
  const max = documentLimits().maxDecompressedBytes;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = buffer.indexOf(STREAM);
  while (at !== -1) {
    const isKeyword = buffer[at - 1] !== 0x64; // not the tail of "endstream"
    // The keyword ends with CRLF or LF; the data starts after it.
    let start = at + STREAM.length;
    if (buffer[start] === 0x0d) start += 1;
    if (isKeyword && buffer[start] === 0x0a) {
      start += 1;
      const end = buffer.indexOf(END_STREAM, start);
      if (end === -1) return;
      const dictionary = buffer.toString('latin1', Math.max(0, at - DICTIONARY_WINDOW), at);
      const ownDictionary = dictionary.slice(dictionary.lastIndexOf('obj') + 1);
      if (ownDictionary.includes('/FlateDecode') || ownDictionary.includes('/Fl ') || ownDictionary.includes('/Fl/')) {
        checkInflatedSize(buffer.subarray(start, end), max);
      }
      at = buffer.indexOf(STREAM, end + END_STREAM.length);
    } else {
      at = buffer.indexOf(STREAM, at + STREAM.length);
    }
  }
}

function checkInflatedSize(compressed: Buffer, max: number): void {
  try {
    // Sync flush: a stream cut short (or followed by an EOL before `endstream`) still counts what it holds.
    inflateSync(compressed, { maxOutputLength: max, finishFlush: constants.Z_SYNC_FLUSH });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw limitExceeded('document_too_large', 'maxDecompressedBytes', `A stream of the PDF decompresses to more than ${max} bytes, the limit.`, max + 1);
    }
    // Corrupt or encrypted data: pdfjs decides what it makes of it.
  }
}
