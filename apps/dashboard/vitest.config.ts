import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Chromium start-up, a real server and a first render take a few seconds on these 2-core machines.
    hookTimeout: 60_000,
    testTimeout: 120_000,
  },
});
