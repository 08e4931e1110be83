import { createJobsClient } from '@jobs-api/client';

const client = createJobsClient({
  baseUrl: process.env.JOBS_API_URL ?? 'http://127.0.0.1:8080',
  apiKey: process.env.JOBS_API_KEY ?? '',
});

// Documents travel as data: URLs (or https:// URLs the server fetches).
const text = 'Invoice number: 12398982\nTotal: 561';
const job = await client.jobs.create({
  endpoint: '/v1/documents/parse',
  request: {
    document: { filename: 'invoice.txt', url: `data:text/plain;base64,${btoa(text)}` },
    table_parsing_format: 'markdown',
    image_resolution_dpi: 192,
  },
  metadata: { customer: 'acme' },
});
console.log(`created ${job.id} (${job.status})`);

// Polls without payloads, then fetches the finished job with its response.
const done = await client.jobs.waitForCompletion(job, { timeoutMs: 60_000 });
if (done.status === 'completed') {
  // Typed as the parse endpoint's answer: { document, usage, pages, text }.
  console.log(`completed: ${done.response?.body.usage.page_count} page(s)`);
  console.log(done.response?.body.text);
} else {
  console.log(`${done.status}: ${done.error?.code} ${done.error?.message}`);
}
