import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (OAuth tokens, PKCE verifiers). Format (base64url parts):
 *   `v2.<keyId>.<iv>.<tag>.<ciphertext>`, sealed with the secret's slot as additional authenticated data;
 *   `v1.<keyId>.<iv>.<tag>.<ciphertext>`, written before slots existed: no AAD, still read.
 * The key id lets any configured key decrypt, so rotation only needs the old key kept in
 * ENCRYPTION_KEYS_OLD. The slot (`Connection:<id>:accessToken`) binds a ciphertext to the row and column
 * it was written for: someone who can write the database but not read the key cannot move another
 * tenant's token into their own row and have it used for them.
 */
export interface Keyring {
  currentKeyId: string;
  encryptionKeys: Map<string, Buffer>;
}

const TAG_BYTES = 16;

/** Where a sealed secret lives: table, row id, field. The row id must exist before the secret is sealed. */
export const secretSlot = (table: string, id: string, field: string) => `${table}:${id}:${field}`;

export function encryptSecret(keys: Keyring, plaintext: string, slot: string): string {
  const key = keys.encryptionKeys.get(keys.currentKeyId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(slot, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v2',
    keys.currentKeyId,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ct.toString('base64url'),
  ].join('.');
}

/** Opens a secret sealed for `slot` (a v1 secret, sealed before slots, opens wherever it is). */
export function decryptSecret(keys: Keyring, sealed: string, slot: string): string {
  const [v, keyId, iv, tag, ct, extra] = sealed.split('.');
  if ((v !== 'v1' && v !== 'v2') || !keyId || !iv || !tag || ct === undefined || extra !== undefined)
    throw new Error('not an encrypted secret');
  const key = keys.encryptionKeys.get(keyId);
  if (!key) throw new Error(`secret was encrypted with unknown key ${keyId}`);
  const tagBytes = Buffer.from(tag, 'base64url');
  // Without authTagLength GCM accepts a truncated tag (down to 4 bytes), which is far easier to forge.
  if (tagBytes.length !== TAG_BYTES) throw new Error('secret has a malformed authentication tag');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
  if (v === 'v2') decipher.setAAD(Buffer.from(slot, 'utf8'));
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      v === 'v2'
        ? `secret does not open for ${slot}: sealed for another row or field, or altered`
        : 'secret was altered',
    );
  }
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
