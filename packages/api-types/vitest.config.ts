import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The drift test runs the whole generator (two Redocly bundles + openapi-typescript): ~3 s
    // alone, 10-25 s while turbo runs other workspaces' tasks on the same 2 cores.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
