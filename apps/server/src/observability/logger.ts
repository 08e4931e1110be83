import { pino, type Logger } from 'pino';

/** JSON logs on stdout (pino). Keys and access tokens never reach a log line (see http/requestContext). */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { service: 'jobs-api', ...bindings }, redact: ['req.headers["api-key"]', 'apiKey'] });
}

export type { Logger };
