import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // OCR takes 1-3 s per page on these 2-core machines and a worker needs a few seconds to
    // start; cold runs under load have taken 4x that.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Each file owns an engine (and its OCR workers); two files at a time fit the 2 cores.
    maxWorkers: 2,
  },
});
