import { createJobsClient, unwrap } from '@jobs-api/client';

const client = createJobsClient({
  baseUrl: process.env.JOBS_API_URL ?? 'http://127.0.0.1:8080',
  apiKey: process.env.JOBS_API_KEY ?? '',
});

// `client.api` is openapi-fetch typed by the spec: every operation, with the client's key,
// retries and timeouts. It answers { data, error, response }; `unwrap` throws the typed error instead.
const { data, error, response } = await client.api.GET('/v1/jobs', { params: { query: { limit: 1 } } });
if (error) console.log(`listing failed: ${response.status} ${error.error.code}`);
else console.log(`latest job: ${data.data[0]?.id ?? 'none yet'}`);

// The synchronous parse route answers at once, without a job.
const parsed = unwrap(
  await client.api.POST('/v1/documents/parse', {
    body: {
      document: { filename: 'hello.txt', url: `data:text/plain;base64,${btoa('Hello, parser')}` },
      table_parsing_format: 'markdown',
      image_resolution_dpi: 192,
    },
  }),
);
console.log(`parsed synchronously: ${parsed.text}`);
