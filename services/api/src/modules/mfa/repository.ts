import type { Tx } from '@sentinel/platform';

export type MfaPolicy = 'off' | 'admins' | 'all';

export interface MfaRow {
  secretSealed: string;
  confirmedAt: Date | null;
  lastStep: bigint | null;
  recoveryHashes: string[];
}

const select = { secretSealed: true, confirmedAt: true, lastStep: true, recoveryHashes: true } as const;

/** Authenticators and the tenant's MFA policy; every method takes the caller's transaction (RLS-scoped). */
export class MfaRepository {
  get(tx: Tx, tenantId: string, userId: string): Promise<MfaRow | null> {
    return tx.userMfa.findUnique({ where: { tenantId_userId: { tenantId, userId } }, select });
  }

  /** Starts (or restarts) an enrolment; a confirmed authenticator is never replaced here (false). */
  async putPending(tx: Tx, tenantId: string, userId: string, secretSealed: string): Promise<boolean> {
    await tx.userMfa.deleteMany({ where: { tenantId, userId, confirmedAt: null } });
    const r = await tx.$executeRaw`
      INSERT INTO user_mfa (tenant_id, user_id, secret_sealed) VALUES (${tenantId}::uuid, ${userId}::uuid, ${secretSealed})
      ON CONFLICT (tenant_id, user_id) DO NOTHING`;
    return r === 1;
  }

  /** Confirms a pending enrolment with its first code's step and the recovery codes' hashes; false when it is not pending. */
  async confirm(tx: Tx, tenantId: string, userId: string, step: number, recoveryHashes: string[]): Promise<boolean> {
    const r = await tx.userMfa.updateMany({
      where: { tenantId, userId, confirmedAt: null },
      data: { confirmedAt: new Date(), lastStep: BigInt(step), recoveryHashes },
    });
    return r.count === 1;
  }

  /**
   * Records a time step as spent, only if it is later than the last one: of two requests
   * racing with the same code, one wins.
   */
  async spendStep(tx: Tx, tenantId: string, userId: string, step: number): Promise<boolean> {
    const r = await tx.userMfa.updateMany({
      where: { tenantId, userId, confirmedAt: { not: null }, OR: [{ lastStep: null }, { lastStep: { lt: BigInt(step) } }] },
      data: { lastStep: BigInt(step) },
    });
    return r.count === 1;
  }

  /** Removes one recovery code's hash; the codes left, or undefined when it was not there (unknown or already used). */
  async spendRecoveryCode(tx: Tx, tenantId: string, userId: string, hash: string): Promise<number | undefined> {
    const rows = await tx.$queryRaw<{ left: number }[]>`
      UPDATE user_mfa SET recovery_hashes = array_remove(recovery_hashes, ${hash})
      WHERE tenant_id = ${tenantId}::uuid AND user_id = ${userId}::uuid AND confirmed_at IS NOT NULL AND ${hash} = ANY (recovery_hashes)
      RETURNING cardinality(recovery_hashes) AS "left"`;
    return rows[0]?.left;
  }

  /** Replaces every recovery code of a confirmed authenticator (the old ones stop working); false when none is confirmed. */
  async replaceRecoveryCodes(tx: Tx, tenantId: string, userId: string, recoveryHashes: string[]): Promise<boolean> {
    const r = await tx.userMfa.updateMany({ where: { tenantId, userId, confirmedAt: { not: null } }, data: { recoveryHashes } });
    return r.count === 1;
  }

  async remove(tx: Tx, tenantId: string, userId: string): Promise<{ confirmed: boolean } | undefined> {
    const rows = await tx.$queryRaw<{ confirmed: boolean }[]>`
      DELETE FROM user_mfa WHERE tenant_id = ${tenantId}::uuid AND user_id = ${userId}::uuid RETURNING confirmed_at IS NOT NULL AS confirmed`;
    return rows[0];
  }

  async policy(tx: Tx, tenantId: string): Promise<MfaPolicy> {
    const t = await tx.tenant.findUnique({ where: { id: tenantId }, select: { mfaRequired: true } });
    return (t?.mfaRequired ?? 'off') as MfaPolicy;
  }

  async setPolicy(tx: Tx, tenantId: string, policy: MfaPolicy): Promise<void> {
    await tx.tenant.update({ where: { id: tenantId }, data: { mfaRequired: policy }, select: { id: true } });
  }

  user(tx: Tx, tenantId: string, userId: string) {
    return tx.user.findUnique({ where: { tenantId_id: { tenantId, id: userId } }, select: { id: true, email: true, role: true } });
  }
}
