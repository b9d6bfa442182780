/**
 * A proof of work for each callback request (hashcash over SHA-256): the widget API issues a challenge
 * bound to the business and a deadline, signed so nothing is stored until it is spent; the widget finds a
 * counter whose hash has `bits` leading zero bits with WebCrypto (no third-party script, works under a
 * strict CSP). A person's browser pays about a second once; a script placing thousands of calls pays it
 * thousands of times. Spent once (the caller of checkProof records the nonce). Pure.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../crypto/secrets.ts';

/** Expected hashes: 2^bits (16 ≈ 65k, about a second of WebCrypto in a phone's browser). */
export const DEFAULT_POW_BITS = 16;
export const POW_TTL_SECONDS = 600;

export interface Challenge {
  challenge: string;
  bits: number;
  expiresAt: string;
}

const mac = (secret: Buffer, businessId: string, payload: string) =>
  createHmac('sha256', secret).update(`pow:${businessId}:${payload}`).digest('base64url');

export function issueChallenge(secret: Buffer, businessId: string, bits: number, now: number): Challenge {
  const exp = Math.floor(now / 1000) + POW_TTL_SECONDS;
  const payload = `${bits}.${exp}.${randomBytes(12).toString('base64url')}`;
  return {
    challenge: `${payload}.${mac(secret, businessId, payload)}`,
    bits,
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}

export function leadingZeroBits(hash: Uint8Array): number {
  let n = 0;
  for (const byte of hash) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** The hash a solution is judged by: SHA-256 of `challenge:solution` (what the widget computes). */
export const proofHash = (challenge: string, solution: string) =>
  createHash('sha256').update(`${challenge}:${solution}`).digest();

export type ProofCheck = { ok: true; nonce: string } | { ok: false; message: string };

/** Signed by us for this business, not expired, at least `minBits` hard, and solved. */
export function checkProof(
  secret: Buffer,
  businessId: string,
  proof: { challenge: string; solution: string },
  now: number,
  minBits: number,
): ProofCheck {
  const parts = proof.challenge.split('.');
  if (parts.length !== 4) return { ok: false, message: 'Not a challenge we issued' };
  const [bitsText, expText, nonce, sig] = parts as [string, string, string, string];
  const payload = `${bitsText}.${expText}.${nonce}`;
  if (!safeEqual(sig, mac(secret, businessId, payload))) return { ok: false, message: 'Not a challenge we issued' };
  const bits = Number(bitsText);
  if (!Number.isInteger(bits) || bits < minBits) return { ok: false, message: 'The challenge is too easy' };
  if (Number(expText) * 1000 <= now) return { ok: false, message: 'The challenge has expired; try again' };
  if (leadingZeroBits(proofHash(proof.challenge, proof.solution)) < bits)
    return { ok: false, message: 'The challenge is not solved' };
  return { ok: true, nonce };
}
