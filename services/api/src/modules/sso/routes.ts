import type { Request, Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { clientIp } from '../../http/auth.js';
import { tokenPair } from '../auth/schemas.js';
import type { MfaService } from '../mfa/service.js';
import type { SsoService } from './service.js';
import { ssoCallbackBody, ssoSettingsBody, ssoStart, ssoStartParams, ssoStartQuery, ssoView } from './schemas.js';
import { STEP_UP, mfaCodeHeader } from '../../http/step-up.js';

/** The tenant's identity provider (its admins) and the SSO sign-in (public: the console's backend calls it). */
export function createSsoRouter(deps: RouteDeps, sso: SsoService, mfa: MfaService): Router {
  const r = apiRouter();
  const base = '/api/v1';
  const stepUp = (req: Request, ctx: Parameters<MfaService['stepUp']>[0]) => () => mfa.stepUp(ctx, mfaCodeHeader(req));
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/tenant/sso',
    summary: "Your tenant's single sign-on (OpenID Connect) settings, never the client secret",
    tag: 'sso',
    access: ['tenant_admin'],
    responses: { 200: { description: 'The settings (`provider: null` until configured) and the redirect URI to register', schema: ssoView } },
    handler: async ({ ctx }) => ({ body: await sso.get(ctx) }),
  });
  defineRoute(r, base, deps, {
    method: 'put',
    path: '/tenant/sso',
    summary: `Configure your tenant's OpenID Connect provider (the issuer must answer discovery); the client secret is stored encrypted. Audited. ${STEP_UP}`,
    tag: 'sso',
    access: ['tenant_admin'],
    body: ssoSettingsBody,
    responses: {
      200: { description: 'Saved', schema: ssoView },
      400: { description: 'or discovery failed at the issuer (naming `body.issuer`), or the client secret is missing the first time (`body.clientSecret`)' },
      403: { description: 'or a fresh second factor is needed (SENTINEL_MFA_STEP_UP_REQUIRED), or the X-MFA-Code is wrong (SENTINEL_MFA_CODE_INVALID)' },
      503: { description: 'Single sign-on is not configured on this server (SSO_ENCRYPTION_KEY)' },
    },
    handler: async ({ ctx, body, req }) => ({ body: await sso.put(ctx, body, stepUp(req, ctx)) }),
  });
  defineRoute(r, base, deps, {
    method: 'delete',
    path: '/tenant/sso',
    summary: `Remove your tenant's single sign-on (people linked keep their accounts). Audited. ${STEP_UP}`,
    tag: 'sso',
    access: ['tenant_admin'],
    responses: {
      204: { description: 'Removed' },
      403: { description: 'or a fresh second factor is needed (SENTINEL_MFA_STEP_UP_REQUIRED)' },
      404: { description: 'No single sign-on is configured' },
    },
    handler: async ({ ctx, req }) => {
      await sso.remove(ctx, stepUp(req, ctx));
      return { status: 204 };
    },
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/auth/sso/:tenant/start',
    summary:
      "Start a single sign-on at the tenant's identity provider (authorization code flow with PKCE, state and nonce): answers the URL to send the browser to",
    tag: 'auth',
    access: 'public',
    params: ssoStartParams,
    query: ssoStartQuery,
    responses: {
      200: { description: 'The authorization URL and its state', schema: ssoStart },
      400: { description: 'The redirect URI is not one this server allows (naming `query.redirect_uri`)' },
      404: { description: 'No such tenant, or it has no enabled single sign-on (one answer for both)' },
      429: { description: 'Too many sign-in attempts from this address (see Retry-After)' },
      502: { description: 'The identity provider could not be reached (SENTINEL_SSO_PROVIDER_UNAVAILABLE)' },
    },
    handler: async ({ params, query, req, res }) => ({
      body: await sso.start({ requestId: res.locals.requestId, clientIp: clientIp(req) }, params.tenant, query.redirect_uri),
    }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/auth/sso/callback',
    summary: 'Finish a single sign-on with what the provider sent to the redirect URI: tokens, as a password sign-in answers them',
    tag: 'auth',
    access: 'public',
    body: ssoCallbackBody,
    responses: {
      200: { description: 'Access and refresh tokens (no TOTP step: the identity provider authenticated the person)', schema: tokenPair },
      400: {
        description:
          'The state is unknown, expired or already used, or the provider refused the code or its answer failed a check (issuer, audience, nonce, signature) (SENTINEL_AUTH_SSO_INVALID)',
      },
      401: { description: 'The tenant is suspended' },
      403: { description: 'The email is missing, at a domain not allowed, or matches an existing user while unverified (SENTINEL_AUTH_SSO_DENIED)' },
      409: { description: "The tenant has reached its plan's user limit (SENTINEL_TENANT_USER_LIMIT)" },
      429: { description: 'Too many sign-in attempts from this address (see Retry-After)' },
      502: { description: 'The identity provider could not be reached (SENTINEL_SSO_PROVIDER_UNAVAILABLE)' },
    },
    handler: async ({ body, req, res }) => ({ body: await sso.callback({ requestId: res.locals.requestId, clientIp: clientIp(req) }, body) }),
  });
  return r;
}
