import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Chromium start-up, a real server and a first render take a few seconds on these 2-core machines.
    hookTimeout: 60_000,
    testTimeout: 120_000,
    // expect.poll waits for the page: it polls the API every 2-3 s (src/live/updates.ts), and a
    // loaded machine is slower still; vitest's default of 1 s would race the page's own timer.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
