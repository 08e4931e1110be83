/**
 * What the list shows of a job's request: its file names and its model. Only the request holds
 * them, and asking for requests restores every inline document (up to the body limit each), so
 * the list asks for requests only for jobs it has not seen yet, by id, and keeps just these two
 * short strings.
 */
import type { Job } from '@jobs-api/client';

export interface RequestSummary {
  filenames: string[];
  model: string | undefined;
}

/** Every `filename` in the request (documents, document lists, nested), in order, without repeats. */
export function summarizeRequest(request: Job['request']): RequestSummary {
  const filenames = new Set<string>();
  const visit = (value: unknown, depth: number) => {
    // Requests nest documents at most a few levels deep (request.documents[i]); 6 bounds a hostile one.
    if (depth > 6 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key === 'filename' && typeof item === 'string') filenames.add(item);
      else visit(item, depth + 1);
    }
  };
  visit(request, 0);
  const model = request && typeof request.model === 'string' ? request.model : undefined;
  return { filenames: [...filenames], model };
}
