import type { Role } from '../auth/tokens.js';

/** Who is acting, for which tenant. Service functions take it as their first argument. */
export interface TenantContext {
  readonly tenantId: string;
  readonly userId: string;
  readonly role: Role;
  readonly requestId?: string | undefined;
  readonly clientIp?: string | undefined;
  /** 'api_key' when an API key acts: userId is then the key's id, and the audit log says so. */
  readonly actorKind?: 'user' | 'api_key' | undefined;
}

/** The platform's own tenant (created by the first migration); platform admins are its users. */
export const PLATFORM_TENANT_ID = '00000000-0000-4000-8000-000000000000';
export const PLATFORM_TENANT_SLUG = 'platform';
