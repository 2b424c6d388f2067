// TOTP multi-factor authentication (issue #15): enrolment, the checks sign-in and step-up
// make, disabling, an admin's reset and the tenant's policy. Secrets are sealed at rest
// (SecretBox); a code is spent once (the last step per user); recovery codes are kept as
// keyed hashes and spent once; wrong codes count against the user in Redis.
import { createHmac } from 'node:crypto';
import {
  AppError,
  SecretBox,
  base32Encode,
  forbidden,
  looksLikeRecoveryCode,
  newRecoveryCode,
  newTotpSecret,
  notFound,
  otpauthUri,
  recordAudit,
  verifyTotp,
  type AppDb,
  type Config,
  type Metrics,
  type Role,
  type Tx,
  type WindowLimiter,
} from '@sentinel/platform';
import type { Principal, RequestMeta } from '../../core/context.js';
import { MfaRepository, type MfaPolicy, type MfaRow } from './repository.js';

export type { MfaPolicy };

export const RECOVERY_CODE_COUNT = 10;

/** What a sign-in still needs after the password: nothing, a code, or an enrolment first. */
export type SignInStep = 'none' | 'verify' | 'enrol';

/** Who acts when no access token exists yet (a sign-in challenge). */
export interface Actor extends RequestMeta {
  tenantId: string;
  userId: string;
}

export interface MfaStatus {
  enrolled: boolean;
  pending: boolean;
  confirmedAt: string | null;
  recoveryCodesLeft: number;
  required: boolean;
}

/** Whether the tenant's policy makes this role use MFA. */
export const mfaRequiredFor = (policy: MfaPolicy, role: Role) => policy === 'all' || (policy === 'admins' && role !== 'member');

/**
 * The key of sealed TOTP secrets: MFA_ENCRYPTION_KEY, or outside production one derived
 * from JWT_SECRET. In production without it there is none: enrolment answers 503.
 */
export function mfaKey(config: Config): string | undefined {
  if (config.MFA_ENCRYPTION_KEY) return config.MFA_ENCRYPTION_KEY;
  if (config.NODE_ENV === 'production') return undefined;
  return createHmac('sha256', config.JWT_SECRET).update('sentinel:mfa-encryption-key').digest('hex');
}

/**
 * Where a code is checked: the second step of a sign-in (no token yet: a wrong code is 401
 * SENTINEL_AUTH_MFA_CODE_INVALID) or a signed-in request (its token is fine: 403
 * SENTINEL_MFA_CODE_INVALID, so clients do not take it for an ended session), and the field it came in.
 */
export interface CodeSource {
  field: string;
  signIn: boolean;
}

const codeInvalid = (src: CodeSource) =>
  new AppError(src.signIn ? 'SENTINEL_AUTH_MFA_CODE_INVALID' : 'SENTINEL_MFA_CODE_INVALID', undefined, {
    errors: [{ field: src.field, message: 'wrong, expired or already used' }],
  });
const BODY: CodeSource = { field: 'body.code', signIn: false };
const HEADER: CodeSource = { field: 'header.x-mfa-code', signIn: false };

export class MfaService {
  private readonly repo = new MfaRepository();
  private readonly box: SecretBox | undefined;

  constructor(
    private readonly config: Config,
    private readonly db: AppDb,
    private readonly limiter: WindowLimiter,
    private readonly metrics: Metrics,
    /** The clock TOTP codes are checked against (tests move it). */
    private readonly clock: () => number = Date.now,
  ) {
    const key = mfaKey(config);
    this.box = key ? new SecretBox(key) : undefined;
  }

  /** The MFA clock, in ms (the `mfa_at` of tokens a verified sign-in issues is read from it too). */
  now(): number {
    return this.clock();
  }

  private needBox(): SecretBox {
    if (!this.box) throw new AppError('SENTINEL_UNAVAILABLE', 'MFA is not configured on this server (MFA_ENCRYPTION_KEY)');
    return this.box;
  }

  /** What a sign-in of this user still needs, inside the caller's transaction. */
  async signInStep(tx: Tx, tenantId: string, user: { id: string; role: Role }): Promise<SignInStep> {
    const [row, policy] = await Promise.all([this.repo.get(tx, tenantId, user.id), this.repo.policy(tx, tenantId)]);
    if (row?.confirmedAt) return 'verify';
    return mfaRequiredFor(policy, user.role) ? 'enrol' : 'none';
  }

  async status(ctx: Principal): Promise<MfaStatus> {
    return this.db.withTenant(ctx.tenantId, async (tx) => {
      const [row, policy] = await Promise.all([this.repo.get(tx, ctx.tenantId, ctx.userId), this.repo.policy(tx, ctx.tenantId)]);
      return {
        enrolled: !!row?.confirmedAt,
        pending: !!row && !row.confirmedAt,
        confirmedAt: row?.confirmedAt?.toISOString() ?? null,
        recoveryCodesLeft: row?.confirmedAt ? row.recoveryHashes.length : 0,
        required: mfaRequiredFor(policy, ctx.role),
      };
    });
  }

  /**
   * Starts an enrolment: a new secret, sealed and stored pending, returned this once (as
   * base32 and as an otpauth:// URI for a QR code). Starting again replaces a pending one;
   * a confirmed authenticator must be disabled (or reset) first.
   */
  async start(actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
    const box = this.needBox();
    const secret = newTotpSecret();
    const email = await this.db.withTenant(actor.tenantId, async (tx) => {
      const user = await this.repo.user(tx, actor.tenantId, actor.userId);
      if (!user) throw notFound('user');
      if (!(await this.repo.putPending(tx, actor.tenantId, actor.userId, box.seal(secret, owner(actor))))) throw new AppError('SENTINEL_MFA_ALREADY_ENROLLED');
      return user.email;
    });
    return { secret: base32Encode(secret), otpauthUri: otpauthUri(secret, this.config.MFA_ISSUER, email) };
  }

  /** Confirms the pending enrolment with a code from the authenticator; the recovery codes are returned this once. */
  async confirm(ctx: Principal, code: string): Promise<{ recoveryCodes: string[] }> {
    await this.guard(ctx);
    return this.db.withTenant(ctx.tenantId, (tx) => this.confirmIn(tx, ctx, code, BODY));
  }

  /** Confirms inside the caller's transaction (sign-in through an enrolment challenge). */
  async confirmIn(tx: Tx, actor: Actor, code: string, src: CodeSource): Promise<{ recoveryCodes: string[] }> {
    const box = this.needBox();
    const row = await this.repo.get(tx, actor.tenantId, actor.userId);
    if (!row || row.confirmedAt) throw new AppError(row ? 'SENTINEL_MFA_ALREADY_ENROLLED' : 'SENTINEL_MFA_NOT_ENROLLED');
    const step = verifyTotp(this.open(box, row, actor), code, this.clock());
    if (step === undefined) throw await this.failed(actor, src);
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    if (
      !(await this.repo.confirm(
        tx,
        actor.tenantId,
        actor.userId,
        step,
        recoveryCodes.map((c) => box.recoveryHash(c)),
      ))
    )
      throw new AppError('SENTINEL_MFA_NOT_ENROLLED');
    await recordAudit(tx, actor, { action: 'auth.mfa.enrol', targetType: 'user', targetId: actor.userId, changes: { recoveryCodes: RECOVERY_CODE_COUNT } });
    return { recoveryCodes };
  }

  /**
   * Checks a TOTP code or a recovery code for an enrolled user and spends it, inside the
   * caller's transaction (so a sign-in that then fails does not spend it). Throws (see
   * CodeSource) naming the field for a wrong, expired or replayed code, and counts the failure.
   */
  async proveIn(tx: Tx, actor: Actor, code: string, src: CodeSource): Promise<'totp' | 'recovery_code'> {
    const box = this.needBox();
    const row = await this.repo.get(tx, actor.tenantId, actor.userId);
    if (!row?.confirmedAt) throw new AppError('SENTINEL_MFA_NOT_ENROLLED');
    if (looksLikeRecoveryCode(code)) {
      const left = await this.repo.spendRecoveryCode(tx, actor.tenantId, actor.userId, box.recoveryHash(code));
      if (left === undefined) throw await this.failed(actor, src);
      await recordAudit(tx, actor, { action: 'auth.mfa.recovery_code_used', targetType: 'user', targetId: actor.userId, changes: { remaining: left } });
      return 'recovery_code';
    }
    const step = verifyTotp(this.open(box, row, actor), code.trim(), this.clock(), row.lastStep === null ? null : Number(row.lastStep));
    if (step === undefined || !(await this.repo.spendStep(tx, actor.tenantId, actor.userId, step))) throw await this.failed(actor, src);
    return 'totp';
  }

  /**
   * Ten new recovery codes in place of all the old ones (lost or used up), proven with a
   * current code from the authenticator (not a recovery code: whoever holds one must not
   * be able to mint ten more). Returned this once; audited.
   */
  async newRecoveryCodes(ctx: Principal, code: string): Promise<{ recoveryCodes: string[] }> {
    await this.guard(ctx);
    const box = this.needBox();
    return this.db.withTenant(ctx.tenantId, async (tx) => {
      const row = await this.repo.get(tx, ctx.tenantId, ctx.userId);
      if (!row?.confirmedAt) throw new AppError('SENTINEL_MFA_NOT_ENROLLED');
      await this.proveIn(tx, ctx, code, BODY);
      const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      const hashes = recoveryCodes.map((c) => box.recoveryHash(c));
      if (!(await this.repo.replaceRecoveryCodes(tx, ctx.tenantId, ctx.userId, hashes))) throw new AppError('SENTINEL_MFA_NOT_ENROLLED');
      await recordAudit(tx, ctx, {
        action: 'auth.mfa.recovery_codes',
        targetType: 'user',
        targetId: ctx.userId,
        changes: { replaced: row.recoveryHashes.length, recoveryCodes: RECOVERY_CODE_COUNT },
      });
      return { recoveryCodes };
    });
  }

  /** Refuses (429) a user who has given too many wrong codes lately, before any is checked. */
  async guard(actor: Actor): Promise<void> {
    const s = await this.limiter.peek(userKey(actor));
    if (s.count >= this.config.MFA_MAX_FAILURES_PER_USER) throw this.throttled('user', s.resetMs);
  }

  throttled(limit: 'user' | 'challenge', resetMs: number): AppError {
    this.metrics.rateLimited.inc({ limit: `mfa_${limit}` });
    const detail = limit === 'user' ? 'Too many wrong codes for this account; retry later' : 'Too many codes tried with this sign-in; sign in again';
    return new AppError('SENTINEL_MFA_THROTTLED', detail, { retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) });
  }

  private async failed(actor: Actor, src: CodeSource): Promise<AppError> {
    await this.limiter.hit(userKey(actor), this.config.MFA_USER_WINDOW_S * 1000);
    return codeInvalid(src);
  }

  private open(box: SecretBox, row: MfaRow, actor: Actor): Buffer {
    const secret = box.open(row.secretSealed, owner(actor));
    // Sealed under another key (MFA_ENCRYPTION_KEY changed): only a reset helps.
    if (!secret)
      throw new AppError('SENTINEL_UNAVAILABLE', 'The authenticator cannot be read with the configured MFA_ENCRYPTION_KEY; ask an admin to reset your MFA');
    return secret;
  }

  /** Turns MFA off for oneself, with a current code (or a recovery code); refused while the tenant requires it. */
  async disable(ctx: Principal, code: string): Promise<void> {
    await this.guard(ctx);
    await this.db.withTenant(ctx.tenantId, async (tx) => {
      if (mfaRequiredFor(await this.repo.policy(tx, ctx.tenantId), ctx.role)) throw new AppError('SENTINEL_MFA_REQUIRED_BY_TENANT');
      const row = await this.repo.get(tx, ctx.tenantId, ctx.userId);
      if (row?.confirmedAt) await this.proveIn(tx, ctx, code, BODY);
      else if (!row) throw new AppError('SENTINEL_MFA_NOT_ENROLLED');
      await this.repo.remove(tx, ctx.tenantId, ctx.userId);
      await recordAudit(tx, ctx, { action: 'auth.mfa.disable', targetType: 'user', targetId: ctx.userId, changes: { confirmed: !!row.confirmedAt } });
    });
  }

  /**
   * A tenant admin removes a user's authenticator (a lost phone): the user signs in with
   * the password alone, or enrols again at sign-in if the tenant requires MFA. Another
   * tenant's user answers 404 (RLS). Idempotent; audited when something was removed.
   */
  async reset(ctx: Principal, userId: string): Promise<void> {
    if (ctx.role !== 'tenant_admin' && ctx.role !== 'platform_admin') throw forbidden("Only admins reset a user's MFA");
    await this.db.withTenant(ctx.tenantId, async (tx) => {
      if (!(await this.repo.user(tx, ctx.tenantId, userId))) throw notFound('user');
      const removed = await this.repo.remove(tx, ctx.tenantId, userId);
      if (removed) await recordAudit(tx, ctx, { action: 'user.mfa_reset', targetType: 'user', targetId: userId, changes: { confirmed: removed.confirmed } });
    });
  }

  async policy(ctx: Principal, tenantId: string): Promise<{ required: MfaPolicy }> {
    if (tenantId !== ctx.tenantId) throw notFound('tenant');
    return { required: await this.db.withTenant(ctx.tenantId, (tx) => this.repo.policy(tx, ctx.tenantId)) };
  }

  /** Sets who must use MFA in the caller's tenant; applies at each user's next sign-in or refresh. Audited. */
  async setPolicy(ctx: Principal, tenantId: string, required: MfaPolicy): Promise<{ required: MfaPolicy }> {
    if (tenantId !== ctx.tenantId) throw notFound('tenant');
    if (ctx.role !== 'tenant_admin') throw forbidden("Only tenant admins change their tenant's MFA policy");
    await this.db.withTenant(ctx.tenantId, async (tx) => {
      const before = await this.repo.policy(tx, ctx.tenantId);
      if (before === required) return;
      await this.repo.setPolicy(tx, ctx.tenantId, required);
      await recordAudit(tx, ctx, {
        action: 'tenant.mfa_policy',
        targetType: 'tenant',
        targetId: ctx.tenantId,
        changes: { required: { from: before, to: required } },
      });
    });
    return { required };
  }

  /**
   * Step-up for sensitive actions: a user with an authenticator must have proven it within
   * MFA_STEP_UP_MAX_AGE_S (the access token's `mfa_at`) or send a current code now
   * (`X-MFA-Code`, spent like any code). A user without one passes unless the tenant
   * requires MFA of them (then they must enrol first).
   */
  async stepUp(ctx: Principal, code: string | undefined): Promise<void> {
    const fresh = ctx.mfaAt !== undefined && this.clock() / 1000 - ctx.mfaAt <= this.config.MFA_STEP_UP_MAX_AGE_S;
    const state = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const [row, policy] = await Promise.all([this.repo.get(tx, ctx.tenantId, ctx.userId), this.repo.policy(tx, ctx.tenantId)]);
      if (!row?.confirmedAt) return mfaRequiredFor(policy, ctx.role) ? 'must_enrol' : 'pass';
      return fresh ? 'pass' : 'prove';
    });
    if (state === 'pass') return;
    if (state === 'must_enrol') throw new AppError('SENTINEL_MFA_ENROLMENT_REQUIRED');
    if (!code)
      throw new AppError(
        'SENTINEL_MFA_STEP_UP_REQUIRED',
        `Send a current code from your authenticator in the X-MFA-Code header (or sign in again: a sign-in's code counts for ${this.config.MFA_STEP_UP_MAX_AGE_S} s)`,
        { errors: [{ field: 'header.x-mfa-code', message: 'required' }] },
      );
    await this.guard(ctx);
    await this.db.withTenant(ctx.tenantId, (tx) => this.proveIn(tx, ctx, code, HEADER));
  }
}

const owner = (a: Actor) => `${a.tenantId}:${a.userId}`;
const userKey = (a: Actor) => `sentinel:throttle:mfa:user:${a.tenantId}:${a.userId}`;
