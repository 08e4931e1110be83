import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The run has its own deadline (CHAOS_DEADLINE_MS, printed on failure); these only catch a hang.
    testTimeout: 8 * 60_000,
    hookTimeout: 60_000,
  },
});
