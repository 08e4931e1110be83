/**
 * Image dimensions read from the header alone, without decoding a pixel: PNG IHDR, JPEG SOFn,
 * WEBP (VP8, VP8L, VP8X) and every TIFF IFD. A 74-byte PNG may claim 100,000 × 100,000 px; the
 * decoder would try to allocate 40 GB (and the canvas library aborts the process), so the claim
 * is checked first.
 */
import { unprocessableDocument } from '../errors.js';
import { MIME } from '../input/mime.js';
import { documentLimits, limitExceeded } from './index.js';

export interface ImageSize {
  width: number;
  height: number;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function pngSize(bytes: Uint8Array): ImageSize[] | undefined {
  // Signature (8) + IHDR length (4) + "IHDR" (4), then width and height, big-endian.
  if (bytes.length < 24) return undefined;
  const data = view(bytes);
  return [{ width: data.getUint32(16), height: data.getUint32(20) }];
}

function jpegSize(bytes: Uint8Array): ImageSize[] | undefined {
  const data = view(bytes);
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM, RSTn, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    const length = data.getUint16(offset + 2);
    // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return [{ height: data.getUint16(offset + 5), width: data.getUint16(offset + 7) }];
    }
    offset += 2 + length;
  }
  return undefined;
}

function webpSize(bytes: Uint8Array): ImageSize[] | undefined {
  if (bytes.length < 30) return undefined;
  const data = view(bytes);
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8 ') return [{ width: data.getUint16(26, true) & 0x3fff, height: data.getUint16(28, true) & 0x3fff }];
  if (chunk === 'VP8L') {
    const bits = data.getUint32(21, true);
    return [{ width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }];
  }
  if (chunk === 'VP8X') {
    const width = 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16));
    const height = 1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16));
    return [{ width, height }];
  }
  return undefined;
}

// Enough for any real multi-page scan; a longer (or cyclic) IFD chain is refused as corrupt.
const MAX_TIFF_FRAMES = 10_000;

function tiffSizes(bytes: Uint8Array): ImageSize[] | undefined {
  if (bytes.length < 8) return undefined;
  const little = bytes[0] === 0x49;
  const data = view(bytes);
  const u16 = (at: number) => data.getUint16(at, little);
  const u32 = (at: number) => data.getUint32(at, little);
  const sizes: ImageSize[] = [];
  const seen = new Set<number>();
  let ifd = u32(4);
  while (ifd !== 0) {
    if (seen.has(ifd) || ifd + 2 > bytes.length || sizes.length >= MAX_TIFF_FRAMES) return undefined;
    seen.add(ifd);
    const count = u16(ifd);
    if (ifd + 2 + count * 12 + 4 > bytes.length) return undefined;
    let width = 0;
    let height = 0;
    for (let i = 0; i < count; i += 1) {
      const entry = ifd + 2 + i * 12;
      const tag = u16(entry);
      if (tag !== 256 && tag !== 257) continue;
      // Type 3 is SHORT (in the first two bytes of the value field), 4 is LONG.
      const value = u16(entry + 2) === 3 ? u16(entry + 8) : u32(entry + 8);
      if (tag === 256) width = value;
      else height = value;
    }
    sizes.push({ width, height });
    ifd = u32(ifd + 2 + count * 12);
  }
  return sizes;
}

/** The size of each frame the image header declares, or undefined when the header cannot be read. */
export function imageSizes(bytes: Uint8Array, mimeType: string): ImageSize[] | undefined {
  try {
    switch (mimeType) {
      case MIME.png:
        return pngSize(bytes);
      case MIME.jpeg:
        return jpegSize(bytes);
      case MIME.webp:
        return webpSize(bytes);
      case MIME.tiff:
        return tiffSizes(bytes);
      default:
        return undefined;
    }
  } catch {
    // A DataView read past the end: a truncated header.
    return undefined;
  }
}

/**
 * Refuses an image whose header claims more pixels (per frame) or more frames than the limits
 * allow, or whose header cannot be read, before any decoder sees it.
 */
export function checkImageHeader(bytes: Uint8Array, mimeType: string): ImageSize[] {
  const sizes = imageSizes(bytes, mimeType);
  if (!sizes || sizes.length === 0) throw unprocessableDocument('corrupt_document', `The ${mimeType} image header could not be read.`);
  const limits = documentLimits();
  if (sizes.length > limits.maxPdfPages) {
    throw limitExceeded('too_many_pages', 'maxPdfPages', `The image holds ${sizes.length} frames; the limit is ${limits.maxPdfPages}.`, sizes.length);
  }
  for (const { width, height } of sizes) {
    const pixels = width * height;
    if (pixels > limits.maxImagePixels) {
      throw limitExceeded(
        'document_too_large',
        'maxImagePixels',
        `The image is ${width} × ${height} px (${pixels} pixels); the limit is ${limits.maxImagePixels} pixels.`,
        pixels,
      );
    }
  }
  return sizes;
}
