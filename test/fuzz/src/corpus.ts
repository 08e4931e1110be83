/**
 * Known-nasty inputs: what an attacker tries first. Values to plant inside otherwise sensible
 * requests, whole bodies, and documents (small files that claim to be enormous, or are encrypted,
 * corrupt or mislabelled).
 */
import { deflateSync } from 'node:zlib';

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
export const dataUrl = (mimeType: string, bytes: Uint8Array | string) => `data:${mimeType};base64,${b64(bytes)}`;

/** Objects nested `depth` levels: `{"a":{"a":…}}`. */
export const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
export const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Values to plant anywhere in a body. */
export const NASTY_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  -0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  0.1 + 0.2,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff lone',
  '\u202e\u2066RTL',
  '𝒥𝓸𝒷𝓈 🧾',
  'x'.repeat(70_000),
  '%00%ff%',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE jobs; --",
  '{"__proto__":{"polluted":true}}',
  'jobs-blob:sha256:' + '0'.repeat(64),
  'data:',
  'data:application/pdf;base64,',
  'data:text/plain;base64,!!!!',
  'https://%00/',
  'https://[::ffff:127.0.0.1]/a.pdf',
  'https://2130706433/a.pdf',
  'http://169.254.169.254/latest/meta-data',
  'file:///etc/passwd',
  [],
  [[[[[]]]]],
  {},
  { __proto__: null, constructor: { prototype: { polluted: true } } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
];

/** A PNG whose header claims 100,000 × 100,000 pixels (40 GB decoded) in ~100 bytes. */
function pngBomb(): Uint8Array {
  const crc = (bytes: Buffer) => {
    let c = ~0;
    for (const byte of bytes) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(100_000, 0);
  header.writeUInt32BE(100_000, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]);
}

/** A minimal PDF from its objects (offsets computed), with `trailerExtra` in the trailer. */
function pdf(objects: string[], trailerExtra = ''): string {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>';
/** Documents that are small on the wire and hostile inside. */
export const NASTY_DOCUMENTS: { filename: string; url: string }[] = [
  { filename: 'bomb.png', url: dataUrl('image/png', pngBomb()) },
  // A page tree whose Kids point back at itself.
  { filename: 'cyclic.pdf', url: dataUrl('application/pdf', pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>'])) },
  // A page tree claiming 10 million pages.
  {
    filename: 'many.pdf',
    url: dataUrl('application/pdf', pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 10000000 >>', PAGE])),
  },
  // A page 14,400 inches square (the largest PDF allows): rendering it at 300 dpi would be billions of pixels.
  {
    filename: 'huge-page.pdf',
    url: dataUrl(
      'application/pdf',
      pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>']),
    ),
  },
  // Encrypted (an /Encrypt dictionary with a password we do not have).
  {
    filename: 'encrypted.pdf',
    url: dataUrl(
      'application/pdf',
      pdf(
        [
          '<< /Type /Catalog /Pages 2 0 R >>',
          '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
          PAGE,
          '<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <00> /U <00> >>',
        ],
        '/Encrypt 4 0 R /ID [<01> <01>] ',
      ),
    ),
  },
  {
    filename: 'truncated.pdf',
    url: dataUrl('application/pdf', pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE]).slice(0, 120)),
  },
  { filename: 'not-a-pdf.pdf', url: dataUrl('application/pdf', 'hello, I am text') },
  { filename: 'png-labelled-pdf.pdf', url: dataUrl('application/pdf', pngBomb()) },
  { filename: 'empty.txt', url: 'data:text/plain;base64,' },
  { filename: 'bad-base64.txt', url: 'data:text/plain;base64,%%%%' },
  { filename: 'no-comma.txt', url: 'data:text/plain;base64' },
  { filename: 'params.txt', url: 'data:text/plain;charset=utf-8;name=x;base64,aGk=' },
  { filename: 'big-not-base64.txt', url: `data:text/plain;base64,${'*'.repeat(100_000)}` },
  { filename: 'deep.json', url: dataUrl('application/json', deepArray(100_000)) },
  { filename: 'deep.html', url: dataUrl('text/html', '<div>'.repeat(50_000)) },
  { filename: 'nul.txt', url: dataUrl('text/plain', 'a\u0000b\ud800') },
];

/** Whole bodies that are not what any operation takes. */
export const NASTY_BODIES: { body: string | Uint8Array; contentType?: string; contentEncoding?: string }[] = [
  { body: '' },
  { body: 'null' },
  { body: '1e400' },
  { body: '"just a string"' },
  { body: '[]' },
  { body: '[{"endpoint":"/v1/documents/parse"}]' },
  { body: '{' },
  { body: '{"endpoint":"/v1/documents/parse","request":{"document":' },
  { body: '{"a":1,}' },
  { body: '{"__proto__":{"polluted":true},"endpoint":"/v1/documents/parse"}' },
  { body: deepObject(5_000) },
  { body: deepArray(100_000) },
  { body: `{"endpoint":"/v1/documents/parse","request":${deepObject(3_600)}}` },
  { body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { body: '{"a":1}', contentType: 'text/plain' },
  { body: '{"a":1}', contentType: 'application/json; charset=utf-16' },
  { body: '{"a":1}', contentType: 'application/x-www-form-urlencoded' },
  { body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', contentType: 'multipart/form-data; boundary=x' },
  { body: 'not gzip', contentEncoding: 'gzip' },
  { body: 'not brotli', contentEncoding: 'br' },
  { body: '{}', contentEncoding: 'compress' },
];

/** Query values for any parameter. */
export const NASTY_QUERY_VALUES = [
  '0',
  '-1',
  '1e9',
  'Infinity',
  '-Infinity',
  'NaN',
  '1.5',
  '',
  '+',
  '%00',
  '%ff',
  '%',
  'a+b',
  'job_' + 'x'.repeat(300),
  '["a"]',
  '{"a":1}',
  '{"a":',
  'true',
  'desc,asc',
  '__proto__',
];
