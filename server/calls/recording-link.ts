import { createHmac } from 'node:crypto';
import { safeEqual } from '../crypto/secrets.ts';

/**
 * Recordings are served by Leadline itself behind an expiring HMAC-signed link (never Twilio's URL). A link
 * is minted for one view by a signed-in member (GET /api/v1/calls/:callId/recording) and names that viewer,
 * so every fetch is audited as theirs; it lives at most an hour. E-mails and CRMs only ever get the
 * authenticated page (recordingPageUrl), never a link that plays by itself.
 */
export const MAX_RECORDING_LINK_SECONDS = 3600;

const sign = (secret: Buffer, callId: string, exp: number, viewer: string) =>
  createHmac('sha256', secret).update(`recording:${callId}:${exp}:${viewer}`).digest('base64url');

export function signedRecordingUrl(
  baseUrl: string,
  secret: Buffer,
  callId: string,
  ttlSeconds: number,
  now = Date.now(),
  viewer = '',
): string {
  const exp = Math.floor(now / 1000) + Math.min(ttlSeconds, MAX_RECORDING_LINK_SECONDS);
  const v = viewer ? `&v=${encodeURIComponent(viewer)}` : '';
  return `${baseUrl}/recordings/${callId}?exp=${exp}${v}&sig=${sign(secret, callId, exp, viewer)}`;
}

export function verifyRecordingLink(
  secret: Buffer,
  callId: string,
  exp: number,
  sig: string,
  now = Date.now(),
  viewer = '',
): boolean {
  // An expiry further out than any link we mint is not ours (or was minted before links were short).
  if (exp * 1000 > now + MAX_RECORDING_LINK_SECONDS * 1000 + 5_000) return false;
  return exp * 1000 > now && safeEqual(sig, sign(secret, callId, exp, viewer));
}

/** The authenticated page of a call's recording: what e-mails and CRMs link to. */
export const recordingPageUrl = (baseUrl: string, callId: string) => `${baseUrl}/api/v1/calls/${callId}/recording`;

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
