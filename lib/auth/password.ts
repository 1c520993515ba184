/**
 * Password hashing with bcryptjs: pure-JavaScript bcrypt, so nothing native has
 * to build on a locked-down machine. Cost 12 (OWASP asks for at least 10).
 */
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

export const BCRYPT_COST = 12;

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A stored hash made at a lower cost than today's, to be replaced when its owner next signs in. */
export function needsRehash(hash: string): boolean {
  try {
    return bcrypt.getRounds(hash) < BCRYPT_COST;
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * What an unknown email's password is checked against: a hash of a random
 * secret made at BCRYPT_COST, the cost every stored hash has (or gets at its
 * owner's next sign-in), so a wrong email takes as long as a wrong password and
 * does not reveal which accounts exist. Made once per process.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(18).toString("base64"));
  return dummy;
}

export async function verifyAgainstNothing(password: string): Promise<false> {
  await bcrypt.compare(password, await dummyPasswordHash());
  return false;
}
