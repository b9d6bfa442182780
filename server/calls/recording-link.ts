import { createHmac } from 'node:crypto';
import { safeEqual } from '../crypto/secrets.ts';

/**
 * Recordings are served by Leadline itself behind an expiring HMAC-signed link (never Twilio's URL), so a
 * link pasted into a CRM or an e-mail stops working after `ttlSeconds`.
 */
const sign = (secret: Buffer, callId: string, exp: number) => createHmac('sha256', secret).update(`recording:${callId}:${exp}`).digest('base64url');

export function signedRecordingUrl(baseUrl: string, secret: Buffer, callId: string, ttlSeconds = 7 * 86_400, now = Date.now()): string {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  return `${baseUrl}/recordings/${callId}?exp=${exp}&sig=${sign(secret, callId, exp)}`;
}

export function verifyRecordingLink(secret: Buffer, callId: string, exp: number, sig: string, now = Date.now()): boolean {
  return exp * 1000 > now && safeEqual(sig, sign(secret, callId, exp));
}
