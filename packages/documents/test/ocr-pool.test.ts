import { afterAll, describe, expect, it } from 'vitest';
import { createOcrPool } from '../src/parse/ocr-pool.js';
import { prepareForOcr } from '../src/parse/image.js';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { realFixture } from './helpers/fixtures.js';

async function invoicePng(): Promise<Uint8Array> {
  const image = await loadImage(Buffer.from(realFixture('invoice_sample1.png')));
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return (await prepareForOcr(canvas)).png;
}

describe('OCR pool', () => {
  const pool = createOcrPool({ poolSize: 1 });
  afterAll(() => pool.close());

  it('reads words with boxes and confidences', async () => {
    const words = await pool.recognize({ image: await invoicePng(), dpi: 300, signal: new AbortController().signal });
    const number = words.find((word) => word.text === '12398982');
    expect(number).toBeDefined();
    expect(number!.confidence).toBeGreaterThan(0.5);
    expect(number!.x1).toBeGreaterThan(number!.x0);
    expect(words.some((word) => word.text === '561')).toBe(true);
  });

  it('rejects promptly with an AbortError when cancelled mid-page, then serves the next page with a fresh worker', async () => {
    const image = await invoicePng();
    const controller = new AbortController();
    const pending = pool.recognize({ image, dpi: 300, signal: controller.signal });
    // Abort once the page is being recognised (the worker is already warm from the test above).
    setImmediate(() => controller.abort());
    // The terminated worker's own recognize() never settles, so this only resolves because
    // the pool races it against the signal.
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const words = await pool.recognize({ image, dpi: 300, signal: new AbortController().signal });
    expect(words.some((word) => word.text === '12398982')).toBe(true);
  });

  it('rejects at once when the signal has already fired, and a queued request when its signal fires', async () => {
    const aborted = AbortSignal.abort();
    await expect(pool.recognize({ image: new Uint8Array(), dpi: 300, signal: aborted })).rejects.toMatchObject({ name: 'AbortError' });
    const image = await invoicePng();
    const first = pool.recognize({ image, dpi: 300, signal: new AbortController().signal });
    const controller = new AbortController();
    const queued = pool.recognize({ image, dpi: 300, signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect((await first).length).toBeGreaterThan(10);
  });
});
