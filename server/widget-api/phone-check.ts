/**
 * Proof that a callback's number is the visitor's own (when the business turns `verifyPhone` on): a
 * six-digit code sent by SMS to the number, typed back into the form. The code is never stored: the
 * widget holds a signed ticket naming the business, the number, a deadline and a nonce, and the code is
 * checked by recomputing the signature. Guesses are counted per ticket (PostgreSQL rate windows, shared by
 * every node) and a ticket is spent once.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { safeEqual } from '../crypto/secrets.ts';

export const CODE_TTL_SECONDS = 600;
export const MAX_CODE_GUESSES = 5;

const mac = (secret: Buffer, businessId: string, e164: string, code: string, exp: string, nonce: string) =>
  createHmac('sha256', secret).update(`sms:${businessId}:${e164}:${code}:${exp}:${nonce}`).digest('base64url');

/** A fresh code and the ticket that can confirm it. Pure but for randomness. */
export function issuePhoneCheck(secret: Buffer, businessId: string, e164: string, now: number) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const exp = String(Math.floor(now / 1000) + CODE_TTL_SECONDS);
  const nonce = randomBytes(12).toString('base64url');
  return {
    code,
    id: `${exp}.${nonce}.${mac(secret, businessId, e164, code, exp, nonce)}`,
    expiresAt: new Date(Number(exp) * 1000).toISOString(),
  };
}

/** The ticket's nonce (to count guesses against) when it is well-formed and unexpired. */
export function phoneCheckNonce(id: string, now: number): string | null {
  const [exp, nonce, sig] = id.split('.');
  if (!exp || !nonce || !sig || !/^\d+$/.test(exp) || Number(exp) * 1000 <= now) return null;
  return nonce;
}

export function phoneCheckMatches(secret: Buffer, businessId: string, e164: string, id: string, code: string): boolean {
  const [exp = '', nonce = '', sig = ''] = id.split('.');
  return safeEqual(sig, mac(secret, businessId, e164, code, exp, nonce));
}
