/** Pure consent logic: the words spoken and how an answer is read. */

export const MAX_CONSENT_ATTEMPTS = 2;

/**
 * The disclosure and consent question. A callback the visitor asked for on the website opens by saying
 * so (they did not call us; "thanks for calling" would confuse them), then asks the same question; a
 * business's own wording follows that opener unchanged.
 */
export function consentPrompt(
  business: { name: string; consentPrompt: string | null; recordingEnabled: boolean },
  opts: { callback?: boolean } = {},
): string {
  const opener = opts.callback
    ? `Hi, this is ${business.name}, calling you back about the request you left on our website. `
    : '';
  if (business.consentPrompt) return opener + business.consentPrompt;
  const what = business.recordingEnabled ? 'recorded and transcribed' : 'transcribed';
  const greeting = opts.callback ? '' : `Thanks for calling ${business.name}. `;
  return `${opener}${greeting}You're speaking with an AI assistant. This call may be ${what} so we can follow up with you. Is that okay? Say yes or press 1. Say no or press 2.`;
}

const YES =
  /\b(yes|yeah|yep|yup|sure|ok(ay)?|fine|go ahead|of course|absolutely|that'?s fine|i agree|alright|all right|si|sí)\b/i;
const NO = /\b(no|nope|nah|don'?t|do not|not okay|rather not|decline|refuse)\b/i;

/** 'yes' / 'no' from keypad digits or speech; null when the answer says neither (or both). */
export function parseConsentAnswer(p: { digits?: string | null; speech?: string | null }): 'yes' | 'no' | null {
  const d = (p.digits ?? '').trim();
  if (d === '1') return 'yes';
  if (d === '2') return 'no';
  const s = (p.speech ?? '').trim();
  if (!s) return null;
  const yes = YES.test(s);
  const no = NO.test(s);
  if (yes && !no) return 'yes';
  if (no && !yes) return 'no';
  // "no problem", "no, that's fine" read as consent; "yes... actually no" stays ambiguous.
  if (/\bno (problem|worries)\b|\bno,? that'?s (fine|ok(ay)?)\b/i.test(s)) return 'yes';
  return null;
}
