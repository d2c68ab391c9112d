import { createHash } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import type { Db } from '../db/connection.ts';
import { findIdentity, insertIdentity, type IdentityRow } from '../repositories/sync.ts';

// Pure-JS Ed25519 (the same code in Node and in Electron's main process); the sync API needs SHA-512.
ed.hashes.sha512 = sha512;

/** A new Ed25519 key pair: the 32-byte seed (private) and the 32-byte public key, hex. */
export function newKeyPair(): { publicKey: string; privateKey: string } {
  const secret = ed.utils.randomSecretKey();
  return { privateKey: Buffer.from(secret).toString('hex'), publicKey: Buffer.from(ed.getPublicKey(secret)).toString('hex') };
}

/** What users read out to each other: SHA-256 of the raw public key, first 20 bytes, upper-case hex in groups of 4. */
export function fingerprintOf(publicKeyHex: string): string {
  const digest = createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest('hex').slice(0, 40).toUpperCase();
  return (digest.match(/.{4}/g) ?? []).join(' ');
}

/** A fingerprint as typed: spaces and case do not matter. */
export const normalizeFingerprint = (fp: string): string => fp.replace(/[\s:-]/g, '').toUpperCase();

export function signBytes(message: Uint8Array, privateKeyHex: string): Uint8Array {
  return ed.sign(message, Buffer.from(privateKeyHex, 'hex'));
}

/** Strict RFC 8032 verification; a malformed key or signature is simply not valid. */
export function verifyBytes(signature: Uint8Array, message: Uint8Array, publicKeyHex: string): boolean {
  try {
    if (signature.length !== 64 || !/^[0-9a-f]{64}$/.test(publicKeyHex)) return false;
    return ed.verify(signature, message, Buffer.from(publicKeyHex, 'hex'), { zip215: false });
  } catch {
    return false;
  }
}

/**
 * This office's key pair: made at setup.init, or on first use for a database created before the
 * sync feature. The private key is stored in the database file (see docs/bundle-format.md, 密钥).
 */
export function ensureIdentity(db: Db, now: Date): IdentityRow {
  const found = findIdentity(db);
  if (found) return found;
  const keys = newKeyPair();
  db.transaction(() => insertIdentity(db, { public_key: keys.publicKey, private_key: keys.privateKey, created_at: now.toISOString() }))();
  return findIdentity(db) as IdentityRow;
}
