import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * TOTP (RFC 6238 over RFC 4226 HOTP) as authenticator apps implement it: HMAC-SHA-1,
 * 6 digits, 30-second steps. Verification accepts the step before and after the current
 * one (clock drift between phone and server) and never a step at or before the last one
 * the user spent, so a code cannot be replayed within its window. The clock is an
 * argument, not Date.now(): callers inject it and tests walk the window edges with it.
 */
export const TOTP_STEP_S = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** HOTP (RFC 4226 §5.3): dynamic truncation of HMAC(secret, counter), `digits` decimal digits. */
export function hotp(secret: Buffer, counter: number, digits = TOTP_DIGITS, algorithm: TotpAlgorithm = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** The time step a moment falls in. */
export const totpStep = (nowMs: number, stepS = TOTP_STEP_S) => Math.floor(nowMs / 1000 / stepS);

/** The code for a moment (RFC 6238 §4). */
export function totp(secret: Buffer, nowMs: number, opts: { digits?: number; algorithm?: TotpAlgorithm } = {}): string {
  return hotp(secret, totpStep(nowMs), opts.digits, opts.algorithm);
}

/**
 * The step whose code `code` is, within ±TOTP_WINDOW steps of `nowMs` and after
 * `lastStep`; undefined when there is none. Every candidate is compared in constant time.
 */
export function verifyTotp(secret: Buffer, code: string, nowMs: number, lastStep: number | null = null): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const current = totpStep(nowMs);
  let found: number | undefined;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    const ok = timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(code));
    if (ok && found === undefined && (lastStep === null || step > lastStep)) found = step;
  }
  return found;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as otpauth:// URIs carry secrets. */
export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Buffer {
  const clean = s.replace(/[\s=-]/g, '').toUpperCase();
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of clean) {
    const i = BASE32.indexOf(c);
    if (i < 0) throw new Error('not base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new TOTP secret: 160 bits, the HMAC-SHA-1 key size RFC 4226 recommends. */
export const newTotpSecret = () => randomBytes(20);

/** The otpauth:// URI authenticator apps read from a QR code (Key Uri Format). */
export function otpauthUri(secret: Buffer, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const q = new URLSearchParams({ secret: base32Encode(secret), issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_S) });
  return `otpauth://totp/${label}?${q.toString()}`;
}

/**
 * TOTP secrets at rest: AES-256-GCM under the MFA key, bound to their owner (tenant and
 * user ids as associated data), so a row copied onto another user does not decrypt.
 * Stored as `v1.<iv>.<ciphertext>.<tag>` (base64url).
 */
export class SecretBox {
  private readonly key: Buffer;
  private readonly recoveryKey: Buffer;

  constructor(keyMaterial: string) {
    this.key = createHash('sha256').update(keyMaterial).digest();
    this.recoveryKey = createHmac('sha256', this.key).update('sentinel:mfa-recovery-codes').digest();
  }

  seal(plain: Buffer, owner: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(owner));
    const ct = Buffer.concat([c.update(plain), c.final()]);
    return ['v1', iv, ct, c.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** The secret, or undefined when the box was sealed for someone else, altered, or under another key. */
  open(sealed: string, owner: string): Buffer | undefined {
    const [v, iv, ct, tag] = sealed.split('.');
    if (v !== 'v1' || !iv || !ct || !tag) return undefined;
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      d.setAAD(Buffer.from(owner));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]);
    } catch {
      return undefined;
    }
  }

  /** The stored form of a recovery code: a keyed hash of its normalised text (codes carry 50 random bits). */
  recoveryHash(code: string): string {
    return createHmac('sha256', this.recoveryKey).update(normaliseRecoveryCode(code)).digest('hex');
  }
}

// Crockford's base32, lower case: no i, l, o or u to misread.
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** `xxxxx-xxxxx`: 10 characters from a 32-letter alphabet (50 bits). */
export function newRecoveryCode(): string {
  const b = randomBytes(10);
  const s = [...b].map((x) => RECOVERY_ALPHABET[x & 31]).join('');
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/** Whether `code` has the shape of a recovery code (not of a TOTP code). */
export const looksLikeRecoveryCode = (code: string) => /^[a-z0-9]{10}$/.test(normaliseRecoveryCode(code));
