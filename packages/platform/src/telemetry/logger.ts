import { pino, type Logger } from 'pino';
import { trace } from '@opentelemetry/api';

export type { Logger };

/** Keys whose values never reach a log line: at the top of a line, one level down (a body, a user) and in headers. */
const SECRETS = new Set(['password', 'passwordHash', 'newPassword', 'refreshToken', 'accessToken', 'token', 'authorization']);
const CENSOR = '[redacted]';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** A shallow copy that keeps the prototype and the non-enumerable properties (an Error's message and stack). */
const copyOf = <T extends object>(v: T): T => Object.create(Object.getPrototypeOf(v) as object | null, Object.getOwnPropertyDescriptors(v)) as T;

/**
 * Replaces the secrets in one level of `obj`, copying it only when one is found (the caller's
 * object is never changed). `depth` 0 is the line itself, whose object values are walked one
 * level down; `headers` objects also lose their cookie, a request's headers included.
 */
function redactLevel(obj: Record<string, unknown>, depth: number, parent?: string): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    let next = value;
    if (SECRETS.has(key) || (parent === 'headers' && key === 'cookie')) next = CENSOR;
    else if (isObject(value) && (depth === 0 || (parent === 'req' && key === 'headers'))) next = redactLevel(value, depth + 1, key);
    if (next !== value) (out ??= copyOf(obj))[key] = next;
  }
  return out ?? obj;
}

/**
 * Every line and every child logger's fields pass through this. It does what pino's path
 * redaction did with the paths `password`, `*.password` (and the other secrets), and
 * `req.headers.cookie`, `headers.cookie`, at a tenth of its cost: pino's took 3.5 µs a line,
 * more than the rest of the line (issue #13, docs/benchmarks.md).
 */
export function redactLine(obj: Record<string, unknown>): Record<string, unknown> {
  return redactLevel(obj, 0);
}

/**
 * JSON logger. Every line carries the active trace id when a span is recording;
 * request and tenant ids are added by child loggers at the edge.
 */
export function createLogger(opts: { level: string; service: string; destination?: pino.DestinationStream }): Logger {
  const logger = pino(
    {
      level: opts.level,
      base: { service: opts.service },
      formatters: { log: redactLine },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const ctx = trace.getActiveSpan()?.spanContext();
        return ctx && ctx.traceId !== '00000000000000000000000000000000' ? { traceId: ctx.traceId, spanId: ctx.spanId } : {};
      },
    },
    opts.destination ?? logDestination(1),
  );
  // pino passes a child's fields through no formatter: they are redacted here, once per child.
  // Children are made from their parent's prototype chain, so theirs go through this too.
  type Child = (this: unknown, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;
  const pinoChild = logger.child as unknown as Child;
  const child: Child = function (bindings, options) {
    return pinoChild.call(this, redactLine(bindings), options);
  };
  logger.child = child as unknown as Logger['child'];
  return logger;
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
