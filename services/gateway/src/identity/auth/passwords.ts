import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { bilingual } from '../../http/validation-messages';

// argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): ~30 ms here.
// `algorithm: 2` is Argon2id (the package's const enum cannot be imported under isolatedModules).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 10;
// Long enough for passphrases, short enough that hashing stays cheap for an attacker's input.
export const PASSWORD_MAX = 200;

const COMMON = new Set([
  'password12',
  'password123',
  'password1234',
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'katasandi123',
  'rahasia1234',
  'indonesia123',
  'bismillah123',
  'tatalaman123',
  'admin12345',
]);

/**
 * The password policy (NIST SP 800-63B style: length over composition): 10 to 200
 * characters, not one character repeated, not a well-known password.
 */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, bilingual('Kata sandi minimal 10 karakter', 'The password needs at least 10 characters'))
  .max(
    PASSWORD_MAX,
    bilingual('Kata sandi maksimal 200 karakter', 'The password may have at most 200 characters'),
  )
  .refine(
    (p) => new Set(p).size > 2,
    bilingual('Kata sandi terlalu mudah ditebak', 'The password is too easy to guess'),
  )
  .refine(
    (p) => !COMMON.has(p.toLowerCase()),
    bilingual('Kata sandi ini terlalu umum', 'This password is too common'),
  );

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against a throw-away hash: a login with an unknown email then takes as long
 * as one with a wrong password, so timing does not tell which emails exist.
 */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-account-' + Math.random());
  await verifyPassword(await dummy, password);
}
