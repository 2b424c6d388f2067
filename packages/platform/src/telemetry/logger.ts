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
    opts.destination ?? logDestination(1),
  );
}

/**
 * Where a service's lines go: asynchronous (a request or a job never waits on stdout) and
 * batched, one write per 4 KiB of lines or every 100 ms, whichever comes first. One write
 * per line had been a tenth of a no-op job's CPU (issue #13). main.ts flushes on shutdown
 * and pino writes what is left when the process exits; a SIGKILL loses at most 100 ms.
 */
export function logDestination(dest: number | string): pino.DestinationStream {
  return pino.destination({ dest, sync: false, minLength: 4096, periodicFlush: 100 });
}
