/**
 * Validly signed Twilio webhooks with values no column can hold. Twilio retries a 5xx and speaks "an
 * application error has occurred" to the caller, so each is answered with safe TwiML (call-facing
 * webhooks) or a 4xx (status, recording, SMS), logged, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { callSid, fakeNumber, postTwilio, telephonyEnv } from '../../testkit/twilio.ts';

let app: TestApp;
const warnings: string[] = [];
beforeAll(async () => {
  app = await startTestApp({ env: telephonyEnv() });
  const log = app.ctx.log;
  const warn = log.warn.bind(log);
  log.warn = ((obj: unknown, msg?: string) => {
    warnings.push(String(msg));
    return warn(obj as never, msg as never);
  }) as typeof log.warn;
});
afterAll(() => app.close());

const FROM = '+15125550142';
const SORRY = 'Sorry, something went wrong. Goodbye.';

async function business() {
  const phone = fakeNumber();
  const b = await createBusiness(app.ctx.db, {
    name: 'Rapid Rooter',
    services: ['drain cleaning'],
    timezone: 'America/Chicago',
    phone,
  });
  return { b, phone };
}

async function liveCall(phone: string) {
  const sid = callSid();
  const voice = await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: FROM, To: phone });
  expect(voice.status).toBe(200);
  return { sid, call: await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } }) };
}

describe('odd values on call-facing webhooks end the call politely, writing nothing', () => {
  it('a NUL in CallSid, From or To of the voice webhook: safe TwiML, no call row', async () => {
    const { phone } = await business();
    for (const [field, value] of [
      ['CallSid', `${callSid()}\u0000`],
      ['From', `${FROM}\u0000`],
      ['To', `${phone}\u0000`],
    ] as const) {
      const sid = field === 'CallSid' ? value : callSid();
      const r = await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: FROM, To: phone, [field]: value });
      expect(r.status, field).toBe(200);
      expect(r.headers.get('content-type'), field).toContain('text/xml');
      expect(r.body, field).toContain(SORRY);
      expect(r.body, field).toContain('<Hangup/>');
      expect(await app.ctx.db.call.count({ where: { twilioCallSid: { startsWith: sid.slice(0, 34) } } })).toBe(0);
    }
    expect(warnings).toContain('Twilio webhook refused; answered with a hang-up');
  });

  it('a NUL in SpeechResult of the consent answer: safe TwiML, consent still pending', async () => {
    const { phone } = await business();
    const { sid, call } = await liveCall(phone);
    const r = await postTwilio(app.url, `/twilio/consent?callId=${call.id}&attempt=1`, {
      CallSid: sid,
      SpeechResult: 'yes\u0000please',
    });
    expect(r.status).toBe(200);
    expect(r.body).toContain(SORRY);
    expect(await app.ctx.db.consentRecord.findUniqueOrThrow({ where: { callId: call.id } })).toMatchObject({
      outcome: 'pending',
      answer: null,
    });
  });

  it('a voice webhook for a callback deleted before it connected: safe TwiML, not a foreign-key 500', async () => {
    const { b, phone } = await business();
    const cb = await app.ctx.db.callbackRequest.create({
      data: { businessId: b.id, name: 'Ana', phone: FROM, consentCall: true, tokenHash: 'x'.repeat(64) },
    });
    await app.ctx.db.callbackRequest.delete({ where: { id: cb.id } });
    const sid = callSid();
    const r = await postTwilio(app.url, `/twilio/voice?callbackRequestId=${cb.id}`, {
      CallSid: sid,
      From: phone,
      To: FROM,
      Direction: 'outbound-api',
    });
    expect(r.status).toBe(200);
    expect(r.body).toContain(SORRY);
    expect(await app.ctx.db.call.count({ where: { twilioCallSid: sid } })).toBe(0);
    // Other calls on the same number are still answered (the failed statement was this call's alone).
    expect((await liveCall(phone)).call.status).toBe('in_progress');
  });
});

describe('odd values on status, recording and SMS callbacks are 4xx, never 5xx', () => {
  it('a NUL in CallSid, RecordingSid or SMS From: 400 problem, nothing stored', async () => {
    const { phone } = await business();
    const { sid, call } = await liveCall(phone);
    const rec = await postTwilio(app.url, '/twilio/recording', {
      CallSid: sid,
      RecordingSid: `RE${'a'.repeat(31)}\u0000`,
      RecordingStatus: 'completed',
    });
    expect(rec.status).toBe(400);
    expect(rec.headers.get('content-type')).toContain('application/problem+json');
    const status = await postTwilio(app.url, '/twilio/status', { CallSid: `${sid}\u0000`, CallStatus: 'completed' });
    expect(status.status).toBe(400);
    const smsFrom = `${FROM}\u0000`;
    const sms = await postTwilio(app.url, '/twilio/sms', { From: smsFrom, Body: 'STOP' });
    expect(sms.status).toBe(400);
    expect(await app.ctx.db.smsOptOut.count({ where: { phone: { startsWith: FROM } } })).toBe(0);
    expect(await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({
      recordingSid: null,
      status: 'in_progress',
    });
  });

  it('a RecordingSid that is not RE + 32 hex digits is refused and never stored or fetched', async () => {
    const { phone } = await business();
    const { sid, call } = await liveCall(phone);
    for (const bad of ['RE../../Calls', `RE${'g'.repeat(32)}`, `CA${'a'.repeat(32)}`, 'RE123']) {
      const r = await postTwilio(app.url, '/twilio/recording', {
        CallSid: sid,
        RecordingSid: bad,
        RecordingStatus: 'completed',
      });
      expect(r.status, bad).toBe(422);
    }
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).recordingSid).toBeNull();
  });

  it('CallDuration and RecordingDuration of 99999999999 are clamped to a day, not an integer overflow', async () => {
    const { phone } = await business();
    const { sid, call } = await liveCall(phone);
    const rec = await postTwilio(app.url, '/twilio/recording', {
      CallSid: sid,
      RecordingSid: `RE${'b'.repeat(32)}`,
      RecordingStatus: 'completed',
      RecordingDuration: '99999999999',
    });
    expect(rec.status).toBe(204);
    const done = await postTwilio(app.url, '/twilio/status', {
      CallSid: sid,
      CallStatus: 'completed',
      CallDuration: '99999999999',
    });
    expect(done.status).toBe(204);
    expect(await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({
      status: 'completed',
      durationSeconds: 86_400,
      recordingSeconds: 86_400,
    });
    // Values no integer type holds are refused outright.
    for (const v of ['1e400', '-5', '12.5']) {
      const r = await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: v });
      expect(r.status, v).toBe(422);
    }
  });
});
