/**
 * From openapi-fetch's `{data, error, response}` to "the data, or a thrown typed error": what every
 * helper of the client does with an answer, exported for callers of the raw client too.
 */
import { errorFromResponse, JobsApiError } from './errors.js';

/** The part of an openapi-fetch result that {@link unwrap} reads. */
export interface FetchResult<T> {
  /** The parsed 2xx body. */
  data?: T;
  /** The parsed non-2xx body. */
  error?: unknown;
  /** The answer. */
  response: Response;
}

/**
 * The data of a successful openapi-fetch result; throws the typed error (a {@link JobsApiError}
 * subclass) for any other answer.
 *
 * @example
 * const template = unwrap(await client.api.GET('/v1/edit/templates/{template_id}', { params: { path: { template_id } } }));
 */
export function unwrap<T>(result: FetchResult<T>): T {
  const { data, error, response } = result;
  if (!response.ok) throw errorFromResponse(response, error);
  if (data === undefined) {
    // Every operation of the spec answers a body on 2xx; an empty one means something in between ate it.
    throw new JobsApiError({
      status: response.status,
      headers: response.headers,
      code: 'empty_response',
      message: `HTTP ${response.status} answered without a body.`,
    });
  }
  return data;
}
