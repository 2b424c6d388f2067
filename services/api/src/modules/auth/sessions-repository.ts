import { randomUUID } from 'node:crypto';
import { newRefreshToken, type Tx } from '@sentinel/platform';

/** A session as its user sees it: one refresh-token family with a live token. */
export interface SessionRow {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
}

/** The most sessions listed: the most recently used first. */
export const MAX_SESSIONS_LISTED = 100;

/** Refresh tokens: one row per token, rotated within a family (a session); every method takes the caller's transaction. */
export class SessionsRepository {
  /** Inserts a refresh token row; a new login starts a new family. */
  async issueRefreshToken(
    tx: Tx,
    tenantId: string,
    userId: string,
    ttlSeconds: number,
    familyId: string = randomUUID(),
    /** How the session began (a rotation passes its family's on). */
    method: 'password' | 'sso' = 'password',
  ): Promise<{ token: string; familyId: string }> {
    const id = randomUUID();
    const { token, hash } = newRefreshToken(tenantId, id);
    await tx.refreshToken.create({
      data: { tenantId, id, userId, familyId, tokenHash: hash, expiresAt: new Date(Date.now() + ttlSeconds * 1000), method },
    });
    return { token, familyId };
  }

  /**
   * A user's active sessions: families whose latest token is neither rotated, revoked nor
   * expired. A family starts with its first token (createdAt) and was last used when its
   * latest token was issued (each refresh issues one).
   */
  activeSessions(tx: Tx, tenantId: string, userId: string): Promise<SessionRow[]> {
    return tx.$queryRaw<SessionRow[]>`
      SELECT family_id AS "id", min(created_at) AS "createdAt", max(created_at) AS "lastUsedAt",
             max(expires_at) FILTER (WHERE revoked_at IS NULL AND rotated_at IS NULL) AS "expiresAt"
      FROM refresh_tokens
      WHERE tenant_id = ${tenantId}::uuid AND user_id = ${userId}::uuid
      GROUP BY family_id
      HAVING bool_or(revoked_at IS NULL AND rotated_at IS NULL AND expires_at > now())
      ORDER BY max(created_at) DESC, family_id
      LIMIT ${MAX_SESSIONS_LISTED}`;
  }

  /** Whether the family is one of the user's active sessions (see activeSessions). */
  async isActiveSession(tx: Tx, tenantId: string, userId: string, familyId: string): Promise<boolean> {
    const live = await tx.refreshToken.count({ where: { tenantId, userId, familyId, revokedAt: null, rotatedAt: null, expiresAt: { gt: new Date() } } });
    return live > 0;
  }

  findRefreshToken(tx: Tx, tenantId: string, id: string) {
    return tx.refreshToken.findUnique({ where: { tenantId_id: { tenantId, id } } });
  }

  /** Marks a token used; false when another request rotated it first. */
  async markRotated(tx: Tx, tenantId: string, id: string): Promise<boolean> {
    const r = await tx.refreshToken.updateMany({ where: { tenantId, id, rotatedAt: null, revokedAt: null }, data: { rotatedAt: new Date() } });
    return r.count === 1;
  }

  async revokeFamily(tx: Tx, tenantId: string, familyId: string): Promise<number> {
    const r = await tx.refreshToken.updateMany({ where: { tenantId, familyId, revokedAt: null }, data: { revokedAt: new Date() } });
    return r.count;
  }

  async revokeAllForUser(tx: Tx, tenantId: string, userId: string): Promise<number> {
    const r = await tx.refreshToken.updateMany({ where: { tenantId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
    return r.count;
  }
}
