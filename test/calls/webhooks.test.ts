import nock from 'nock';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { signedRecordingUrl } from '../../server/calls/recording-link.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { queuedJobs } from '../../testkit/jobs.ts';
import { callSid, fakeNumber, postTwilio, telephonyEnv, TWILIO_API, TWILIO_SID } from '../../testkit/twilio.ts';
import { ledgerBalance } from '../../server/billing/ledger.ts';
import { setBalance } from '../../testkit/minutes.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: telephonyEnv() });
});
afterAll(() => app.close());
afterEach(() => nock.cleanAll());

async function business(overrides: Record<string, unknown> = {}) {
  const phone = fakeNumber();
  const b = await createBusiness(app.ctx.db, {
    name: 'Rapid Rooter',
    services: ['drain cleaning'],
    timezone: 'America/Chicago',
    phone,
    ...overrides,
  });
  return { b, phone };
}

const jobs = (task: string, key: string) => queuedJobs(app.ctx.db, task, key);

/** Places an inbound call and answers the consent question with `answer` (digits), returning the call row. */
async function answeredCall(phone: string, answer?: Record<string, string>) {
  const sid = callSid();
  const voice = await postTwilio(app.url, '/twilio/voice', {
    CallSid: sid,
    From: '+15125550142',
    To: phone,
    Direction: 'inbound',
    AccountSid: TWILIO_SID,
  });
  expect(voice.status).toBe(200);
  const call = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
  const path = `/twilio/consent?callId=${call.id}&attempt=1`;
  const consent = answer ? await postTwilio(app.url, path, { CallSid: sid, ...answer }) : null;
  return { sid, call, voice, consent };
}

describe('Twilio webhook signatures', () => {
  it('refuses a missing signature with 401 and a wrong one with 403, writing nothing', async () => {
    const { phone } = await business();
    const sid = callSid();
    const params = { CallSid: sid, From: '+15125550142', To: phone };
    expect((await postTwilio(app.url, '/twilio/voice', params, { signature: false })).status).toBe(401);
    expect((await postTwilio(app.url, '/twilio/voice', params, { signature: 'bm90IGEgc2lnbmF0dXJl' })).status).toBe(
      403,
    );
    // Signed for another URL (what a proxy-internal URL would give): refused.
    const wrongUrl = twilio.getExpectedTwilioSignature(
      'twilio-test-auth-token-0123456789',
      'http://internal:3000/twilio/voice',
      params,
    );
    expect((await postTwilio(app.url, '/twilio/voice', params, { signature: wrongUrl })).status).toBe(403);
    for (const path of [
      '/twilio/status',
      '/twilio/recording',
      '/twilio/consent?callId=00000000-0000-4000-8000-000000000000&attempt=1',
      '/twilio/sms',
    ]) {
      expect((await postTwilio(app.url, path, { CallSid: sid }, { signature: false })).status, path).toBe(401);
    }
    expect(await app.ctx.db.call.count({ where: { twilioCallSid: sid } })).toBe(0);
  });

  it('answers 503 when Twilio is not configured instead of accepting unverifiable requests', async () => {
    const bare = await startTestApp();
    try {
      const r = await postTwilio(bare.url, '/twilio/voice', { CallSid: callSid(), To: '+15125550100' });
      expect(r.status).toBe(503);
    } finally {
      await bare.close();
    }
  });
});

describe('POST /twilio/voice', () => {
  it('tells unknown numbers the number is not in service and hangs up', async () => {
    const r = await postTwilio(app.url, '/twilio/voice', {
      CallSid: callSid(),
      From: '+15125550142',
      To: '+19995550000',
    });
    expect(r.headers.get('content-type')).toContain('text/xml');
    expect(r.body).toMatch(/<Say>Sorry, this number is not in service/);
    expect(r.body).toContain('<Hangup/>');
  });

  it('discloses the AI, asks for consent, and stores the call and a pending consent record', async () => {
    const { b, phone } = await business({ consentPrompt: null });
    const { call, voice } = await answeredCall(phone);
    expect(voice.body).toContain(`You're speaking with an AI assistant`);
    expect(voice.body).toMatch(/<Gather input="dtmf speech" numDigits="1"/);
    expect(voice.body).toContain(`action="https://leadline.test/twilio/consent?callId=${call.id}&amp;attempt=1"`);
    expect(call).toMatchObject({
      businessId: b.id,
      direction: 'inbound',
      mode: 'ai',
      status: 'in_progress',
      from: '+15125550142',
      to: phone,
    });
    const consent = await app.ctx.db.consentRecord.findUniqueOrThrow({ where: { callId: call.id } });
    expect(consent).toMatchObject({ outcome: 'pending', attempts: 0 });
    expect(consent.promptText).toContain('Rapid Rooter');
  });

  it('uses the business wording for the consent question', async () => {
    const { phone } = await business({
      consentPrompt: 'Hola! This is the Rapid Rooter robot. May we record? Press 1 for yes.',
    });
    const { voice } = await answeredCall(phone);
    expect(voice.body).toContain('Hola! This is the Rapid Rooter robot.');
  });

  it('never starts an AI conversation a business cannot pay for: forwards, else voicemail', async () => {
    const { phone: forwarding } = await business({ active: true });
    const { b: broke, phone } = await business({ forwardingNumber: '+15125559999' });
    await setBalance(app.ctx.db, broke.id, 0);
    const fwd = await postTwilio(app.url, '/twilio/voice', { CallSid: callSid(), From: '+15125550142', To: phone });
    expect(fwd.body).toMatch(
      /<Dial timeout="20" action="https:\/\/leadline.test\/twilio\/fallback\?callId=[^"]+" method="POST" callerId="\+15125550142"><Number>\+15125559999<\/Number><\/Dial>/,
    );
    expect(fwd.body).not.toContain('<Stream');

    const { b: inactive, phone: p2 } = await business();
    await app.ctx.db.business.update({ where: { id: inactive.id }, data: { active: false } });
    const sid = callSid();
    const vm = await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: '+15125550142', To: p2 });
    expect(vm.body).toMatch(/<Record maxLength="180"/);
    expect(vm.body).toContain('recordingStatusCallback="https://leadline.test/twilio/recording"');
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } })).mode).toBe('voicemail');
    void forwarding;
  });

  it('goes to voicemail when the forwarded call is not answered', async () => {
    const { b, phone } = await business({ forwardingNumber: '+15125559999' });
    await setBalance(app.ctx.db, b.id, 0);
    const sid = callSid();
    await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: '+15125550142', To: phone });
    const call = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
    const r = await postTwilio(app.url, `/twilio/fallback?callId=${call.id}`, {
      CallSid: sid,
      DialCallStatus: 'no-answer',
    });
    expect(r.body).toContain('<Record');
    const done = await postTwilio(app.url, `/twilio/fallback?callId=${call.id}`, {
      CallSid: sid,
      DialCallStatus: 'completed',
    });
    expect(done.body).toContain('<Hangup/>');
  });

  it('answers a retried webhook for the same call without a second call row', async () => {
    const { phone } = await business();
    const sid = callSid();
    const params = { CallSid: sid, From: '+15125550142', To: phone };
    await postTwilio(app.url, '/twilio/voice', params);
    await postTwilio(app.url, '/twilio/voice', params);
    expect(await app.ctx.db.call.count({ where: { twilioCallSid: sid } })).toBe(1);
  });
});

describe('consent', () => {
  it('yes (keypad 1) → consent granted, recording job queued, conversation stream with a signed call parameter', async () => {
    const { phone } = await business();
    const { call, consent } = await answeredCall(phone, { Digits: '1' });
    expect(consent!.body).toMatch(
      /<Connect><Stream url="wss:\/\/leadline.test\/twilio\/media"><Parameter name="callId" value="[0-9a-f-]{36}"\/><Parameter name="token" value="[\w-]{43}"\/><\/Stream><\/Connect>/,
    );
    const rec = await app.ctx.db.consentRecord.findUniqueOrThrow({ where: { callId: call.id } });
    expect(rec).toMatchObject({ outcome: 'granted', method: 'dtmf', answer: '1', attempts: 1 });
    expect(await jobs('call.start_recording', call.id)).toBe(1);
  });

  it('yes by speech, but the business does not record → granted, no recording', async () => {
    const { phone } = await business({ recordingEnabled: false });
    const { call } = await answeredCall(phone, { SpeechResult: 'Yeah sure, go ahead.' });
    expect((await app.ctx.db.consentRecord.findUniqueOrThrow({ where: { callId: call.id } })).outcome).toBe('granted');
    expect(await jobs('call.start_recording', call.id)).toBe(0);
  });

  it('no → declined, no recording, the conversation still happens', async () => {
    const { phone } = await business();
    const { call, consent } = await answeredCall(phone, { SpeechResult: 'No, I would rather not.' });
    expect(consent!.body).toContain("won't be recorded");
    expect(consent!.body).toContain('<Stream');
    expect((await app.ctx.db.consentRecord.findUniqueOrThrow({ where: { callId: call.id } })).outcome).toBe('declined');
    expect(await jobs('call.start_recording', call.id)).toBe(0);
  });

  it('silence → asked again once, then no_answer without recording', async () => {
    const { phone } = await business();
    const { call, sid } = await answeredCall(phone);
    const first = await postTwilio(app.url, `/twilio/consent?callId=${call.id}&attempt=1&timeout=1`, { CallSid: sid });
    expect(first.body).toContain("Sorry, I didn't catch that.");
    expect(first.body).toContain('attempt=2');
    const second = await postTwilio(app.url, `/twilio/consent?callId=${call.id}&attempt=2&timeout=1`, { CallSid: sid });
    expect(second.body).toContain('<Stream');
    const rec = await app.ctx.db.consentRecord.findUniqueOrThrow({ where: { callId: call.id } });
    expect(rec).toMatchObject({ outcome: 'no_answer', attempts: 2 });
    expect(await jobs('call.start_recording', call.id)).toBe(0);
  });

  it('a consent answer for another call sid is refused', async () => {
    const { phone } = await business();
    const { call } = await answeredCall(phone);
    const r = await postTwilio(app.url, `/twilio/consent?callId=${call.id}&attempt=1`, {
      CallSid: callSid(),
      Digits: '1',
    });
    expect(r.body).toContain('something went wrong');
    expect((await app.ctx.db.consentRecord.findUniqueOrThrow({ where: { callId: call.id } })).outcome).toBe('pending');
  });
});

describe('status and recording callbacks', () => {
  it('drives the lifecycle, charges whole minutes once, and queues post-call processing in the same step', async () => {
    const { b, phone } = await business();
    const { sid, call } = await answeredCall(phone, { Digits: '1' });
    const before = (await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } })).secondsBalance;
    // Late "ringing" after in-progress: ignored.
    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'ringing' });
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe('in_progress');
    for (let i = 0; i < 2; i++)
      expect(
        (await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '61' }))
          .status,
      ).toBe(204);
    const done = await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(done).toMatchObject({ status: 'completed', durationSeconds: 61 });
    expect(done.endedAt).not.toBeNull();
    expect((await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } })).secondsBalance).toBe(before - 120);
    expect(
      await app.ctx.db.minuteEntry.findMany({
        where: { callId: call.id },
        select: { kind: true, seconds: true, idempotencyKey: true },
      }),
    ).toEqual([{ kind: 'usage', seconds: -120, idempotencyKey: `call:${call.id}` }]);
    expect(await ledgerBalance(app.ctx.db, b.id)).toBe(before - 120);
    expect(await jobs('call.process', call.id)).toBe(1);
  });

  it.each([
    ['busy', 'busy'],
    ['no-answer', 'no_answer'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
  ])('records a %s call as %s without charging or processing', async (twilioStatus, ours) => {
    const { b, phone } = await business();
    const sid = callSid();
    await app.ctx.db.call.create({
      data: { businessId: b.id, twilioCallSid: sid, direction: 'outbound', status: 'queued', to: phone },
    });
    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'ringing' });
    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: twilioStatus, CallDuration: '0' });
    const c = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
    expect(c.status).toBe(ours);
    expect(await app.ctx.db.minuteEntry.count({ where: { callId: c.id } })).toBe(0);
    expect(await jobs('call.process', c.id)).toBe(0);
  });

  it('stores the recording sid and duration, and serves the audio only through a valid signed link', async () => {
    const { phone } = await business();
    const { sid, call } = await answeredCall(phone, { Digits: '1' });
    const recSid = 'RE' + 'b2'.repeat(16);
    await postTwilio(app.url, '/twilio/recording', {
      CallSid: sid,
      RecordingSid: recSid,
      RecordingStatus: 'completed',
      RecordingDuration: '42',
    });
    expect(await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({
      recordingSid: recSid,
      recordingSeconds: 42,
      recordingStatus: 'completed',
    });

    const audio = Buffer.from('ID3-fake-mp3-bytes');
    const scope = nock(TWILIO_API)
      .get(`/2010-04-01/Accounts/${TWILIO_SID}/Recordings/${recSid}.mp3`)
      .basicAuth({ user: TWILIO_SID, pass: 'twilio-test-auth-token-0123456789' })
      .reply(200, audio, { 'content-type': 'audio/mpeg' });
    const link = signedRecordingUrl(app.url, app.ctx.config.jwtSecret, call.id, 60);
    const ok = await fetch(link);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(audio);
    scope.done();
    const expired = signedRecordingUrl(app.url, app.ctx.config.jwtSecret, call.id, 60, Date.now() - 120_000);
    expect((await fetch(expired)).status).toBe(403);
    expect((await fetch(link.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).status).toBe(
      403,
    );
  });

  it('does not serve a recording of a call whose caller declined', async () => {
    const { phone } = await business();
    const { sid, call } = await answeredCall(phone, { Digits: '2' });
    await postTwilio(app.url, '/twilio/recording', {
      CallSid: sid,
      RecordingSid: 'RE' + 'c3'.repeat(16),
      RecordingStatus: 'completed',
      RecordingDuration: '5',
    });
    expect((await fetch(signedRecordingUrl(app.url, app.ctx.config.jwtSecret, call.id, 60))).status).toBe(404);
  });
});

describe('SMS keywords', () => {
  it('STOP opts a number out and START opts it back in', async () => {
    const from = fakeNumber();
    await postTwilio(app.url, '/twilio/sms', { From: from, Body: ' Stop ' });
    expect(await app.ctx.db.smsOptOut.findUnique({ where: { phone: from } })).not.toBeNull();
    await postTwilio(app.url, '/twilio/sms', { From: from, Body: 'START' });
    expect(await app.ctx.db.smsOptOut.findUnique({ where: { phone: from } })).toBeNull();
  });
});
