import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import bcrypt from 'bcrypt';
import { AppError } from '../errors.js';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

const require = createRequire(import.meta.url);

/**
 * Stored password hashes come in two versions:
 *
 * - v2 (every new hash): `$sentinel-v2` + bcrypt(base64(HMAC-SHA-384(password))). bcrypt reads at
 *   most 72 bytes (and stops at a NUL); the 64-character base64 digest fits and contains no NUL, so
 *   every byte of the password counts, whatever its length.
 * - v1 (legacy): plain bcrypt of the password. The old schema refused passwords over 72 bytes, so a
 *   longer candidate can never be the right one; refusing it closes the truncation hole for these
 *   hashes too. A successful login upgrades a v1 hash (see `needsRehash`).
 *
 * The HMAC key is a fixed domain-separation label, not a secret: the hash must stay verifiable with
 * nothing but the database.
 */
const V2_PREFIX = '$sentinel-v2';
const PREHASH_KEY = 'sentinel/password-prehash/v2';
const BCRYPT_MAX_BYTES = 72;

const prehash = (password: string) => createHmac('sha384', PREHASH_KEY).update(password, 'utf8').digest('base64');
const isV2 = (hash: string) => hash.startsWith(`${V2_PREFIX}$2`);

const dummyHashes = new Map<number, Promise<string>>();

export async function hashPassword(password: string, cost: number): Promise<string> {
  return V2_PREFIX + (await bcrypt.hash(prehash(password), cost));
}

/**
 * Compares a password with a stored hash. With no hash (unknown user, or a user who
 * has not set a password yet) it still runs one bcrypt comparison of the same cost,
 * so response time does not tell whether an account exists.
 */
export async function verifyPassword(password: string, hash: string | null | undefined, cost: number): Promise<boolean> {
  if (!hash) {
    let dummy = dummyHashes.get(cost);
    if (!dummy) dummyHashes.set(cost, (dummy = hashPassword('sentinel-timing-equaliser', cost)));
    await bcrypt.compare(prehash(password), (await dummy).slice(V2_PREFIX.length));
    return false;
  }
  if (isV2(hash)) return bcrypt.compare(prehash(password), hash.slice(V2_PREFIX.length));
  // v1: the comparison still runs, so a too-long candidate costs the same time.
  const ok = await bcrypt.compare(password, hash);
  return ok && Buffer.byteLength(password, 'utf8') <= BCRYPT_MAX_BYTES;
}

/** True when a verified hash should be replaced: a legacy version, or a cost below the configured one. */
export function needsRehash(hash: string, cost: number): boolean {
  if (!isV2(hash)) return true;
  return bcrypt.getRounds(hash.slice(V2_PREFIX.length)) < cost;
}

/** zxcvbn scores 0 (too guessable) to 4 (very unguessable); 3 resists an offline attack on a slow hash. */
export const MIN_PASSWORD_SCORE = 3;
// Matching is super-linear in length; past this many characters the estimate is long settled.
const STRENGTH_MAX_CHARS = 128;

let estimator: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  if (estimator) return estimator;
  // Loaded and built on first use (~200 ms: the dictionaries are decompressed and ranked), then
  // shared. Not at import: the dictionaries take ~30 MiB that the worker and the Tenant
  // controller, which import this package but never check a password, would carry for nothing.
  const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const en = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
  estimator = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
    maxLength: STRENGTH_MAX_CHARS,
  });
  return estimator;
}

/**
 * Why a password is too easy to guess, or undefined when it is strong enough.
 * `userInputs` are words an attacker would try first for this account (its email,
 * the email's local part, the tenant's slug): a password built on them scores low.
 */
export function passwordWeakness(password: string, userInputs: readonly string[] = []): string | undefined {
  const inputs = [...new Set(userInputs.flatMap((s) => [s, ...s.split(/[@.+_-]/)]).filter((s) => s.length >= 3))].map((s) => s.toLowerCase());
  const { score, feedback } = zxcvbn().check(password, inputs);
  if (score >= MIN_PASSWORD_SCORE) return undefined;
  const why = [feedback.warning, ...feedback.suggestions].filter((s): s is string => Boolean(s));
  return `is too easy to guess (strength ${score} of 4, at least ${MIN_PASSWORD_SCORE} needed)${why.length ? `: ${why.join(' ')}` : ''}`;
}

/** Refuses a weak password with a 400 naming `field` and saying why. */
export function assertStrongPassword(password: string, userInputs: readonly string[], field = 'body.password'): void {
  const weakness = passwordWeakness(password, userInputs);
  if (weakness) throw new AppError('SENTINEL_VALIDATION_FAILED', 'The password is too easy to guess', { errors: [{ field, message: weakness }] });
}
