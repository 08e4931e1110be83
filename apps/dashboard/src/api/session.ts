/**
 * The signed-in API key. It lives in `sessionStorage` only: gone when the tab closes, never in a
 * URL (shared views carry filters, not keys) and never in a cookie (the API reads keys from the
 * `Api-Key` header, so a cookie would only add a way to leak it).
 */
const STORAGE_KEY = 'jobs-api-dashboard:api-key';

export function readStoredApiKey(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function storeApiKey(apiKey: string): void {
  sessionStorage.setItem(STORAGE_KEY, apiKey);
}

export function forgetApiKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
