/**
 * Reading a large `POST /v1/jobs` body (or a synchronous target endpoint's: `POST /v1/documents/parse`
 * …) without holding its inline documents as text. Parsed the
 * usual way (express.json), a create with a 5 MB document holds the raw body, the body as a
 * string and the parsed data: URL (three 6.7 MB copies on the V8 heap and beside it) until the
 * garbage collector gets to them: 1,000 such creates at once peaked at 517 MiB (bench "Memory").
 *
 * This reader follows the JSON as it streams in (a small lexer: strings, escapes, nesting, the
 * current key) and decodes the value of every `url` member that is a base64 `data:` URL longer
 * than the offload threshold straight into bytes, checking the payload against the one rule
 * (canonical base64) as it goes. The body is then parsed without those payloads: each is replaced
 * by `<its data: URL header>,<token>`, a data: URL of the same type whose payload is a random
 * token, so that the spec validation and the request checks see what they would have seen (the
 * same header; `url` has no length limit). `streamedDataUrlsOf(res)` maps each token back to the
 * bytes (or to the reason they were refused); the service stores the bytes, hashes and answers
 * the request as if the payload had been there. Nothing is written while the body streams in, so
 * a rejected request stores nothing.
 *
 * Only `url` members are streamed: other fields have length limits the validator must see.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { checkDataUrlHeader } from '@jobs-api/documents/api';
import type { RequestHandler, Response } from 'express';
import type { StreamedDataUrls } from '../blobs/dataUrls.js';

export function streamedDataUrlsOf(res: Response): StreamedDataUrls | undefined {
  return res.locals.streamedDataUrls as StreamedDataUrls | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
/** Base64 alphabet (standard), as byte → 6-bit value; -1 elsewhere. */
const BASE64 = new Int8Array(256).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) BASE64[c.charCodeAt(0)] = i;

function bodyError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, type, expose: true });
}

const ONE_BYTE = Buffer.alloc(1);

/** Decodes one data: URL payload as it arrives, checking it is canonical base64. */
class PayloadDecoder {
  private readonly pieces: Buffer[] = [];
  private pending = Buffer.alloc(64 * 1024);
  private pendingLength = 0;
  private chars = 0;
  private padding = 0;
  error: string | undefined;

  /** Takes one payload character (after an escape). */
  push(byte: number): void {
    ONE_BYTE[0] = byte;
    this.pushRun(ONE_BYTE, 0, 1);
  }

  /** Takes `chunk[start, end)`, payload characters with no quote or backslash among them (the hot loop). */
  pushRun(chunk: Buffer, start: number, end: number): void {
    if (this.error) return;
    this.chars += end - start;
    for (let i = start; i < end; i++) {
      const byte = chunk[i]!;
      if (byte === 0x3d) {
        if (++this.padding > 2) this.error = 'The data: URL payload is not valid base64.';
        continue;
      }
      if (this.padding > 0 || BASE64[byte]! < 0) {
        this.error = 'The data: URL payload is not valid base64.';
        return;
      }
      this.pending[this.pendingLength++] = byte;
      if (this.pendingLength === this.pending.length) this.flush();
    }
  }

  fail(message: string): void {
    this.error ??= message;
  }

  private flush(): void {
    const usable = this.pendingLength - (this.pendingLength % 4);
    if (usable === 0) return;
    this.pieces.push(Buffer.from(this.pending.toString('latin1', 0, usable), 'base64'));
    this.pending.copy(this.pending, 0, usable, this.pendingLength);
    this.pendingLength -= usable;
  }

  finish(): { bytes?: Buffer; error?: string } {
    if (!this.error && this.chars === 0) this.error = 'The data: URL holds no data.';
    if (!this.error && this.chars % 4 !== 0) this.error = 'The data: URL payload is not valid base64.';
    if (this.error) return { error: this.error };
    // The last quantum, padding included (Buffer decodes "QQ==" alike with or without it; the length check above made it canonical).
    if (this.pendingLength > 0) this.pieces.push(Buffer.from(this.pending.toString('latin1', 0, this.pendingLength), 'base64'));
    this.pendingLength = 0;
    return { bytes: this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces) };
  }
}

/** The lexer: copies the JSON through, except the payloads it decodes. */
class StreamingBody {
  private readonly out: Buffer[] = [];
  private outBytes: number[] = [];
  private readonly stack: number[] = [];
  private expectKey = false;
  private lastKey: string | undefined;
  private inString = false;
  private escaped = false;
  private isKey = false;
  /** Raw bytes of the current string while it is short or undecided. */
  private text: number[] = [];
  private decoder: PayloadDecoder | undefined;
  private header = '';
  readonly streamed: StreamedDataUrls = new Map();
  private readonly token = randomBytes(16).toString('hex').toUpperCase();

  constructor(private readonly threshold: number) {}

  write(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      if (this.decoder && !this.escaped) {
        // Inside a payload: hand the run up to the next quote or backslash to the decoder at once.
        const quote = chunk.indexOf(QUOTE, i);
        const backslash = chunk.indexOf(BACKSLASH, i);
        const end = Math.min(quote < 0 ? chunk.length : quote, backslash < 0 ? chunk.length : backslash);
        this.decoder.pushRun(chunk, i, end);
        if (end === chunk.length) return;
        i = end;
      }
      const byte = chunk[i]!;
      if (this.inString) this.stringByte(byte);
      else this.structureByte(byte);
    }
  }

  private emit(byte: number): void {
    this.outBytes.push(byte);
    if (this.outBytes.length >= 16_384) this.flushOut();
  }

  private flushOut(): void {
    if (this.outBytes.length === 0) return;
    this.out.push(Buffer.from(this.outBytes));
    this.outBytes = [];
  }

  private structureByte(byte: number): void {
    this.emit(byte);
    switch (byte) {
      case QUOTE:
        this.inString = true;
        this.escaped = false;
        this.isKey = this.stack.at(-1) === 0x7b && this.expectKey;
        this.text = [];
        break;
      case 0x7b: // {
        this.stack.push(byte);
        this.expectKey = true;
        break;
      case 0x5b: // [
        this.stack.push(byte);
        break;
      case 0x7d: // }
      case 0x5d: // ]
        this.stack.pop();
        break;
      case COMMA:
        if (this.stack.at(-1) === 0x7b) this.expectKey = true;
        break;
      case 0x3a: // :
        this.expectKey = false;
        break;
    }
  }

  private stringByte(byte: number): void {
    if (this.decoder) return this.payloadByte(byte);
    if (this.escaped) this.escaped = false;
    else if (byte === BACKSLASH) this.escaped = true;
    else if (byte === QUOTE) return this.endString();
    this.text.push(byte);
    if (this.text.length > this.threshold && !this.isKey && this.lastKey === 'url' && this.stack.at(-1) === 0x7b) this.startPayload();
  }

  /** A `url` value past the threshold: a base64 data: URL from here on is decoded, anything else stays text. */
  private startPayload(): void {
    const comma = this.text.indexOf(COMMA);
    if (comma < 0 || comma > 1024 || String.fromCharCode(...this.text.slice(0, 5)) !== 'data:') return;
    let header: string;
    try {
      header = JSON.parse(`"${Buffer.from(this.text.slice(0, comma)).toString('utf8')}"`) as string;
      checkDataUrlHeader(header);
    } catch {
      return; // Not a data: URL the rule accepts: kept as text, and refused by the request checks as before.
    }
    this.header = header;
    this.decoder = new PayloadDecoder();
    const rest = this.text.slice(comma + 1);
    this.text = [];
    // `rest` still holds a trailing backslash, if any: replay it from a clean escape state.
    this.escaped = false;
    for (const b of rest) this.payloadByte(b);
  }

  private payloadByte(byte: number): void {
    const decoder = this.decoder!;
    if (this.escaped) {
      this.escaped = false;
      // "\/" is "/" (some encoders escape it); any other escape cannot be canonical base64.
      if (byte === 0x2f) decoder.push(byte);
      else decoder.fail('The data: URL payload is not valid base64.');
      return;
    }
    if (byte === BACKSLASH) this.escaped = true;
    else if (byte === QUOTE) this.endString();
    else decoder.push(byte);
  }

  private endString(): void {
    this.inString = false;
    if (this.decoder) {
      const result = this.decoder.finish();
      this.decoder = undefined;
      const placeholder = `${this.header},JOBS${this.token}${String(this.streamed.size).padStart(4, '0')}`;
      this.streamed.set(
        placeholder,
        result.bytes ? { header: this.header, bytes: result.bytes } : { header: this.header, error: { code: 'invalid_base64', message: result.error! } },
      );
      for (const b of Buffer.from(JSON.stringify(placeholder).slice(1))) this.emit(b);
      return;
    }
    for (const b of this.text) this.emit(b);
    this.emit(QUOTE);
    if (this.isKey) this.lastKey = JSON.parse(`"${Buffer.from(this.text).toString('utf8')}"`) as string;
    else if (this.stack.at(-1) === 0x7b) this.lastKey = undefined;
    this.text = [];
  }

  /** The body with its payloads left out, parsed. */
  end(): unknown {
    if (this.inString) throw bodyError(400, 'entity.parse.failed', 'Unexpected end of JSON input');
    this.flushOut();
    const text = Buffer.concat(this.out).toString('utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw bodyError(400, 'entity.parse.failed', (error as Error).message);
    }
  }
}

/**
 * Reads `POST /v1/jobs` bodies above `minBytes` (Content-Length) with the streaming reader; other
 * requests are left to the JSON parser that follows. Bodies over `limitBytes` are a 413, as with
 * express.json.
 */
export function streamLargeJobBodies(options: { minBytes: number; limitBytes: number; thresholdBytes: number; paths: ReadonlySet<string> }): RequestHandler {
  return (req, res, next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2]?.toLowerCase() ?? 'utf-8';
    if (
      req.method !== 'POST' ||
      !options.paths.has(req.path) ||
      !(length > options.minBytes) ||
      encoding !== 'identity' ||
      !['utf-8', 'utf8'].includes(charset) ||
      !req.is('application/json')
    ) {
      return next();
    }
    if (length > options.limitBytes) return next(bodyError(413, 'entity.too.large', 'request entity too large'));
    const reader = new StreamingBody(options.thresholdBytes);
    let received = 0;
    const stream = req as IncomingMessage;
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > options.limitBytes) {
        stream.removeAllListeners('data');
        stream.resume();
        return next(bodyError(413, 'entity.too.large', 'request entity too large'));
      }
      reader.write(chunk);
    });
    stream.once('error', next);
    stream.once('end', () => {
      if (received > options.limitBytes) return;
      try {
        req.body = reader.end();
        res.locals.streamedDataUrls = reader.streamed;
        next();
      } catch (error) {
        next(error);
      }
    });
  };
}
