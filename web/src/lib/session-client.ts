// Browser side of the session routes (app/session/*): JSON in, a problem out on failure.
import { isProblem, type Problem } from './problem';

export type Outcome = { ok: true; body?: unknown } | { ok: false; problem: Problem; retryAfterS?: number };

export type SessionPath = '/session/login' | '/session/accept-invite' | '/session/logout' | '/session/mfa/verify' | '/session/mfa/enrolment';

/** Posts to a session route; a JSON answer (a sign-in that needs a code, an enrolment, recovery codes) comes back as `body`. */
export async function postSession(path: SessionPath, body?: unknown): Promise<Outcome> {
  let r: Response;
  try {
    r = await fetch(path, {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    return {
      ok: false,
      problem: { type: 'about:blank', title: 'Sentinel could not be reached; check your connection and try again', status: 0, code: 'SENTINEL_UNAVAILABLE' },
    };
  }
  if (r.ok) return r.status === 204 ? { ok: true } : { ok: true, body: await r.json().catch(() => undefined) };
  const parsed: unknown = await r.json().catch(() => undefined);
  const problem: Problem = isProblem(parsed)
    ? parsed
    : { type: 'about:blank', title: `Unexpected answer (${r.status})`, status: r.status, code: 'SENTINEL_INTERNAL' };
  const retry = Number(r.headers.get('retry-after'));
  return { ok: false, problem, ...(retry > 0 ? { retryAfterS: retry } : {}) };
}

/** Where to go after signing in: only a path on this site (never an open redirect). */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
