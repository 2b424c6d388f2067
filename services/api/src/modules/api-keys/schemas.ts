import { z } from 'zod';
import { ALL_KEY_SCOPES, API_KEY_SCOPES, PLATFORM_KEY_SCOPES, humanText } from '@sentinel/platform';
import { isoDate } from '../../core/fields.js';

export const scope = z
  .enum(ALL_KEY_SCOPES)
  .describe(`A tenant's keys: ${API_KEY_SCOPES.join(', ')}. Platform keys (platform admins'): ${PLATFORM_KEY_SCOPES.join(', ')}, over every tenant.`);

export const apiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(scope),
  status: z.enum(['active', 'expired', 'revoked']),
  expiresAt: isoDate.nullable(),
  lastUsedAt: isoDate.nullable().describe('Recorded at most once a minute per key'),
  revokedAt: isoDate.nullable(),
  rotatedAt: isoDate.nullable(),
  createdAt: isoDate,
});
export const apiKeyList = z.object({ items: z.array(apiKey) });

export const apiKeyWithSecret = apiKey.extend({
  key: z.string().describe('The key itself (`snl_…`): shown this once, never again. Send it as `Authorization: Bearer <key>`.'),
});

export const createApiKeyBody = z
  .object({
    name: humanText(1, 100),
    scopes: z
      .array(scope)
      .min(1, 'name at least one scope')
      .max(ALL_KEY_SCOPES.length)
      .refine((s) => new Set(s).size === s.length, 'each scope once')
      .meta({ uniqueItems: true }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .refine((s) => Date.parse(s) > Date.now(), 'must be in the future')
      .meta({ 'x-sentinel-future': true })
      .optional()
      .describe('In the future; omit for a key that does not expire'),
  })
  .strict();

export type CreateApiKeyBody = z.output<typeof createApiKeyBody>;
export type ApiKeyDto = z.output<typeof apiKey>;
