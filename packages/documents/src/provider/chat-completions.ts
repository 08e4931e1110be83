import type { ErrorCode } from '@jobs-api/api-types';
import { DocumentError, isAbortError } from '../errors.js';
import type { GuardedFetch } from '../input/guarded-fetch.js';

/** Where a configured model name is served: an OpenAI-compatible chat-completions server. */
export interface ModelRoute {
  /** e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  apiKey?: string;
  /** The provider's own model name. */
  model: string;
}

/** One chat message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The parts of a chat-completions answer the engine reads. */
export interface ChatCompletionAnswer {
  content: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** Request body fields besides model and messages (`response_format`, `temperature`). */
export type ChatOptions = Record<string, unknown>;

function providerError(code: ErrorCode, message: string, status: number, details?: Record<string, unknown>): DocumentError {
  return new DocumentError(code, message, status, details);
}

/**
 * Calls `POST {baseUrl}/chat/completions`. Failures map to `DocumentError`s the job
 * runner understands: 429 → `model_provider_rate_limited` (503, retryable, with
 * `retry_after_seconds` when the provider says), 5xx → `model_provider_error` (502,
 * retryable), other 4xx → `model_provider_rejected` (422, not retryable), network
 * failures and timeouts → retryable (from the guarded fetcher), an answer without
 * content → `model_provider_invalid_response` (502, retryable).
 */
export async function createChatCompletion(
  route: ModelRoute,
  messages: ChatMessage[],
  options: ChatOptions,
  context: { fetch: GuardedFetch; signal: AbortSignal },
): Promise<ChatCompletionAnswer> {
  const url = `${route.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  let response: Response;
  try {
    response = await context.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(route.apiKey ? { authorization: `Bearer ${route.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: route.model, messages, ...options }),
      signal: context.signal,
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    if (error instanceof DocumentError) {
      // Keep the fetcher's status (timeout 504, network 502, refused 422) under provider codes.
      const code = error.retryable ? 'model_provider_unreachable' : 'model_provider_refused';
      throw providerError(code, error.message, error.status, error.details);
    }
    throw error;
  }
  const bodyText = await response.text();
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw providerError('model_provider_rate_limited', 'The model provider is rate limiting requests (HTTP 429).', 503, {
      upstream_status: 429,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retry_after_seconds: retryAfter } : {}),
    });
  }
  if (response.status >= 500) {
    throw providerError('model_provider_error', `The model provider failed (HTTP ${response.status}).`, 502, {
      upstream_status: response.status,
    });
  }
  if (!response.ok) {
    throw providerError('model_provider_rejected', `The model provider rejected the request (HTTP ${response.status}).`, 422, {
      upstream_status: response.status,
      upstream_message: bodyText.slice(0, 500),
    });
  }
  let body: { choices?: Array<{ message?: { content?: unknown } }>; usage?: Partial<ChatCompletionAnswer['usage']> };
  try {
    body = JSON.parse(bodyText) as typeof body;
  } catch {
    throw providerError('model_provider_invalid_response', 'The model provider answered with invalid JSON.', 502);
  }
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== 'string') {
    throw providerError('model_provider_invalid_response', 'The model provider answered without message content.', 502);
  }
  const prompt = body.usage?.prompt_tokens ?? 0;
  const completion = body.usage?.completion_tokens ?? 0;
  return { content, usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: body.usage?.total_tokens ?? prompt + completion } };
}

/** Parses a JSON answer (tolerating a ```json fence); malformed JSON is a retryable invalid response. */
export function parseJsonAnswer(content: string): unknown {
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  try {
    return JSON.parse(unfenced);
  } catch {
    throw providerError('model_provider_invalid_response', 'The model answered with text that is not JSON.', 502);
  }
}

/** The error for a JSON answer that parses but does not have the shape asked for. */
export function invalidAnswer(message: string, details?: Record<string, unknown>): DocumentError {
  return providerError('model_provider_invalid_response', message, 502, details);
}
