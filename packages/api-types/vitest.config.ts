import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The drift test runs the whole generator (two Redocly bundles + openapi-typescript): ~3 s here.
    testTimeout: 60_000,
  },
});
