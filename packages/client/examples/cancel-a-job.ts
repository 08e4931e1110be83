import { ConflictError, createJobsClient } from '@jobs-api/client';

const client = createJobsClient({
  baseUrl: process.env.JOBS_API_URL ?? 'http://127.0.0.1:8080',
  apiKey: process.env.JOBS_API_KEY ?? '',
});

const job = await client.jobs.create({
  endpoint: '/v1/documents/parse',
  request: {
    document: { filename: 'notes.txt', url: `data:text/plain;base64,${btoa('Meeting notes')}` },
    table_parsing_format: 'markdown',
    image_resolution_dpi: 192,
  },
});

try {
  const cancelled = await client.jobs.cancel(job.id);
  console.log(`${cancelled.id}: ${cancelled.status}`);
} catch (error) {
  // A job that already completed, failed or expired cannot be cancelled (409).
  if (error instanceof ConflictError && error.code === 'job_not_cancellable') {
    console.log(`${job.id}: finished before the cancel arrived`);
  } else {
    throw error;
  }
}
