import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt parameters (N=2^15, r=8, p=1): ~50 ms per check on an office PC, 32 MiB memory.
const N = 1 << 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/** Stored form: scrypt$N$r$p$salt$hash (base64). */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [tag, n, r, p, saltB64, keyB64] = stored.split('$');
  if (tag !== 'scrypt' || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = scryptSync(password.normalize('NFC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM,
  });
  return timingSafeEqual(key, expected);
}

let dummyHash: string | undefined;

/**
 * Spends the same scrypt work as a real check, so the response time of a sign-in does not
 * reveal whether the user name exists.
 */
export function burnPasswordCheck(password: string): void {
  dummyHash ??= hashPassword('not-a-real-password');
  verifyPassword(password, dummyHash);
}
