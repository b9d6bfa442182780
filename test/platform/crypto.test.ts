import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, keyIdOfSecret } from '../../server/crypto/secrets.ts';

const ring = (id: string, fill: number) => ({ currentKeyId: id, encryptionKeys: new Map([[id, Buffer.alloc(32, fill)]]) });

describe('secrets at rest', () => {
  it('round-trips with AES-256-GCM, a fresh IV each time, and the key id recorded', () => {
    const r = ring('aaaa', 3);
    const a = encryptSecret(r, 'refresh-token-123');
    const b = encryptSecret(r, 'refresh-token-123');
    expect(a).not.toBe(b);
    expect(a).not.toContain('refresh-token-123');
    expect(keyIdOfSecret(a)).toBe('aaaa');
    expect(decryptSecret(r, a)).toBe('refresh-token-123');
  });

  it('detects tampering and unknown keys', () => {
    const r = ring('aaaa', 3);
    const sealed = encryptSecret(r, 'secret');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('x' + Buffer.from(parts[4]!, 'base64url').toString('latin1')).toString('base64url');
    expect(() => decryptSecret(r, parts.join('.'))).toThrow();
    expect(() => decryptSecret(ring('bbbb', 3), sealed)).toThrow(/unknown key aaaa/);
  });

  it('decrypts with a rotated-out key kept in the ring', () => {
    const old = ring('old1', 4);
    const sealed = encryptSecret(old, 'tok');
    const rotated = { currentKeyId: 'new1', encryptionKeys: new Map([['new1', Buffer.alloc(32, 5)], ['old1', Buffer.alloc(32, 4)]]) };
    expect(decryptSecret(rotated, sealed)).toBe('tok');
    expect(keyIdOfSecret(encryptSecret(rotated, 'tok'))).toBe('new1');
  });
});
