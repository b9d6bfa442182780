/** Pure consent logic: the words spoken and how an answer is read. */

export const MAX_CONSENT_ATTEMPTS = 2;

/** The business settings that decide what a call keeps, so the words can say exactly that. */
export interface ConsentSettings {
  name: string;
  consentPrompt: string | null;
  recordingEnabled: boolean;
  transcriptionEnabled: boolean;
}

/** The keypad digit that withdraws consent mid-call (as "stop recording" does by voice). */
export const WITHDRAW_DIGIT = '9';
const WITHDRAW_HINT = 'You can say "stop recording" or press 9 at any time.';

/**
 * The disclosure and consent question. It names only what a "yes" keeps (a recording, a transcript, or
 * neither), and how to take it back. A callback the visitor asked for on the website opens by saying so
 * (they did not call us; "thanks for calling" would confuse them), then asks the same question; a
 * business's own wording follows that opener unchanged.
 */
export function consentPrompt(business: ConsentSettings, opts: { callback?: boolean } = {}): string {
  const opener = opts.callback
    ? `Hi, this is ${business.name}, calling you back about the request you left on our website. `
    : '';
  if (business.consentPrompt) return opener + business.consentPrompt;
  const kept = [business.recordingEnabled && 'recorded', business.transcriptionEnabled && 'transcribed'].filter(
    Boolean,
  );
  const what = kept.length
    ? `This call may be ${kept.join(' and ')} so we can follow up with you. ${WITHDRAW_HINT}`
    : "This call isn't recorded or transcribed.";
  const greeting = opts.callback ? '' : `Thanks for calling ${business.name}. `;
  return `${opener}${greeting}You're speaking with an AI assistant. ${what} Is that okay? Say yes or press 1. Say no or press 2.`;
}

/**
 * What the caller hears after answering "no" (or nothing): never a recording; a transcript only when the
 * business keeps one on decline (transcriptOnDecline), and then how to stop it. Without transcription the
 * words are not stored even for the lead, so nothing is promised about details.
 */
export function declinedPreamble(
  business: Pick<ConsentSettings, 'transcriptionEnabled'> & { transcriptOnDecline: boolean },
  outcome: 'declined' | 'no_answer',
): string {
  const start = outcome === 'declined' ? "No problem: this call won't be recorded" : "I'll continue without recording";
  if (business.transcriptionEnabled && business.transcriptOnDecline)
    return `${start}, but a written transcript is kept so we can follow up. ${WITHDRAW_HINT}`;
  if (business.transcriptionEnabled) return `${start}, and we'll keep only the details you give us to follow up.`;
  return `${start}.`;
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
