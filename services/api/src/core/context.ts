// Who is asking, as services see it: the request context the HTTP edge builds and
// passes down. Below the routes, so services never import the HTTP layer.
import { forbidden, type Role, type TenantContext } from '@sentinel/platform';

export interface Principal extends TenantContext {
  readonly plan: 'free' | 'pro' | 'enterprise';
  /** The session (refresh-token family) the access token was issued in; absent from tokens issued before the `fid` claim. */
  readonly familyId?: string | undefined;
  /** When (epoch seconds) this sign-in proved a second factor: the access token's `mfa_at`; step-up reads it. */
  readonly mfaAt?: number | undefined;
  /** Set when an API key authenticated the request: the key's scopes (userId is the key id). */
  readonly scopes?: readonly string[] | undefined;
}

/** What an unauthenticated request says about itself (login, refresh, invitations). */
export interface RequestMeta {
  requestId?: string | undefined;
  clientIp?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const isAdmin = (ctx: Principal) => ctx.role === 'tenant_admin' || ctx.role === 'platform_admin';

/**
 * A tenant-scoped list for admins: their own tenant's rows. A `tenantId` filter naming
 * another tenant gets an empty page, as RLS would answer; members are refused.
 * (Platform admins' cross-tenant lists are the platform-admin module's.)
 */
export async function listOwnTenant<T>(ctx: Principal, tenantIdFilter: string | undefined, refusal: string, list: () => Promise<Page<T>>): Promise<Page<T>> {
  if (!isAdmin(ctx)) throw forbidden(refusal);
  if (tenantIdFilter && tenantIdFilter !== ctx.tenantId) return { items: [], nextCursor: null };
  return list();
}

export interface TenantSummary {
  id: string;
  slug: string;
  displayName: string;
  plan: 'free' | 'pro' | 'enterprise';
  status: 'active' | 'suspended';
}

export interface UserSummary {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Role;
}

/**
 * What authentication needs to turn a verified token into a principal: the token's
 * tenant and user as they are now. http/auth.ts depends on this; the auth module's
 * repository implements it.
 */
export interface IdentityLookup {
  principal(tenantId: string, userId: string): Promise<{ tenant?: TenantSummary | undefined; user?: UserSummary | undefined }>;
  /** The tenant and an API key of it (cached; the cache is dropped on revoke and rotate). */
  apiKey(tenantId: string, keyId: string): Promise<{ tenant?: TenantSummary | undefined; key?: ApiKeyAuth | undefined }>;
  /** Records that a key was used (at most once a minute per key and process). */
  apiKeyUsed(tenantId: string, keyId: string): void;
}

/** What authentication reads of an API key. */
export interface ApiKeyAuth {
  id: string;
  scopes: string[];
  secretHash: string;
  expiresAt: string | null;
  revokedAt: string | null;
}
