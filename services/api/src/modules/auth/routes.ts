import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { clientIp } from '../../http/auth.js';
import type { AuthService } from './service.js';
import { uuidParam } from '../../core/fields.js';
import { acceptInviteBody, loginBody, loginResponse, logoutBody, meResponse, refreshBody, sessionList, tokenPair, verifiedTokenPair } from './schemas.js';
import { challengeBody, enrolment, verifyBody } from '../mfa/schemas.js';

export function createAuthRouter(deps: RouteDeps, auth: AuthService): Router {
  const r = apiRouter();
  const base = '/api/v1/auth';
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/login',
    summary: 'Log in with tenant slug, email and password',
    tag: 'auth',
    access: 'public',
    body: loginBody,
    responses: {
      200: {
        description:
          'Access and refresh tokens; or, for a user with MFA (or whose tenant requires it), `mfaRequired: true` and a challenge to send with a code to /auth/mfa/verify',
        schema: loginResponse,
      },
      401: { description: 'Unknown tenant, email or wrong password (one answer for all), or the tenant is suspended' },
      403: {
        description:
          "The password is right but your tenant requires single sign-on of members (SENTINEL_AUTH_SSO_REQUIRED: sign in with your tenant's single sign-on)",
      },
      429: { description: 'Too many attempts from this address or for this account (see Retry-After)' },
    },
    handler: async ({ body, req, res }) => ({ body: await auth.login({ requestId: res.locals.requestId, clientIp: clientIp(req) }, body) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/mfa/verify',
    summary: 'Finish a sign-in that answered `mfaRequired`: the challenge and a code from the authenticator (or a recovery code)',
    tag: 'auth',
    access: 'public',
    body: verifyBody,
    responses: {
      200: { description: 'Access and refresh tokens (plus the recovery codes when the challenge enrolled an authenticator)', schema: verifiedTokenPair },
      401: {
        description:
          'The code is wrong, expired or already used (SENTINEL_AUTH_MFA_CODE_INVALID naming `body.code`), or the challenge is not valid, expired or used (SENTINEL_MFA_CHALLENGE_INVALID: sign in again)',
      },
      409: { description: 'An enrolment challenge whose enrolment was not started (SENTINEL_MFA_NOT_ENROLLED)' },
      403: {
        description:
          "Your tenant came to require single sign-on of members after the password step, or you are a member now (SENTINEL_AUTH_SSO_REQUIRED: sign in with your tenant's single sign-on)",
      },
      429: { description: 'Too many codes for this challenge or this account (SENTINEL_MFA_THROTTLED, see Retry-After)' },
    },
    handler: async ({ body, req, res }) => ({
      body: await auth.verifyMfa({ requestId: res.locals.requestId, clientIp: clientIp(req) }, body.challenge, body.code),
    }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/mfa/challenge/enrolment',
    summary: 'With an enrolment challenge (`enrolmentRequired: true` at login), start enrolling an authenticator; then verify with its first code',
    tag: 'auth',
    access: 'public',
    body: challengeBody,
    responses: {
      201: { description: 'Started: scan the URI or type the secret, then POST /auth/mfa/verify with the challenge and a code', schema: enrolment },
      401: { description: 'Not a valid enrolment challenge (SENTINEL_MFA_CHALLENGE_INVALID)' },
      409: { description: 'An authenticator is already enrolled (SENTINEL_MFA_ALREADY_ENROLLED)' },
    },
    handler: async ({ body, req, res }) => ({
      status: 201,
      body: await auth.startChallengeEnrolment({ requestId: res.locals.requestId, clientIp: clientIp(req) }, body.challenge),
    }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/refresh',
    summary: 'Rotate a refresh token (reusing a rotated one revokes its whole family)',
    tag: 'auth',
    access: 'public',
    body: refreshBody,
    responses: {
      200: { description: 'A new token pair', schema: tokenPair },
      401: {
        description:
          'The refresh token is unknown, expired, revoked or reused, or the tenant is suspended, or your tenant now requires MFA and you have none (SENTINEL_AUTH_MFA_ENROLMENT_REQUIRED: sign in again and enrol)',
      },
      403: {
        description:
          "A password session of a member in a tenant that now requires single sign-on (SENTINEL_AUTH_SSO_REQUIRED: sign in with your tenant's single sign-on)",
      },
    },
    handler: async ({ body, req, res }) => ({ body: await auth.refresh({ requestId: res.locals.requestId, clientIp: clientIp(req) }, body.refreshToken) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/accept-invite',
    summary: 'Set your password with the token from an invitation email, and log in',
    tag: 'auth',
    access: 'public',
    body: acceptInviteBody,
    responses: {
      200: {
        description: 'Access and refresh tokens; or, when the tenant requires MFA of the user, an enrolment challenge as at login (`mfaRequired: true`)',
        schema: loginResponse,
      },
      400: { description: 'or the token is not a live invitation (SENTINEL_INVITATION_INVALID naming `body.token`)' },
      401: { description: 'The tenant is suspended' },
      403: {
        description:
          "Your tenant requires single sign-on of members: the invitation cannot set a password (SENTINEL_AUTH_SSO_REQUIRED: sign in with your tenant's single sign-on)",
      },
    },
    handler: async ({ body, req, res }) => ({
      body: await auth.acceptInvite({ requestId: res.locals.requestId, clientIp: clientIp(req) }, body.token, body.password),
    }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/logout',
    summary: "Revoke the given refresh token's session, or all of the caller's sessions",
    tag: 'auth',
    access: 'authenticated',
    body: logoutBody,
    responses: { 204: { description: 'Revoked' }, 401: { description: 'The given refresh token is not one of your sessions' } },
    handler: async ({ body, ctx }) => {
      await auth.logout(ctx, body?.refreshToken);
      return { status: 204 };
    },
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/me',
    summary: 'The authenticated user and their tenant',
    tag: 'auth',
    access: 'authenticated',
    responses: { 200: { description: 'Profile', schema: meResponse } },
    // Authentication already loaded (and checked) both rows: answer with them.
    handler: async ({ res }) => ({ body: res.locals.identity }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/sessions',
    summary: 'Your active sessions (one per sign-in, kept across refreshes); `current` marks the one this request comes from',
    tag: 'auth',
    access: 'authenticated',
    responses: { 200: { description: 'Your active sessions', schema: sessionList } },
    handler: async ({ ctx }) => ({ body: { items: await auth.sessionsOf(ctx) } }),
  });
  defineRoute(r, base, deps, {
    method: 'delete',
    path: '/sessions/:id',
    summary: 'End one of your sessions: its refresh token stops working, as after logout (access tokens already issued run out on their own)',
    tag: 'auth',
    access: 'authenticated',
    params: uuidParam,
    responses: { 204: { description: 'Ended' }, 404: { description: 'No active session of yours has this id' } },
    handler: async ({ ctx, params }) => {
      await auth.revokeSession(ctx, params.id);
      return { status: 204 };
    },
  });
  return r;
}
