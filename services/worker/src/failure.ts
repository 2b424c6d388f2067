// What a failed job's row says. A tenant admin reads it (GET /api/v1/jobs/{id}): a
// stable catalog code and a human sentence, never an exception's own text, which may
// carry SQL, Prisma invocations or hostnames. The whole error goes to the worker's log
// line for the job, with its job id and trace id, where operators look it up.
import { AppError, JobFailure, isUnavailableError, type ErrorCode } from '@sentinel/platform';

export interface PublicFailure {
  code: ErrorCode;
  reason: string;
  /** True when the error's own text is internal and went to the log only. */
  internal: boolean;
}

export function publicFailure(err: unknown, o: { final: boolean; traceId?: string | undefined }): PublicFailure {
  if (err instanceof JobFailure) return { code: err.code, reason: err.message, internal: false };
  // Domain errors: as the HTTP edge would show them (no detail on a 5xx).
  if (err instanceof AppError) return { code: err.code, reason: err.status < 500 ? err.message : err.title, internal: err.status >= 500 };
  const next = o.final ? 'The job has stopped.' : 'It will be retried.';
  if (isUnavailableError(err))
    return { code: 'SENTINEL_UNAVAILABLE', reason: `The database was unavailable or busy while the job ran. ${next}`, internal: true };
  const where = o.traceId ? `this job's id and trace id ${o.traceId}` : "this job's id";
  return {
    code: 'SENTINEL_INTERNAL',
    reason: `An internal error stopped this attempt. ${next} Operators find the details in the worker log under ${where}.`,
    internal: true,
  };
}

/** The log's view of an error: everything an operator needs, nothing redacted away. */
export function errorForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; meta?: unknown; cause?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.meta !== undefined ? { meta: e.meta } : {}),
    ...(e.cause instanceof Error ? { cause: { name: e.cause.name, message: e.cause.message } } : {}),
    stack: e.stack,
  };
}
