import { createJobsClient } from '@jobs-api/client';

const client = createJobsClient({
  baseUrl: process.env.JOBS_API_URL ?? 'http://127.0.0.1:8080',
  apiKey: process.env.JOBS_API_KEY ?? '',
});

// Every page is fetched as the loop reaches it (100 jobs a page here).
let count = 0;
for await (const job of client.jobs.iterate({ limit: 100, metadata: { customer: 'acme' } })) {
  count += 1;
  console.log(`${job.id}  ${job.status.padEnd(11)}  ${job.endpoint}  ${new Date(job.created_at * 1000).toISOString()}`);
}
console.log(`${count} job(s) for acme`);
