import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { uuidParam } from '../../core/fields.js';
import type { MfaService } from './service.js';
import { codeBody, enrolment, mfaPolicyBody, mfaPolicyView, mfaStatus, recoveryCodes, totpCodeBody } from './schemas.js';

/** A person's own authenticator, an admin's reset and the tenant's policy. Sign-in's code step is the auth module's. */
export function createMfaRouter(deps: RouteDeps, mfa: MfaService): Router {
  const r = apiRouter();
  const base = '/api/v1';
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/auth/mfa',
    summary: 'Your multi-factor authentication: enrolled or not, recovery codes left, whether your tenant requires it',
    tag: 'mfa',
    access: 'authenticated',
    responses: { 200: { description: 'Your MFA status', schema: mfaStatus } },
    handler: async ({ ctx }) => ({ body: await mfa.status(ctx) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/auth/mfa/enrolment',
    summary: 'Start enrolling a TOTP authenticator: a new secret (and otpauth:// URI for a QR code), pending until confirmed',
    tag: 'mfa',
    access: 'authenticated',
    responses: {
      201: { description: 'Started: scan the URI or type the secret, then confirm with a code', schema: enrolment },
      409: { description: 'An authenticator is already enrolled (SENTINEL_MFA_ALREADY_ENROLLED): disable it first' },
      503: { description: 'MFA is not configured on this server (MFA_ENCRYPTION_KEY)' },
    },
    handler: async ({ ctx }) => ({ status: 201, body: await mfa.start(ctx) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/auth/mfa/enrolment/confirm',
    summary: 'Confirm the pending enrolment with a code from the authenticator; answers the one-time recovery codes',
    tag: 'mfa',
    access: 'authenticated',
    body: totpCodeBody,
    responses: {
      200: { description: 'Enrolled: sign-in now asks for a code', schema: recoveryCodes },
      403: { description: 'The code is wrong or expired (SENTINEL_MFA_CODE_INVALID naming `body.code`)' },
      409: { description: 'No enrolment is pending (SENTINEL_MFA_NOT_ENROLLED), or one is confirmed already' },
      429: { description: 'Too many wrong codes for your account (SENTINEL_MFA_THROTTLED, see Retry-After)' },
    },
    handler: async ({ ctx, body }) => ({ body: await mfa.confirm(ctx, body.code) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/auth/mfa/recovery-codes',
    summary:
      'Replace all your recovery codes with ten new ones (the old ones stop working at once), proven with a current code from your authenticator (not a recovery code); the new codes are shown only in this answer. Audited',
    tag: 'mfa',
    access: 'authenticated',
    body: totpCodeBody,
    responses: {
      200: { description: 'The ten new recovery codes, shown only now', schema: recoveryCodes },
      403: { description: 'The code is wrong, expired or already used (SENTINEL_MFA_CODE_INVALID naming `body.code`)' },
      409: { description: 'No authenticator is enrolled (SENTINEL_MFA_NOT_ENROLLED)' },
      429: { description: 'Too many wrong codes for your account (SENTINEL_MFA_THROTTLED, see Retry-After)' },
    },
    handler: async ({ ctx, body }) => ({ body: await mfa.newRecoveryCodes(ctx, body.code) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/auth/mfa/disable',
    summary: 'Turn your MFA off, proven with a current code or a recovery code (refused while your tenant requires MFA)',
    tag: 'mfa',
    access: 'authenticated',
    body: codeBody,
    responses: {
      204: { description: 'Disabled: your authenticator and recovery codes are gone' },
      403: { description: 'The code is wrong, expired or already used (SENTINEL_MFA_CODE_INVALID naming `body.code`)' },
      409: { description: 'Nothing is enrolled (SENTINEL_MFA_NOT_ENROLLED), or your tenant requires MFA (SENTINEL_MFA_REQUIRED_BY_TENANT)' },
      429: { description: 'Too many wrong codes for your account (SENTINEL_MFA_THROTTLED)' },
    },
    handler: async ({ ctx, body }) => {
      await mfa.disable(ctx, body.code);
      return { status: 204 };
    },
  });
  defineRoute(r, base, deps, {
    method: 'delete',
    path: '/users/:id/mfa',
    summary: "Reset a user's MFA (a lost authenticator): they sign in with their password and enrol again if required. Audited",
    tag: 'mfa',
    access: ['tenant_admin', 'platform_admin'],
    params: uuidParam,
    responses: { 204: { description: 'Reset (or there was nothing to reset)' }, 404: { description: 'No such user in your tenant' } },
    handler: async ({ ctx, params }) => {
      await mfa.reset(ctx, params.id);
      return { status: 204 };
    },
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/tenants/:id/mfa-policy',
    summary: 'Who must use MFA in your tenant',
    tag: 'mfa',
    access: 'authenticated',
    params: uuidParam,
    responses: { 200: { description: 'The policy', schema: mfaPolicyView }, 404: { description: 'Not your tenant' } },
    handler: async ({ ctx, params }) => ({ body: await mfa.policy(ctx, params.id) }),
  });
  defineRoute(r, base, deps, {
    method: 'put',
    path: '/tenants/:id/mfa-policy',
    summary:
      'Require MFA in your tenant (tenant admins): `all` users or `admins` only. A user it covers who has no authenticator must enrol at their next sign-in; refreshing a session is refused until then',
    tag: 'mfa',
    access: ['tenant_admin'],
    params: uuidParam,
    body: mfaPolicyBody,
    responses: { 200: { description: 'Set', schema: mfaPolicyView }, 404: { description: 'Not your tenant' } },
    handler: async ({ ctx, params, body }) => ({ body: await mfa.setPolicy(ctx, params.id, body.required) }),
  });
  return r;
}
