import { createJobsClient, JobsApiError, NotFoundError, RateLimitError, UnprocessableEntityError } from '@jobs-api/client';

const client = createJobsClient({
  baseUrl: process.env.JOBS_API_URL ?? 'http://127.0.0.1:8080',
  apiKey: process.env.JOBS_API_KEY ?? '',
});

try {
  await client.jobs.retrieve('job_doesNotExist_00000000');
} catch (error) {
  if (error instanceof NotFoundError) {
    console.log(`no such job (request id ${error.requestId})`);
  } else if (error instanceof RateLimitError) {
    console.log(`rate limited even after retries; try again in ${error.retryAfterMs} ms`);
  } else if (error instanceof JobsApiError) {
    // Every error the client throws: status (undefined without an answer), code, message, details, requestId.
    console.log(`${error.status ?? 'no answer'} ${error.code}: ${error.message}`);
  } else {
    throw error;
  }
}

// A request the server rejects as a whole is a 422: the job is never created.
try {
  await client.jobs.create({
    endpoint: '/v1/documents/parse',
    request: {
      document: { filename: 'notes.txt', url: `data:text/plain;base64,${btoa('Hello')}` },
      model: 'no-such-model',
      table_parsing_format: 'markdown',
      image_resolution_dpi: 192,
    },
  });
} catch (error) {
  if (!(error instanceof UnprocessableEntityError)) throw error;
  console.log(`rejected: ${error.code} (${error.message})`);
}
