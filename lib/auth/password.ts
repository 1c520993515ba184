/**
 * Password hashing with bcryptjs: pure-JavaScript bcrypt, so nothing native has
 * to build on a locked-down machine. Cost 12 (OWASP asks for at least 10).
 */
import bcrypt from "bcryptjs";

export const BCRYPT_COST = 12;

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the account does not exist, so a wrong email takes as
// long as a wrong password and does not reveal which accounts exist.
const DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuP1bZ6m8wYpJw0n6Jv1J2bZ0sQ3Sx6aK";

export async function verifyAgainstNothing(password: string): Promise<false> {
  await bcrypt.compare(password, DUMMY_HASH);
  return false;
}
