/**
 * Every visible or announced string of the widget, English by default. A business overrides any of them
 * through `config.labels` (that is how other languages are served: the widget ships no translations, so
 * the bundle stays small). `{name}` placeholders are filled by `fill()`.
 */
export const DEFAULT_LABELS = {
  launcher: 'Call me back',
  close: 'Close',
  loading: 'Loading…',
  loadError: 'Unavailable right now.',
  openNow: 'Open now',
  closedNow: 'Closed — our AI receptionist answers 24/7',
  callUs: 'Call {phone}',
  formTitle: 'Call me back',
  name: 'Your name',
  phone: 'Phone number',
  reason: 'How can we help? (optional)',
  consentCall: 'I agree to a phone call from {business} about my request (it may be answered by an AI receptionist).',
  consentSms: 'Text me updates (optional)',
  website: 'Leave this field empty',
  submit: 'Call me back',
  submitting: 'Sending…',
  errName: 'Please enter your name.',
  errPhone: 'Please enter a valid phone number.',
  errConsent: 'Please agree to receive the call.',
  errReason: 'Please keep this under 500 characters.',
  errRateLimited: 'Too many requests. Try again in {seconds} s.',
  errForbidden: 'Callbacks are not enabled on this website.',
  errNetwork: 'Could not send your request. Please call us instead.',
  errGeneric: 'Something went wrong. Please try again.',
  statusQueued: 'Request received — we will call you shortly.',
  statusCalling: 'Calling you now…',
  statusRinging: 'Your phone is ringing.',
  statusInConversation: 'You are in the call.',
  statusCompleted: 'Call completed. Thank you!',
  statusCompletedLead: 'Call completed — we have your details and will follow up.',
  statusNoAnswer: 'We could not reach you.',
  statusNoAnswerRetry: 'We could not reach you — we will try again.',
  statusFailed: 'The call could not be completed. Please call us instead.',
  statusLost: 'Your request was received; live status is unavailable.',
  again: 'Request another call',
} as const;

export type LabelKey = keyof typeof DEFAULT_LABELS;
export type Labels = Record<LabelKey, string>;

/** Defaults overlaid with the business's overrides; unknown keys and non-strings are ignored. */
export function resolveLabels(overrides?: Record<string, unknown> | null): Labels {
  const out: Labels = { ...DEFAULT_LABELS };
  if (overrides) {
    for (const key of Object.keys(DEFAULT_LABELS) as LabelKey[]) {
      const v = overrides[key];
      if (typeof v === 'string' && v.trim()) out[key] = v;
    }
  }
  return out;
}

/** Fills `{placeholder}`s; unknown placeholders stay visible so a typo in an override is noticed. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
