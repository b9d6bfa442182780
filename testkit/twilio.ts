import twilio from 'twilio';
import { call, type Reply } from './http.ts';

export const TWILIO_SID = 'AC' + 'a1'.repeat(16);
export const TWILIO_TOKEN = 'twilio-test-auth-token-0123456789';
export const TWILIO_API = 'https://api.twilio.test';
export const PUBLIC_BASE = 'https://leadline.test';

/** Env that makes the app a fully configured Twilio + OpenAI service pointed at test endpoints. */
export const telephonyEnv = (extra: Record<string, string> = {}) => ({
  TWILIO_ACCOUNT_SID: TWILIO_SID,
  TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
  TWILIO_API_BASE_URL: TWILIO_API,
  OPENAI_API_KEY: 'sk-test-0123456789',
  PUBLIC_BASE_URL: PUBLIC_BASE,
  ...extra,
});

/**
 * POSTs a form-encoded webhook the way Twilio does, signed with the twilio package's own helper over the
 * public URL. `signature: false` sends none; a string sends that value.
 */
export async function postTwilio(
  base: string,
  pathAndQuery: string,
  params: Record<string, string>,
  opts: { signature?: false | string; token?: string } = {},
): Promise<Reply<string>> {
  const sig =
    opts.signature === undefined
      ? twilio.getExpectedTwilioSignature(opts.token ?? TWILIO_TOKEN, PUBLIC_BASE + pathAndQuery, params)
      : opts.signature;
  const res = await fetch(base + pathAndQuery, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(sig ? { 'x-twilio-signature': sig } : {}) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

export const callSid = () =>
  'CA' + Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');

/** A random US number in the 555-01xx fiction range, unique enough per test. */
export const fakeNumber = () =>
  `+1${200 + Math.floor(Math.random() * 700)}555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;

export { call };
