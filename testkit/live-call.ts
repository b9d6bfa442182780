/**
 * A consented AI call as Twilio drives it: the voice webhook answers, the caller presses 1, the Media
 * Stream opens with the TwiML's signed parameters, and the fake Realtime server gets its session.
 */
import twilio from 'twilio';
import type { TestApp } from './app.ts';
import type { FakeRealtimeServer } from './fake-realtime.ts';
import { FakeTwilioCall } from './fake-twilio-media.ts';
import { callSid, postTwilio, TWILIO_SID, TWILIO_TOKEN } from './twilio.ts';

export const signStream = () => twilio.getExpectedTwilioSignature(TWILIO_TOKEN, 'wss://leadline.test/twilio/media', {});

export async function liveConsentedCall(
  app: TestApp,
  realtime: FakeRealtimeServer,
  p: { phone: string; from?: string; voicePath?: string; outbound?: boolean; sid?: string; digits?: string },
) {
  const sid = p.sid ?? callSid();
  const from = p.from ?? '+15125550142';
  const answer = await postTwilio(
    app.url,
    p.voicePath ?? '/twilio/voice',
    p.outbound
      ? { CallSid: sid, From: p.phone, To: from, Direction: 'outbound-api' }
      : { CallSid: sid, From: from, To: p.phone },
  );
  const call = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
  const twiml = (
    await postTwilio(app.url, `/twilio/consent?callId=${call.id}&attempt=1`, { CallSid: sid, Digits: p.digits ?? '1' })
  ).body;
  const parameters = Object.fromEntries(
    [...twiml.matchAll(/<Parameter name="(\w+)" value="([^"]+)"\/>/g)].map((m) => [m[1]!, m[2]!]),
  );
  const before = realtime.connections.length;
  const twilioSide = new FakeTwilioCall({
    url: app.url.replace('http', 'ws') + '/twilio/media',
    callSid: sid,
    accountSid: TWILIO_SID,
    customParameters: parameters,
    headers: { 'x-twilio-signature': signStream() },
    playback: 'instant',
  });
  await twilioSide.connect();
  const ai = await realtime.connection(before, 5000);
  await ai.waitFor('session.update');
  return { sid, call, answer, consent: twiml, twilioSide, ai };
}

/** Polls `fn` until it gives a value (a row written by another process, a socket event), or fails with `what`. */
export async function until<T>(fn: () => Promise<T | null | undefined | false>, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
