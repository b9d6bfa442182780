import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, keyIdOfSecret } from '../../server/crypto/secrets.ts';
import { sealV1 } from '../../testkit/legacy-secret.ts';

const ring = (id: string, fill: number) => ({
  currentKeyId: id,
  encryptionKeys: new Map([[id, Buffer.alloc(32, fill)]]),
});
const SLOT = 'Connection:0b3c1f7e-0000-4000-8000-000000000001:refreshToken';

describe('secrets at rest', () => {
  it('round-trips with AES-256-GCM, a fresh IV each time, and the key id recorded', () => {
    const r = ring('aaaa', 3);
    const a = encryptSecret(r, 'refresh-token-123', SLOT);
    const b = encryptSecret(r, 'refresh-token-123', SLOT);
    expect(a).not.toBe(b);
    expect(a).not.toContain('refresh-token-123');
    expect(a).toMatch(/^v2\.aaaa\./);
    expect(keyIdOfSecret(a)).toBe('aaaa');
    expect(decryptSecret(r, a, SLOT)).toBe('refresh-token-123');
  });

  it('opens a secret only for the slot it was sealed for', () => {
    const r = ring('aaaa', 3);
    const sealed = encryptSecret(r, 'tok', SLOT);
    expect(() => decryptSecret(r, sealed, SLOT.replace('0001', '0002'))).toThrow(
      /does not open for Connection:.*0002:refreshToken/,
    );
    expect(() => decryptSecret(r, sealed, SLOT.replace('refreshToken', 'accessToken'))).toThrow(/does not open/);
    // Relabelling it as a v1 secret (no AAD) does not get round the binding either.
    expect(() => decryptSecret(r, sealed.replace(/^v2/, 'v1'), SLOT)).toThrow(/altered/);
  });

  it('still opens v1 secrets written before slots, wherever they are', () => {
    const r = ring('aaaa', 3);
    const legacy = sealV1(Buffer.alloc(32, 3), 'aaaa', 'old-token');
    expect(decryptSecret(r, legacy, SLOT)).toBe('old-token');
  });

  it('detects tampering, truncated tags and unknown keys', () => {
    const r = ring('aaaa', 3);
    const sealed = encryptSecret(r, 'secret', SLOT);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('x' + Buffer.from(parts[4]!, 'base64url').toString('latin1')).toString('base64url');
    expect(() => decryptSecret(r, parts.join('.'), SLOT)).toThrow();
    // A 4-byte tag is a valid GCM tag length unless the decipher insists on 16: forging one takes ~2^32 tries.
    const short = sealed.split('.');
    short[3] = Buffer.from(short[3]!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => decryptSecret(r, short.join('.'), SLOT)).toThrow(/authentication tag/);
    expect(() => decryptSecret(ring('bbbb', 3), sealed, SLOT)).toThrow(/unknown key aaaa/);
    expect(() => decryptSecret(r, `${sealed}.extra`, SLOT)).toThrow(/not an encrypted secret/);
  });

  it('decrypts with a rotated-out key kept in the ring (v1 and v2)', () => {
    const old = ring('old1', 4);
    const sealed = encryptSecret(old, 'tok', SLOT);
    const rotated = {
      currentKeyId: 'new1',
      encryptionKeys: new Map([
        ['new1', Buffer.alloc(32, 5)],
        ['old1', Buffer.alloc(32, 4)],
      ]),
    };
    expect(decryptSecret(rotated, sealed, SLOT)).toBe('tok');
    expect(decryptSecret(rotated, sealV1(Buffer.alloc(32, 4), 'old1', 'tok1'), SLOT)).toBe('tok1');
    expect(keyIdOfSecret(encryptSecret(rotated, 'tok', SLOT))).toBe('new1');
  });
});
