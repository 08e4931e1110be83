/**
 * Built into dist/ with base /dashboard/ (where the server mounts it); everything is bundled (no
 * CDN, works offline; scripts/check-offline.mjs fails the build otherwise).
 *
 * `npm run dashboard:dev` serves it with hot reload and forwards the API to JOBS_API_URL (default:
 * the Prism mock of `npm run mock`), so the page and the API share one origin, as in production.
 */
import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const apiTarget = process.env.JOBS_API_URL ?? `http://127.0.0.1:${process.env.MOCK_PORT ?? 4010}`;

/**
 * The Prism mock serves the spec, and /readyz is not in it: against the mock (no JOBS_API_URL),
 * the dev server answers /readyz with dev/readyz.json so the workers section has something to show.
 */
function mockReadiness(): Plugin {
  return {
    name: 'jobs-api-mock-readyz',
    apply: 'serve',
    configureServer(server) {
      if (process.env.JOBS_API_URL) return;
      server.middlewares.use('/readyz', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(readFileSync(new URL('./dev/readyz.json', import.meta.url)));
      });
    },
  };
}

export default defineConfig({
  base: '/dashboard/',
  plugins: [react(), mockReadiness()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Inline nothing as data: beyond what is tiny, and keep one chunk: the app is small (~250 KB).
    assetsInlineLimit: 4096,
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.DASHBOARD_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/v1': { target: apiTarget, changeOrigin: true },
      '/readyz': { target: apiTarget, changeOrigin: true },
    },
  },
});
