import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./globalSetup.ts'],
    // Every wait inside a test has its own deadline; these only catch a hang. Prism needs a few
    // seconds to load the spec on a busy 2-core machine, hence the longer hook timeout.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // Each file starts its own servers and child processes (Prism, Chromium): two at a time on 2 cores.
    maxWorkers: 2,
  },
});
