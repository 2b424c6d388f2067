import type { RedisClient, Tx } from '@sentinel/platform';

export interface SsoRow {
  tenantId: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  allowedDomains: string[];
  defaultRole: string;
  enabled: boolean;
  ssoRequired: boolean;
  updatedAt: Date;
}

export type SsoWrite = Omit<SsoRow, 'tenantId' | 'updatedAt'>;

/** A tenant's identity provider and the identities linked to its users; every method takes the caller's transaction (RLS-scoped). */
export class SsoRepository {
  get(tx: Tx, tenantId: string): Promise<SsoRow | null> {
    return tx.tenantSso.findUnique({ where: { tenantId } });
  }

  async put(tx: Tx, tenantId: string, data: SsoWrite, by: string): Promise<void> {
    const now = new Date();
    await tx.tenantSso.upsert({ where: { tenantId }, create: { tenantId, ...data, updatedBy: by }, update: { ...data, updatedBy: by, updatedAt: now } });
  }

  async remove(tx: Tx, tenantId: string): Promise<boolean> {
    return (await tx.tenantSso.deleteMany({ where: { tenantId } })).count === 1;
  }

  /** Whether password sign-in is closed to members: SSO configured, enabled and required. */
  async passwordClosedToMembers(tx: Tx, tenantId: string): Promise<boolean> {
    const row = await tx.tenantSso.findUnique({ where: { tenantId }, select: { enabled: true, ssoRequired: true } });
    return !!row?.enabled && row.ssoRequired;
  }

  /** Ends members' password sessions (SSO just became required): every live token of such families is revoked. */
  async revokeMemberPasswordSessions(tx: Tx, tenantId: string): Promise<number> {
    return tx.$executeRaw`
      UPDATE refresh_tokens r SET revoked_at = now()
      FROM users u
      WHERE r.tenant_id = ${tenantId}::uuid AND u.tenant_id = r.tenant_id AND u.id = r.user_id
        AND u.role = 'member' AND r.method = 'password' AND r.revoked_at IS NULL`;
  }

  identity(tx: Tx, tenantId: string, issuer: string, subject: string) {
    return tx.userIdentity.findUnique({ where: { tenantId_issuer_subject: { tenantId, issuer, subject } }, select: { id: true, userId: true, email: true } });
  }

  /** Links a person to a user; false when a concurrent sign-in of the same person linked them first. */
  async link(tx: Tx, tenantId: string, userId: string, issuer: string, subject: string, email: string): Promise<boolean> {
    const n = await tx.$executeRaw`
      INSERT INTO user_identities (tenant_id, user_id, issuer, subject, email)
      VALUES (${tenantId}::uuid, ${userId}::uuid, ${issuer}, ${subject}, ${email})
      ON CONFLICT (tenant_id, issuer, subject) DO NOTHING`;
    return n === 1;
  }

  async touch(tx: Tx, tenantId: string, id: string, email: string): Promise<void> {
    await tx.userIdentity.update({ where: { tenantId_id: { tenantId, id } }, data: { email, lastSignInAt: new Date() }, select: { id: true } });
  }
}

/** What the server keeps of a sign-in in flight at the identity provider (never sent to the browser). */
export interface PendingSignIn {
  tenantId: string;
  issuer: string;
  clientId: string;
  redirectUri: string;
  codeVerifier: string;
  nonce: string;
}

/**
 * Sign-ins in flight, in Redis, keyed by their `state`: written once with a TTL and taken
 * once (GETDEL), so a state (and with it the PKCE verifier and nonce) serves one callback only.
 */
export class PendingSignIns {
  constructor(private readonly redis: RedisClient) {}
  private static key = (state: string) => `sentinel:sso:state:${state}`;

  async put(state: string, pending: PendingSignIn, ttlS: number): Promise<void> {
    await this.redis.set(PendingSignIns.key(state), JSON.stringify(pending), 'EX', ttlS, 'NX');
  }

  async take(state: string): Promise<PendingSignIn | undefined> {
    const raw = await this.redis.getdel(PendingSignIns.key(state));
    return raw ? (JSON.parse(raw) as PendingSignIn) : undefined;
  }
}
