// Password hashing (bcrypt, cost 10, as GoTrue) and GoTrue's strength rules.
import bcrypt from 'bcryptjs';
import { badRequest, weakPasswordError } from './errors.ts';

const BCRYPT_COST = 10;
/** bcrypt ignores bytes beyond 72, so GoTrue refuses longer passwords. */
const MAX_PASSWORD_BYTES = 72;
// Compared against when the e-mail is unknown, so that the answer takes as long as for a known one.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', BCRYPT_COST);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash || !hash.startsWith('$2')) {
    await bcrypt.compare(password, DUMMY_HASH);
    return false;
  }
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}

export interface PasswordWeakness {
  message: string;
  reasons: string[];
}

/** Too long → 400 validation_failed (thrown); too short → the weakness, or null when strong. */
export function passwordWeakness(password: string, minLength: number): PasswordWeakness | null {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw badRequest('validation_failed', `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  if (Buffer.byteLength(password, 'utf8') < minLength) {
    return { message: `Password should be at least ${minLength} characters.`, reasons: ['length'] };
  }
  return null;
}

export function assertStrongPassword(password: string, minLength: number): void {
  const weakness = passwordWeakness(password, minLength);
  if (weakness) throw weakPasswordError(weakness.message, weakness.reasons);
}
