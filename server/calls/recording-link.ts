import { createHmac } from 'node:crypto';
import { safeEqual } from '../crypto/secrets.ts';

/**
 * Recordings are served by Leadline itself behind an expiring HMAC-signed link (never Twilio's URL), so a
 * link pasted into a CRM or an e-mail stops working after `ttlSeconds`.
 */
const sign = (secret: Buffer, callId: string, exp: number) =>
  createHmac('sha256', secret).update(`recording:${callId}:${exp}`).digest('base64url');

export function signedRecordingUrl(
  baseUrl: string,
  secret: Buffer,
  callId: string,
  ttlSeconds = 7 * 86_400,
  now = Date.now(),
): string {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  return `${baseUrl}/recordings/${callId}?exp=${exp}&sig=${sign(secret, callId, exp)}`;
}

export function verifyRecordingLink(
  secret: Buffer,
  callId: string,
  exp: number,
  sig: string,
  now = Date.now(),
): boolean {
  return exp * 1000 > now && safeEqual(sig, sign(secret, callId, exp));
}

/**
 * Whether a call's recording may be played back: the caller said yes to being recorded, or the call is a
 * voicemail (mode 'voicemail', as voice.ts and db-call-relays.ts store it), where what was recorded is the
 * message the caller chose to leave after the prompt. A call whose caller declined or was never asked is not
 * recorded any other way (call.start_recording runs only after a yes), and its recording is never served.
 */
export function recordingPlayable(call: {
  recordingSid: string | null;
  mode: string;
  consent: { outcome: string } | null;
}): boolean {
  return Boolean(call.recordingSid) && (call.consent?.outcome === 'granted' || call.mode === 'voicemail');
}
