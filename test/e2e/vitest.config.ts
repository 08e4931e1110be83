import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every wait inside the suite has its own deadline (src/http.ts); these only catch a hang.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
