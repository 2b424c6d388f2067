import { z } from 'zod';
import { email, password, role, slug } from '../../core/fields.js';

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
