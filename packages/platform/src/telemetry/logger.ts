import { pino, type Logger } from 'pino';
import { trace } from '@opentelemetry/api';

export type { Logger };

/** Paths never written to logs, whatever object they sit in. */
const REDACT = [
  'password',
  'passwordHash',
  'newPassword',
  'refreshToken',
  'accessToken',
  'token',
  'authorization',
  '*.password',
  '*.passwordHash',
  '*.newPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

/**
 * JSON logger. Every line carries the active trace id when a span is recording;
 * request and tenant ids are added by child loggers at the edge.
 */
export function createLogger(opts: { level: string; service: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      base: { service: opts.service },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const ctx = trace.getActiveSpan()?.spanContext();
        return ctx && ctx.traceId !== '00000000000000000000000000000000' ? { traceId: ctx.traceId, spanId: ctx.spanId } : {};
      },
    },
    // Asynchronous writes: a request never waits on stdout. main.ts flushes on shutdown.
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
