import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * API key secrets: `snl_<tenant><key>_<secret>_<checksum>`, modelled on GitHub's and
 * Stripe's token formats.
 * - `snl_` makes a leaked key recognisable to secret scanners and in logs.
 * - `<tenant><key>`: the tenant id and the key id, each a UUID in 22 base62 characters,
 *   so verification is one primary-key read under the tenant's RLS.
 * - `<secret>`: 32 random bytes (256 bits) in 43 base62 characters.
 * - `<checksum>`: CRC32 of everything before it, 6 base62 characters: a typo or a
 *   forged key is refused without any lookup, and scanners can tell a real key from noise.
 * Only HMAC-SHA-256(pepper, secret) is stored: fast enough to check on every request,
 * useless to someone who reads the table without the pepper.
 */
export const API_KEY_PREFIX = 'snl_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const UUID_LEN = 22;
const SECRET_LEN = 43;
const CHECK_LEN = 6;
export const API_KEY_PATTERN = /^snl_([0-9A-Za-z]{44})_([0-9A-Za-z]{43})_([0-9A-Za-z]{6})$/;
/** Anything that looks like a key, anywhere in a string (query strings, logs). */
export const API_KEY_LIKE = /snl_[0-9A-Za-z]{44}_/;

function base62(n: bigint, width: number): string {
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return out.padStart(width, '0');
}

function unbase62(s: string): bigint {
  let n = 0n;
  for (const c of s) n = n * 62n + BigInt(ALPHABET.indexOf(c));
  return n;
}

const uuidToBase62 = (uuid: string) => base62(BigInt(`0x${uuid.replace(/-/g, '')}`), UUID_LEN);

function base62ToUuid(s: string): string | undefined {
  const n = unbase62(s);
  if (n >= 1n << 128n) return undefined;
  const h = n.toString(16).padStart(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const checksum = (body: string) => base62(BigInt(crc32(body)), CHECK_LEN);

/** A new secret for a key: the full key to show once, and the hash to store. */
export function newApiKeySecret(pepper: string, tenantId: string, keyId: string): { key: string; secretHash: string } {
  const secret = base62(BigInt(`0x${randomBytes(32).toString('hex')}`), SECRET_LEN);
  const body = `${API_KEY_PREFIX}${uuidToBase62(tenantId)}${uuidToBase62(keyId)}_${secret}`;
  return { key: `${body}_${checksum(body)}`, secretHash: apiKeySecretHash(pepper, secret) };
}

export interface ParsedApiKey {
  tenantId: string;
  keyId: string;
  secret: string;
}

/** The ids and secret of a well-formed key whose checksum holds; undefined otherwise (no lookup needed). */
export function parseApiKey(key: string): ParsedApiKey | undefined {
  const m = API_KEY_PATTERN.exec(key);
  if (!m) return undefined;
  const [, ids, secret, check] = m as unknown as [string, string, string, string];
  if (checksum(key.slice(0, key.length - CHECK_LEN - 1)) !== check) return undefined;
  const tenantId = base62ToUuid(ids.slice(0, UUID_LEN));
  const keyId = base62ToUuid(ids.slice(UUID_LEN));
  if (!tenantId || !keyId) return undefined;
  return { tenantId, keyId, secret };
}

export function apiKeySecretHash(pepper: string, secret: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function apiKeySecretMatches(pepper: string, secret: string, storedHash: string): boolean {
  const a = Buffer.from(apiKeySecretHash(pepper, secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a tenant's key may be allowed (tenant admins hand them out): its own tenant only. */
export const API_KEY_SCOPES = ['users:read', 'users:write', 'audit:read', 'jobs:read'] as const;
/**
 * What a platform key (one of the platform tenant's keys, held by platform admins) may be
 * allowed: the platform-admin routes, across tenants. `audit:read` and `jobs:read` are the
 * same words as a tenant key's, and mean every tenant's rows here, because a platform key
 * is admitted only by the platform-admin routes (its role is platform_admin).
 */
export const PLATFORM_KEY_SCOPES = ['tenants:read', 'tenants:write', 'audit:read', 'jobs:read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number] | (typeof PLATFORM_KEY_SCOPES)[number];
/** Every scope word, once (the OpenAPI enum). */
export const ALL_KEY_SCOPES = [
  'users:read',
  'users:write',
  'audit:read',
  'jobs:read',
  'tenants:read',
  'tenants:write',
] as const satisfies readonly ApiKeyScope[];
