/** How times, durations and sizes read on the page. Job timestamps are Unix seconds (see the spec's Job). */
import type { Job } from '@jobs-api/client';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A Unix-seconds timestamp as local date and time; `—` for null. */
export function formatTimestamp(seconds: number | null | undefined): string {
  return seconds == null ? '—' : dateTime.format(new Date(seconds * 1000));
}

/** The machine-readable form for `<time dateTime>`. */
export function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** `1 h 2 min`, `3 min 4 s`, `5 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** How long the job has run: start to finish, or start to now while it runs; `—` before it starts. */
export function jobDuration(job: Pick<Job, 'started_at' | 'completed_at'>, nowSeconds: number): string {
  if (job.started_at == null) return '—';
  return formatDuration((job.completed_at ?? nowSeconds) - job.started_at);
}

/** `512 B`, `1.5 KiB`, `2.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
