import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Prism needs ~2-4 s to load the bundled spec on these 2-core machines; the helper has its own
    // 60 s deadline, this only has to be longer.
    hookTimeout: 90_000,
    testTimeout: 15_000,
  },
});
