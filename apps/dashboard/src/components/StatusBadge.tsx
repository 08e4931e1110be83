import type { JobStatus } from '@jobs-api/client';

/** A status as text with a colour (the text carries the meaning; the colour only helps scanning). */
export function StatusBadge({ status }: { status: JobStatus }) {
  return <span className={`status status-${status}`}>{status}</span>;
}
