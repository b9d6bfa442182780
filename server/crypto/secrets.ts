import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (OAuth tokens). Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url),
 * so any configured key can decrypt and rotation only needs the old key kept in ENCRYPTION_KEYS_OLD.
 */
export interface Keyring {
  currentKeyId: string;
  encryptionKeys: Map<string, Buffer>;
}

export function encryptSecret(keys: Keyring, plaintext: string): string {
  const key = keys.encryptionKeys.get(keys.currentKeyId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', keys.currentKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export function decryptSecret(keys: Keyring, sealed: string): string {
  const [v, keyId, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !keyId || !iv || !tag || ct === undefined) throw new Error('not an encrypted secret');
  const key = keys.encryptionKeys.get(keyId);
  if (!key) throw new Error(`secret was encrypted with unknown key ${keyId}`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** Which key sealed this secret (for re-encryption after rotation). */
export const keyIdOfSecret = (sealed: string) => sealed.split('.')[1] ?? null;

/** Tokens handed to users (refresh tokens, API keys, codes) are stored only as SHA-256: they are high-entropy. */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
