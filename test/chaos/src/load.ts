/**
 * Submitting the jobs: through both API processes in turn, a bounded number in flight, each with an
 * Idempotency-Key so a request retried after a network error can never create a second job.
 */
export interface Submitted {
  /** Job ids in submission order. */
  ids: string[];
  /** Answers that were 202 dispatch_delayed (accepted, queued behind the in-flight limit). */
  delayed: number;
}

export async function submitJobs(apiUrls: () => string[], count: number, apiKey: string, inFlight = 16): Promise<Submitted> {
  const ids = new Array<string>(count);
  let delayed = 0;
  let next = 0;
  const submitOne = async (i: number) => {
    const body = JSON.stringify({
      endpoint: '/v1/documents/parse',
      request: { document: { filename: `chaos-${i}.txt`, url: `data:text/plain;base64,${Buffer.from(`chaos job ${i}`).toString('base64')}` } },
      metadata: { chaos_index: String(i) },
    });
    for (let attempt = 1; ; attempt++) {
      const urls = apiUrls();
      const url = urls[(i + attempt) % urls.length]!;
      try {
        const res = await fetch(`${url}/v1/jobs`, {
          method: 'POST',
          headers: { 'Api-Key': apiKey, 'Content-Type': 'application/json', 'Idempotency-Key': `chaos-${i}` },
          body,
        });
        const answer = (await res.json()) as { id?: string; warnings?: { code: string }[] | null };
        if ((res.status === 200 || res.status === 202) && answer.id) {
          ids[i] = answer.id;
          if (answer.warnings?.some((w) => w.code === 'dispatch_delayed')) delayed++;
          return;
        }
        throw new Error(`create ${i}: ${res.status} ${JSON.stringify(answer)}`);
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  };
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await submitOne(next++);
    }),
  );
  return { ids, delayed };
}
