import bcrypt from 'bcrypt';

const dummyHashes = new Map<number, Promise<string>>();

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

/**
 * Compares a password with a stored hash. With no hash (unknown user, or a user who
 * has not set a password yet) it still runs one bcrypt comparison of the same cost,
 * so response time does not tell whether an account exists.
 */
export async function verifyPassword(password: string, hash: string | null | undefined, cost: number): Promise<boolean> {
  if (!hash) {
    let dummy = dummyHashes.get(cost);
    if (!dummy) dummyHashes.set(cost, (dummy = bcrypt.hash('sentinel-timing-equaliser', cost)));
    await bcrypt.compare(password, await dummy);
    return false;
  }
  return bcrypt.compare(password, hash);
}
