import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

/** TwiML documents, built with the twilio package's own VoiceResponse (escaping handled there). */
const { VoiceResponse } = twilio.twiml;

/**
 * A document built once around a placeholder and then filled in per call by joining strings: building
 * the consent question for every call was about 5% of the voice webhook's CPU. Only for values that
 * XML leaves as they are (ids), which is checked.
 */
export function fillable(render: (slot: string) => string): (value: string) => string {
  const slot = 'slot' + randomBytes(12).toString('hex');
  const parts = render(slot).split(slot);
  return (value) => {
    if (!/^[\w-]+$/.test(value)) throw new Error('fillable TwiML takes ids only');
    return parts.join(value);
  };
}

export function unknownNumber(): string {
  const r = new VoiceResponse();
  r.say('Sorry, this number is not in service. Goodbye.');
  r.hangup();
  return r.toString();
}

export function askConsent(p: { prompt: string; actionUrl: string; noInputUrl: string; language?: string }): string {
  const r = new VoiceResponse();
  const g = r.gather({
    input: ['dtmf', 'speech'],
    numDigits: 1,
    timeout: 6,
    speechTimeout: 'auto',
    action: p.actionUrl,
    method: 'POST',
    hints: 'yes, no',
    language: (p.language ?? 'en-US') as never,
    actionOnEmptyResult: true,
  });
  g.say(p.prompt);
  r.redirect({ method: 'POST' }, p.noInputUrl);
  return r.toString();
}

export function connectStream(p: { streamUrl: string; parameters: Record<string, string>; preamble?: string }): string {
  const r = new VoiceResponse();
  if (p.preamble) r.say(p.preamble);
  const stream = r.connect().stream({ url: p.streamUrl });
  for (const [name, value] of Object.entries(p.parameters)) stream.parameter({ name, value });
  return r.toString();
}

/** Forward to a person; when nobody answers, `fallbackUrl` decides what happens next. */
export function forward(p: {
  to: string;
  callerId?: string;
  actionUrl: string;
  timeoutSeconds?: number;
  /** The longest the forwarded leg may last (what the reserved minutes cover). */
  timeLimitSeconds?: number;
  preamble?: string;
}): string {
  const r = new VoiceResponse();
  if (p.preamble) r.say(p.preamble);
  const d = r.dial({
    timeout: p.timeoutSeconds ?? 20,
    ...(p.timeLimitSeconds ? { timeLimit: p.timeLimitSeconds } : {}),
    action: p.actionUrl,
    method: 'POST',
    ...(p.callerId ? { callerId: p.callerId } : {}),
  });
  d.number(p.to);
  return r.toString();
}

export function voicemail(p: { businessName: string; recordingCallbackUrl: string; actionUrl: string }): string {
  const r = new VoiceResponse();
  r.say(
    `Sorry, nobody at ${p.businessName} can take your call right now. Please leave your name, number and what you need after the tone, and we'll call you back.`,
  );
  r.record({
    maxLength: 180,
    playBeep: true,
    action: p.actionUrl,
    method: 'POST',
    recordingStatusCallback: p.recordingCallbackUrl,
    recordingStatusCallbackMethod: 'POST',
    trim: 'trim-silence',
  });
  r.say('We did not get a message. Goodbye.');
  r.hangup();
  return r.toString();
}

export function goodbye(text = 'Thanks for calling. Goodbye.'): string {
  const r = new VoiceResponse();
  r.say(text);
  r.hangup();
  return r.toString();
}

export function say(text: string): string {
  const r = new VoiceResponse();
  r.say(text);
  return r.toString();
}
