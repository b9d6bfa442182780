import { z } from 'zod';

/**
 * Every visible or announced string of the widget, English by default. A business overrides any of them
 * through its widget settings' `labels` (that is how other languages are served). The config response
 * carries the resolved set, so the widget bundle ships none of these but the four it shows before the
 * config arrives (widget/src/labels.ts). `{name}` placeholders are filled by the widget.
 */
export const WIDGET_LABELS = {
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
  codeTitle: 'Confirm your number',
  codeSent: 'We texted a 6-digit code to {phone}.',
  code: '6-digit code',
  codeSubmit: 'Confirm and call me back',
  codeResend: 'Send a new code',
  codeResent: 'A new code is on its way.',
  codeChecking: 'Checking the code…',
  errCode: 'Please enter the 6-digit code.',
  errCodeWrong: 'That code is not right. Check the text and try again.',
  errCodeExpired: 'That code has expired. Send a new one.',
} as const;

export type WidgetLabelKey = keyof typeof WIDGET_LABELS;
export type WidgetLabels = Record<WidgetLabelKey, string>;

const LABEL_KEYS = Object.keys(WIDGET_LABELS) as WidgetLabelKey[];

/** The config response's `labels`: every key, always present, already resolved. */
export const widgetLabelsSchema = z
  .object(Object.fromEntries(LABEL_KEYS.map((k) => [k, z.string()])) as Record<WidgetLabelKey, z.ZodString>)
  .describe(
    "Every string the widget shows or announces: the business's overrides over the English defaults. " +
      '`{phone}`, `{business}` and `{seconds}` placeholders are filled by the widget.',
  );

/** Defaults overlaid with the business's overrides; unknown keys, non-strings and blank strings are ignored. */
export function resolveWidgetLabels(overrides?: Record<string, unknown> | null): WidgetLabels {
  const out: WidgetLabels = { ...WIDGET_LABELS };
  if (overrides) {
    for (const key of LABEL_KEYS) {
      const v = overrides[key];
      if (typeof v === 'string' && v.trim()) out[key] = v;
    }
  }
  return out;
}
