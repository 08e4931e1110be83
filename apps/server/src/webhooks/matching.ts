/**
 * Which endpoints an event goes to: the endpoint subscribes to its type (or `*`), and the job's
 * metadata holds every pair of the endpoint's metadata filter (an empty filter matches every job),
 * the same "all pairs must match" rule as the jobs list's `metadata` filter.
 */
import type { Event, WebhookEndpoint } from '@jobs-api/api-types';

export function subscribes(endpoint: Pick<WebhookEndpoint, 'enabled_events' | 'metadata'>, event: Event): boolean {
  if (!endpoint.enabled_events.includes('*') && !endpoint.enabled_events.includes(event.type)) return false;
  return Object.entries(endpoint.metadata).every(([key, value]) => event.data.metadata[key] === value);
}
