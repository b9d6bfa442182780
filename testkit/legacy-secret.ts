import { createCipheriv } from 'node:crypto';

/** A secret as Leadline sealed it before slots existed (v1: AES-256-GCM, no additional authenticated data). */
export function sealV1(key: Buffer, keyId: string, plaintext: string): string {
  const iv = Buffer.alloc(12, 9);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return ['v1', keyId, iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join(
    '.',
  );
}
