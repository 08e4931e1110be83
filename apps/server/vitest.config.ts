import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: deadlines here are not speed targets, and CI runs other suites on the same 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file starts its own servers on ephemeral ports with its own DATA_DIR; two at a time on 2 cores.
    maxWorkers: 2,
  },
});
