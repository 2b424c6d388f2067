// The API's RFC 9457 problem+json, as the browser sees it through the web server, and the
// words the console shows for it: each message says what happened and what to do next.
import type { components } from '@/api/schema';

export type Problem = components['schemas']['Problem'];
export type ProblemCode = Problem['code'];

export function isProblem(v: unknown): v is Problem {
  return typeof v === 'object' && v !== null && typeof (v as Problem).code === 'string' && typeof (v as Problem).status === 'number';
}

/** Why a session ended, shown on the sign-in page (the code travels in `?ended=`). */
export function sessionEndedMessage(code: string | undefined): string | undefined {
  switch (code) {
    case undefined:
    case '':
      return undefined;
    case 'SENTINEL_AUTH_TENANT_SUSPENDED':
      return 'You were signed out: your organisation has been suspended. Contact your Sentinel administrator to have it resumed.';
    case 'SENTINEL_AUTH_REFRESH_INVALID':
      return 'You were signed out: your session was revoked or has expired. Sign in again.';
    case 'SENTINEL_AUTH_MFA_ENROLMENT_REQUIRED':
      return 'You were signed out: your organisation now requires two-factor authentication. Sign in again to set it up.';
    case 'signed-out':
      return 'You have signed out.';
    case 'sso-tenant':
      return 'Single sign-on is not set up for that organisation. Check its name, or sign in with your password.';
    case 'SENTINEL_AUTH_SSO_INVALID':
      return 'Single sign-on did not complete (it was cancelled, expired or already used). Try again.';
    case 'SENTINEL_AUTH_SSO_DENIED':
      return "Your organisation's identity provider signed you in, but this account may not use Sentinel. Ask your administrator.";
    case 'SENTINEL_SSO_PROVIDER_UNAVAILABLE':
      return "Your organisation's identity provider could not be reached. Try again later.";
    case 'SENTINEL_AUTH_SSO_REQUIRED':
      return 'Your organisation requires single sign-on: use "Sign in with single sign-on (SSO)" below.';
    case 'SENTINEL_TENANT_USER_LIMIT':
      return 'Your organisation has as many users as its plan allows, so no account could be made for you. Ask your administrator.';
    case 'SENTINEL_LOGIN_THROTTLED':
      return 'Too many sign-in attempts from this address. Wait a few minutes, then try again.';
    case 'SENTINEL_UNAVAILABLE':
      return "Single sign-on is not available right now. Try again later; if it keeps failing, ask your administrator to check your organisation's single sign-on settings.";
    default:
      return 'You were signed out: your session is no longer valid. Sign in again.';
  }
}

/** A form-level message for a failed sign-in or invitation (field errors are shown by their fields). */
export function formMessage(p: Problem, retryAfterS?: number): string {
  switch (p.code) {
    case 'SENTINEL_AUTH_INVALID_CREDENTIALS':
      return `${p.detail ?? p.title}. Check the organisation, email and password, then try again.`;
    case 'SENTINEL_LOGIN_THROTTLED': {
      const wait = retryAfterS
        ? ` Wait ${retryAfterS >= 120 ? `${Math.ceil(retryAfterS / 60)} minutes` : `${retryAfterS} seconds`} before trying again.`
        : ' Wait a while before trying again.';
      return `Too many sign-in attempts.${wait}`;
    }
    case 'SENTINEL_AUTH_TENANT_SUSPENDED':
      return 'This organisation is suspended, so nobody can sign in to it. Contact your Sentinel administrator to have it resumed.';
    case 'SENTINEL_INVITATION_INVALID':
      return 'This invitation is not valid: it has expired or was already used. Ask your administrator to send a new one.';
    case 'SENTINEL_VALIDATION_FAILED':
      return 'Some fields need attention.';
    default:
      return p.status >= 500 ? `Sentinel could not answer (${p.title}). Try again in a moment; reference ${p.requestId ?? 'unknown'}.` : (p.detail ?? p.title);
  }
}

/**
 * The API names fields by where they were (`body.email`, `query.cursor`): the form's
 * field errors, keyed by the name inside the body. A field-less error goes under ''.
 */
export function fieldErrors(p: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of p.errors ?? []) {
    const key = e.field.replace(/^(body|query|params)\.?/, '');
    out[key] ??= e.message;
  }
  return out;
}
