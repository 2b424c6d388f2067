import { z } from 'zod';
import { userDisplayName, userEmail } from '@sentinel/platform';

/** The user fields, one definition for the API, the CSV import and the Tenant controller. */
export const email = userEmail;

export const slug = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens, 1 to 63 characters');

/** Slugs nobody may create: the platform tenant's. */
export const RESERVED_SLUGS = ['platform'] as const;

/**
 * A new password. Every character counts (the hash is pre-hashed, not truncated at
 * bcrypt's 72 bytes); its strength is judged by the service, which knows the account
 * (assertStrongPassword), and refused with the estimator's reasons.
 */
export const password = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(1024, 'must be at most 1024 characters')
  .refine((s) => s.isWellFormed() && !s.includes('\u0000'), 'must be well-formed text')
  .describe('12 to 1024 characters; refused when too easy to guess (zxcvbn score below 3, or built on the email or tenant slug)');

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

export const role = z.enum(['platform_admin', 'tenant_admin', 'member']);

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

export const displayName = userDisplayName;

/** A tenant slug a client may create: not one of the reserved ones. */
export const newSlug = slug
  .refine((s) => !(RESERVED_SLUGS as readonly string[]).includes(s), 'is reserved')
  .meta({ not: { enum: [...RESERVED_SLUGS] }, description: `Tenant slug; reserved: ${RESERVED_SLUGS.join(', ')}` });
