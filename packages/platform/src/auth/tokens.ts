import { createHash, createSecretKey, randomBytes, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Config } from '../config.js';

export type Role = 'platform_admin' | 'tenant_admin' | 'member';

export interface AccessClaims {
  sub: string;
  tid: string;
  role: Role;
  /**
   * The refresh-token family (session) the token was issued with, so the caller can tell
   * which of its sessions is the current one. Optional: tokens issued before this claim
   * existed, and verifiers that ignore it, keep working.
   */
  fid?: string | undefined;
  /** When (epoch seconds) the user last proved a second factor in this sign-in; step-up reads it. */
  mfaAt?: number | undefined;
}

/** The one algorithm accepted: pinned on signing and on verification. */
export const JWT_ALGORITHM = 'HS256' as const;

// A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as
// a PEM public key on every call (measured: ~2% of a request's CPU).
const keys = new WeakMap<Config, KeyObject>();
function signingKey(config: Config): KeyObject {
  let k = keys.get(config);
  if (!k) keys.set(config, (k = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'))));
  return k;
}

export function signAccessToken(config: Config, claims: AccessClaims): string {
  const payload = {
    tid: claims.tid,
    role: claims.role,
    typ: 'access',
    ...(claims.fid ? { fid: claims.fid } : {}),
    ...(claims.mfaAt !== undefined ? { mfa_at: claims.mfaAt, amr: ['pwd', 'otp'] } : {}),
  };
  return jwt.sign(payload, signingKey(config), {
    algorithm: JWT_ALGORITHM,
    subject: claims.sub,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    expiresIn: config.JWT_ACCESS_TTL_S,
    jwtid: randomUUID(),
  });
}

/** Options for verifying access tokens; every check is on, nothing is optional. */
export function accessTokenVerifyOptions(config: Config) {
  return {
    secret: signingKey(config),
    algorithms: [JWT_ALGORITHM],
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  };
}

/**
 * What a sign-in waiting for its second factor holds: the user, the tenant and what the
 * user must do (`verify` a code, or `enrol` first because the tenant requires MFA). It is
 * signed like access tokens but has its own `typ` and audience, so it is never accepted
 * as one; `jti` keys its attempt counter and its single use.
 */
export interface MfaChallengeClaims {
  sub: string;
  tid: string;
  purpose: 'verify' | 'enrol';
  jti: string;
}

const challengeAudience = (config: Config) => `${config.JWT_AUDIENCE}:mfa-challenge`;

export function signMfaChallenge(config: Config, claims: Omit<MfaChallengeClaims, 'jti'>, ttlS: number): { token: string; jti: string } {
  const jti = randomUUID();
  const token = jwt.sign({ tid: claims.tid, purpose: claims.purpose, typ: 'mfa_challenge' }, signingKey(config), {
    algorithm: JWT_ALGORITHM,
    subject: claims.sub,
    issuer: config.JWT_ISSUER,
    audience: challengeAudience(config),
    expiresIn: ttlS,
    jwtid: jti,
  });
  return { token, jti };
}

/** The claims of a valid, unexpired challenge; undefined for anything else (an access token included). */
export function verifyMfaChallenge(config: Config, token: string): MfaChallengeClaims | undefined {
  try {
    const p = jwt.verify(token, signingKey(config), {
      algorithms: [JWT_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: challengeAudience(config),
    }) as Record<string, unknown>;
    if (p.typ !== 'mfa_challenge' || typeof p.sub !== 'string' || typeof p.tid !== 'string' || typeof p.jti !== 'string') return undefined;
    if (p.purpose !== 'verify' && p.purpose !== 'enrol') return undefined;
    if (!UUID.test(p.sub) || !UUID.test(p.tid)) return undefined;
    return { sub: p.sub, tid: p.tid, purpose: p.purpose, jti: p.jti };
  } catch {
    return undefined;
  }
}

/** How far in the future an access token's `iat` may lie: clocks of API instances drift a little. */
export const ACCESS_TOKEN_CLOCK_SKEW_S = 30;

/**
 * The time claims a verified signature does not guarantee: jsonwebtoken accepts a token
 * without `exp` (it never expires) and ignores `iat`. Every access token must carry both,
 * must not be issued in the future, and must not live longer than Sentinel issues them for.
 * Returns why the claims are refused, or undefined. (`exp` in the past is jsonwebtoken's check.)
 */
export function accessTokenTimeProblem(config: Config, payload: { iat?: unknown; exp?: unknown }, nowS = Date.now() / 1000): string | undefined {
  const { iat, exp } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'The token has no expiry';
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return 'The token has no issue time';
  if (iat > nowS + ACCESS_TOKEN_CLOCK_SKEW_S) return 'The token is issued in the future';
  if (exp <= iat || exp - iat > config.JWT_ACCESS_TTL_S) return 'The token lives longer than an access token may';
  return undefined;
}

/**
 * Refresh tokens are opaque to clients: `<tenantId>.<tokenId>.<secret>`. The ids let
 * the server find the row under RLS; only a SHA-256 of the secret is stored.
 */
export function newRefreshToken(tenantId: string, tokenId: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${tenantId}.${tokenId}.${secret}`, hash: sha256(secret) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function parseRefreshToken(token: string): { tenantId: string; tokenId: string; secret: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [tenantId, tokenId, secret] = parts as [string, string, string];
  if (!UUID.test(tenantId) || !UUID.test(tokenId) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  return { tenantId, tokenId, secret };
}

export function refreshSecretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(sha256(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
