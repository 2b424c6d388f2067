import { randomUUID } from 'node:crypto';
import { newRefreshToken, type Tx } from '@sentinel/platform';

/** Refresh tokens: one row per session, rotated within a family; every method takes the caller's transaction. */
export class SessionsRepository {
  /** Inserts a refresh token row; a new login starts a new family. */
  async issueRefreshToken(tx: Tx, tenantId: string, userId: string, ttlSeconds: number, familyId: string = randomUUID()): Promise<string> {
    const id = randomUUID();
    const { token, hash } = newRefreshToken(tenantId, id);
    await tx.refreshToken.create({
      data: { tenantId, id, userId, familyId, tokenHash: hash, expiresAt: new Date(Date.now() + ttlSeconds * 1000) },
    });
    return token;
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
