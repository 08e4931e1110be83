/**
 * The HTTP peer: a bare Express 5 app answering the very JSON our server answered (captured by the
 * bench and passed as a file), with nothing else: no auth, validation, store, logging or metrics.
 * It still parses the JSON body of a POST, as any app taking JSON would. Prints its URL once
 * listening; run by the bench as a child process of its own, like our server.
 *
 * `--load-documents` also imports @jobs-api/documents, as our server does, and nothing else: that
 * import loads pdfjs-dist's legacy build, whose bundled core-js replaces the global JSON.stringify
 * on Node 20 (no native JSON.rawJSON) with a slower one; the row shows what that alone costs.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';

const answers = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as {
  create: { status: number; body: unknown };
  get: { status: number; body: unknown };
};

if (process.argv.includes('--load-documents')) {
  const nativeStringify = JSON.stringify;
  await import('@jobs-api/documents');
  console.log(`@jobs-api/documents loaded; JSON.stringify replaced: ${JSON.stringify !== nativeStringify}`);
}

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json({ limit: '32mb' }));
app.post('/v1/jobs', (_req, res) => {
  res.status(answers.create.status).json(answers.create.body);
});
app.get('/v1/jobs/:id', (_req, res) => {
  res.status(answers.get.status).json(answers.get.body);
});
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`bare express listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
