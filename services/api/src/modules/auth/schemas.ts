import { z } from 'zod';
import { email, isoDate, password, role, slug } from '../../core/fields.js';

export const loginBody = z
  .object({
    tenant: slug.describe('Tenant slug'),
    email,
    password: z.string().min(1).max(1024),
  })
  .strict();

export const acceptInviteBody = z.object({ token: z.string().min(1).max(512), password }).strict();

export const refreshBody = z.object({ refreshToken: z.string().min(1).max(512) }).strict();
export const logoutBody = z
  .object({ refreshToken: z.string().min(1).max(512).optional() })
  .strict()
  .optional();

export const tokenPair = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int(),
});

export const mfaChallenge = z.object({
  mfaRequired: z.literal(true).describe('The password was right; a second factor is needed before any token is issued'),
  challenge: z.string().describe('Send it with a code to POST /api/v1/auth/mfa/verify'),
  challengeExpiresIn: z.number().int().describe('Seconds until the challenge expires (then sign in again)'),
  enrolmentRequired: z
    .boolean()
    .describe(
      'true: your tenant requires MFA and you have none yet. The challenge then only allows enrolling: POST /api/v1/auth/mfa/challenge/enrolment, then verify with the first code',
    ),
});

export const loginResponse = z.union([tokenPair, mfaChallenge]);

export const verifiedTokenPair = tokenPair.extend({
  recoveryCodes: z.array(z.string()).optional().describe('Only when the challenge enrolled an authenticator: the one-time recovery codes, shown only now'),
});

export const meResponse = z.object({
  user: z.object({ id: z.uuid(), tenantId: z.uuid(), email: z.string(), displayName: z.string(), role }),
  tenant: z.object({
    id: z.uuid(),
    slug: z.string(),
    displayName: z.string(),
    plan: z.enum(['free', 'pro', 'enterprise']),
    status: z.enum(['active', 'suspended']),
  }),
});

export const sessionView = z.object({
  id: z.uuid().describe('The session (refresh-token family): DELETE /api/v1/auth/sessions/{id} ends it'),
  createdAt: isoDate.describe('Sign-in: when the first token of the session was issued'),
  lastUsedAt: isoDate.describe('When the session was last refreshed (or created)'),
  expiresAt: isoDate.describe('When the current refresh token expires unless it is used'),
  current: z.boolean().describe("true for the session the request's access token belongs to"),
});

export const sessionList = z.object({
  items: z.array(sessionView).describe('Active sessions only (not ended, not expired), most recently used first; at most 100'),
});
