// What a failure looks like in a condition or an Event: a reason and one line that says what
// failed and what to do. The full error goes to the controller's log, never into the status
// (drivers' and Prisma's messages span many lines and name internals).
import { isUnavailableError } from '@sentinel/platform';

/** The first line of an error's message, bounded: conditions and events are read by people, drivers' errors span many lines. */
export function oneLine(err: unknown): string {
  const line =
    String((err as Error)?.message ?? err)
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** SQLSTATE of a database error, wherever the driver or Prisma put it. */
function sqlState(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } } | undefined, i = 0; e && i < 5; i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = (e.cause ?? e.meta?.driverAdapterError) as typeof e;
  }
  return undefined;
}

/** A database that cannot be used, as a condition's reason and a one-line message that says what to do; undefined for other errors. */
export function databaseFailure(err: unknown): { reason: string; message: string } | undefined {
  if (isUnavailableError(err))
    return {
      reason: 'DatabaseUnavailable',
      message: 'the database cannot be reached; retried with backoff: check that PostgreSQL is up and reachable from the controller',
    };
  if (['28P01', '28000'].includes(sqlState(err) ?? ''))
    return {
      reason: 'DatabaseAccessDenied',
      message: "the database refused the controller's login: fix the credentials in DATABASE_URL / DATABASE_PLATFORM_URL and restart the controller",
    };
  return undefined;
}
