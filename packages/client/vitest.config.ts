import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The integration, mock, README and outside-the-workspace files start servers and child
    // processes; their own deadlines are tighter than this, which only catches a hang.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Fake timers are per test; make sure one test's clock can never leak into the next.
    restoreMocks: true,
    unstubGlobals: true,
  },
});
