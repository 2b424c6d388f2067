import { z } from 'zod';
import { isoDate, slug } from '../../core/fields.js';

const domain = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name such as example.com');

export const ssoSettingsBody = z
  .object({
    issuer: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2000)
      .describe("The provider's issuer identifier, exactly as its discovery document names it"),
    clientId: z.string().min(1).max(500),
    clientSecret: z.string().min(1).max(2000).optional().describe('Required the first time; omitted later: the stored one is kept. Never returned'),
    allowedDomains: z.array(domain).min(1).max(50).describe('Only people whose email is at one of these domains may sign in'),
    defaultRole: z.enum(['member', 'tenant_admin']).default('member').describe('The role of users created at their first SSO sign-in'),
    enabled: z.boolean().default(true),
    ssoRequired: z
      .boolean()
      .default(false)
      .describe(
        'Members must sign in with SSO: their password sign-in is refused (and their password sessions end); admins keep their password as the way in when the provider fails',
      ),
  })
  .strict();

export const ssoView = z.object({
  configured: z.boolean(),
  callbackUrl: z.url().describe("The redirect URI to register at the identity provider (the console's callback)"),
  provider: z
    .object({
      issuer: z.string(),
      clientId: z.string(),
      allowedDomains: z.array(z.string()),
      defaultRole: z.enum(['member', 'tenant_admin']),
      enabled: z.boolean(),
      ssoRequired: z.boolean(),
      updatedAt: isoDate,
    })
    .nullable()
    .describe('null until configured; the client secret is never returned'),
});

export const ssoStartParams = z.object({ tenant: slug.describe('Tenant slug') }).strict();
export const ssoStartQuery = z
  .object({
    redirect_uri: z
      .string()
      .min(1)
      .max(2000)
      .optional()
      .describe(
        "Where the provider sends the person back: one of the URIs this server allows (SSO_REDIRECT_URIS); default: the console's callback (PUBLIC_URL + /session/sso/callback)",
      ),
  })
  .strict();

export const ssoStart = z.object({
  authorizationUrl: z.url().describe("Send the browser here: the tenant's identity provider"),
  state: z.string().describe('The state of this sign-in (also in the URL): bind it to the browser, e.g. in a cookie, and check it at the callback'),
  redirectUri: z.string().describe('The redirect URI this sign-in uses'),
  expiresIn: z.number().int().describe('Seconds the sign-in may take'),
});

export const ssoCallbackBody = z
  .object({
    code: z.string().min(1).max(4096).describe('The `code` the provider sent to the redirect URI'),
    state: z.string().min(1).max(512).describe('The `state` it sent back'),
    iss: z.string().min(1).max(2000).optional().describe('The `iss` it sent back, when it does (RFC 9207)'),
  })
  .strict();
