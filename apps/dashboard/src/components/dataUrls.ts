/**
 * Large `data:` URLs in requests and responses (documents, filled PDFs) are shown as a short
 * preview with their decoded size and a download link: a 10 MB document printed whole would
 * freeze the page and helps nobody.
 */

/** Longer `data:` strings are truncated; shorter ones (a small text document) are shown whole. */
export const DATA_URL_PREVIEW_CHARS = 120;

export interface DataUrlInfo {
  mimeType: string;
  base64: boolean;
  /** Decoded size in bytes. */
  bytes: number;
  /** Where the payload starts in the URL. */
  payloadOffset: number;
}

/** Reads the header of a `data:` URL; `undefined` when `value` is not one. */
export function parseDataUrl(value: string): DataUrlInfo | undefined {
  if (!value.startsWith('data:')) return undefined;
  const comma = value.indexOf(',');
  if (comma < 0 || comma > 512) return undefined;
  const header = value.slice(5, comma).split(';');
  const base64 = header.includes('base64');
  const payloadLength = value.length - comma - 1;
  const padding = base64 ? (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0) : 0;
  const bytes = base64 ? Math.floor((payloadLength * 3) / 4) - padding : payloadLength;
  return { mimeType: header[0] || 'text/plain', base64, bytes, payloadOffset: comma + 1 };
}

/** The decoded bytes as a Blob (built only when someone asks to download). */
export function dataUrlToBlob(value: string, info: DataUrlInfo): Blob {
  const payload = value.slice(info.payloadOffset);
  if (!info.base64) return new Blob([decodeURIComponent(payload)], { type: info.mimeType });
  const binary = atob(payload);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return new Blob([bytes], { type: info.mimeType });
}
