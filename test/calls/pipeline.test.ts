import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { notifyLead } from '../../server/leads/notify.ts';
import { toZonedIso } from '../../server/time/zoned.ts';
import { processCall } from '../../server/leads/process-call.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';
import { queuedTasks } from '../../testkit/jobs.ts';
import { startFakeRealtime, type FakeRealtimeServer } from '../../testkit/fake-realtime.ts';
import { FakeTwilioCall } from '../../testkit/fake-twilio-media.ts';
import { liveConsentedCall, until } from '../../testkit/live-call.ts';
import { signup } from '../../testkit/http.ts';
import {
  callSid,
  fakeNumber,
  postTwilio,
  telephonyEnv,
  TWILIO_API,
  TWILIO_SID,
  TWILIO_TOKEN,
} from '../../testkit/twilio.ts';

/**
 * The whole call over real sockets: signed voice webhook → consent → signed Media Stream upgrade → relay →
 * local Realtime server (GA events, TLS) → transcript stored while the call runs → status callback →
 * post-call processing → redacted transcript, lead, follow-up jobs, owner e-mail.
 */
let app: TestApp;
let realtime: FakeRealtimeServer;
let inbox: SmtpInbox;
beforeAll(async () => {
  realtime = await startFakeRealtime({ echo: 'exact' });
  inbox = await startSmtpInbox();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-ca-'));
  writeFileSync(path.join(dir, 'ca.pem'), realtime.ca);
  app = await startTestApp({
    env: telephonyEnv({
      OPENAI_API_KEY: realtime.apiKey,
      OPENAI_BASE_URL: realtime.baseURL,
      OPENAI_REALTIME_CA_FILE: path.join(dir, 'ca.pem'),
      SMTP_URL: inbox.url,
    }),
  });
});
afterAll(async () => {
  await app.close();
  await realtime.close();
  await inbox.stop();
});

const wsUrl = () => app.url.replace('http', 'ws') + '/twilio/media';
const signStream = () => twilio.getExpectedTwilioSignature(TWILIO_TOKEN, 'wss://leadline.test/twilio/media', {});

describe('a whole call', () => {
  it('refuses a Media Stream upgrade without a valid signature or stream token', async () => {
    for (const headers of [{}, { 'x-twilio-signature': 'forged' }]) {
      const t = new FakeTwilioCall({ url: wsUrl(), headers });
      const attempt = t.connect();
      t.closed.catch(() => {}); // a refused handshake also rejects the fake's `closed`
      await expect(attempt).rejects.toThrow(/Unexpected server response: 40[13]/);
    }
    const t = new FakeTwilioCall({
      url: wsUrl(),
      headers: { 'x-twilio-signature': signStream() },
      customParameters: { callId: '00000000-0000-4000-8000-000000000000', token: 'guess' },
    });
    await t.connect();
    const closed = await t.closed;
    expect(closed.code).toBeGreaterThanOrEqual(1000);
    // The relay may have started its Realtime handshake as the start arrived; no session is ever configured.
    for (const c of realtime.connections) expect(c.ofType('session.update')).toEqual([]);
  });

  it('becomes a redacted transcript and a lead the owner hears about', async () => {
    const owner = await signup(app.url, 'owner');
    const phone = fakeNumber();
    const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });
    const b = await createBusiness(app.ctx.db, {
      name: 'Rapid Rooter Plumbing',
      services: ['drain cleaning', 'leak repair', 'water heater repair'],
      timezone: 'America/Chicago',
      phone,
      ownerAccountId: account.id,
      knowledgeBase: 'We serve all of Austin.',
    });

    const sid = callSid();
    await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: '+15125550142', To: phone, Direction: 'inbound' });
    const call = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
    const twiml = (
      await postTwilio(app.url, `/twilio/consent?callId=${call.id}&attempt=1`, {
        CallSid: sid,
        SpeechResult: 'Yes, that is fine.',
      })
    ).body;
    const parameters = Object.fromEntries(
      [...twiml.matchAll(/<Parameter name="(\w+)" value="([^"]+)"\/>/g)].map((m) => [m[1]!, m[2]!]),
    );
    expect(Object.keys(parameters)).toEqual(['callId', 'token']);

    const twilioSide = new FakeTwilioCall({
      url: wsUrl(),
      callSid: sid,
      accountSid: TWILIO_SID,
      customParameters: parameters,
      headers: { 'x-twilio-signature': signStream() },
      playback: 'instant',
    });
    const before = realtime.connections.length;
    await twilioSide.connect();
    const ai = await realtime.connection(before, 5000);
    const update = await ai.waitFor('session.update');
    const session = (
      update as {
        session: {
          type: string;
          instructions: string;
          tools: { name: string }[];
          audio: { input: { format: { type: string } } };
        };
      }
    ).session;
    expect(session.type).toBe('realtime');
    expect(session.audio.input.format.type).toBe('audio/pcmu');
    expect(session.instructions).toContain('Rapid Rooter Plumbing');
    expect(session.instructions).toContain('We serve all of Austin.');
    expect(session.tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['end_call', 'check_availability', 'book_appointment']),
    );

    // Caller audio reaches the model byte for byte, and the model's audio comes back unchanged.
    const frame = Buffer.from(Array.from({ length: 160 }, (_, i) => (i * 7) & 0xff));
    twilioSide.sendMedia(frame);
    const append = await ai.waitFor('input_audio_buffer.append');
    expect(Buffer.from(append.audio as string, 'base64')).toEqual(frame);
    await twilioSide.waitForMedia(1);
    expect(twilioSide.receivedAudio().subarray(0, 160)).toEqual(frame);

    // The conversation, as the Realtime API reports it; each segment lands in the database as it completes.
    ai.agentTranscript('item_a1', 'Thanks for calling Rapid Rooter Plumbing. How can I help?');
    ai.callerTranscript(
      'item_c1',
      "Hi, this is Maria Gonzalez. A pipe burst under my kitchen sink and water is everywhere, it's an emergency.",
    );
    ai.agentTranscript('item_a2', 'I am sorry. Is the number you are calling from the best one to reach you?');
    ai.callerTranscript('item_c2', 'Yes, this number is fine. Do you want my card? It is 4111 1111 1111 1111.');
    ai.agentTranscript('item_a3', "Please don't share card details. A technician will call you right back.");
    const stored = await until(async () => {
      const n = await app.ctx.db.transcriptSegment.count({ where: { callId: call.id } });
      return n === 5 ? n : null;
    }, 'five stored segments');
    expect(stored).toBe(5);
    const live = await app.ctx.db.transcriptSegment.findMany({ where: { callId: call.id }, orderBy: { seq: 'asc' } });
    expect(live.map((s) => s.speaker)).toEqual(['agent', 'caller', 'agent', 'caller', 'agent']);
    expect(live.map((s) => s.text).join(' ')).not.toContain('4111');

    // The caller hangs up: Twilio stops the stream and reports the call completed.
    twilioSide.stop();
    await ai.closed;
    await until(
      async () => (await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).endReason,
      'end reason',
    );
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).endReason).toBe('caller_hangup');
    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '95' });

    const result = await processCall(app.ctx, call.id);
    expect(result.method).toBe('offline');
    expect(result.lead).toMatchObject({
      isLead: true,
      name: 'Maria Gonzalez',
      phone: '+15125550142',
      service: 'leak repair',
      urgency: 'emergency',
      temperature: 'Hot',
    });
    const lead = await app.ctx.db.lead.findUniqueOrThrow({ where: { id: result.leadId! } });
    expect(lead.businessId).toBe(b.id);
    expect(JSON.stringify(lead)).not.toContain('4111');
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).leadId).toBe(lead.id);
    expect(await queuedTasks(app.ctx.db, lead.id)).toContain('lead.notify');

    // Idempotent: a second run (a retried job) changes nothing.
    expect((await processCall(app.ctx, call.id)).skipped).toBe('already processed');
    expect(await app.ctx.db.lead.count({ where: { businessId: b.id } })).toBe(1);

    const sent = await notifyLead(app.ctx, { leadId: lead.id, callId: call.id });
    expect(sent.emails).toBe(1);
    const mail = await inbox.waitFor(
      (m) => m.to.includes(owner.email.toLowerCase()) && m.subject.includes('lead for Rapid Rooter'),
    );
    expect(mail.subject).toContain('Hot');
    expect(mail.text).toContain('Maria Gonzalez');
    expect(mail.text).toContain(`https://leadline.test/app/calls/${call.id}`);
    expect(mail.text).not.toContain('4111');
  });

  it('a website callback: the model gets the callback context and the business tone, not the inbound greeting', async () => {
    const phone = fakeNumber();
    const b = await createBusiness(app.ctx.db, {
      name: 'Bay Heating',
      phone,
      greeting: 'Thanks for calling Bay Heating!',
      tone: 'upbeat and brief',
    } as never);
    const cb = await app.ctx.db.callbackRequest.create({
      data: {
        businessId: b.id,
        name: 'Dana',
        phone: '+15125550142',
        reason: 'Furnace bangs on start',
        consentCall: true,
        tokenHash: 'x',
      },
    });
    const { answer, twilioSide, ai } = await liveConsentedCall(app, realtime, {
      phone,
      voicePath: `/twilio/voice?callbackRequestId=${cb.id}`,
      outbound: true,
    });
    expect(answer.body).toContain('calling you back about the request you left on our website');
    const update = (await ai.waitFor('session.update')) as { session: { instructions: string } };
    expect(update.session.instructions).toContain('Furnace bangs on start');
    expect(update.session.instructions).toContain('upbeat and brief');
    await ai.waitFor('response.create');
    expect(JSON.stringify(ai.events)).not.toContain('Thanks for calling Bay Heating');
    twilioSide.stop();
    await ai.closed;
  });

  it('merges a repeat caller into the same lead', async () => {
    const phone = fakeNumber();
    const b = await createBusiness(app.ctx.db, {
      name: 'Cool Air HVAC',
      services: ['ac repair'],
      timezone: 'America/Phoenix',
      phone,
    });
    const make = async (text: string) => {
      const c = await app.ctx.db.call.create({
        data: {
          businessId: b.id,
          twilioCallSid: callSid(),
          direction: 'inbound',
          from: '+16025550111',
          to: phone,
          status: 'completed',
          durationSeconds: 40,
          segments: {
            create: [
              { businessId: b.id, seq: 1, speaker: 'agent', text: 'Cool Air HVAC, how can I help?' },
              { businessId: b.id, seq: 2, speaker: 'caller', text },
            ],
          },
        },
      });
      return processCall(app.ctx, c.id);
    };
    const first = await make('My AC stopped working. This is Dan Brooks, you can reach me at this number.');
    const second = await make('Hi, Dan Brooks again, my email is dan at example dot com, the AC is still broken.');
    expect(first.leadCreated).toBe(true);
    expect(second.leadCreated).toBe(false);
    expect(second.leadId).toBe(first.leadId);
    const lead = await app.ctx.db.lead.findUniqueOrThrow({ where: { id: first.leadId! } });
    expect(lead).toMatchObject({ name: 'Dan Brooks', phone: '+16025550111', email: 'dan@example.com' });
  });

  /** Answers a call, consents, and opens the Media Stream; returns both fake ends. */
  async function liveCall(overrides: Record<string, unknown> = {}) {
    const phone = fakeNumber();
    const b = await createBusiness(app.ctx.db, {
      name: 'Around The Clock Plumbing',
      services: ['leak repair'],
      timezone: 'America/Chicago',
      phone,
      weeklyHours: {
        mon: [['00:00', '24:00']],
        tue: [['00:00', '24:00']],
        wed: [['00:00', '24:00']],
        thu: [['00:00', '24:00']],
        fri: [['00:00', '24:00']],
        sat: [['00:00', '24:00']],
        sun: [['00:00', '24:00']],
      },
      ...overrides,
    });
    const { sid, call, twilioSide, ai } = await liveConsentedCall(app, realtime, { phone });
    return { b, sid, call, twilioSide, ai };
  }

  const twilioCallUpdate = (sid: string, seen: string[]) =>
    nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls/${sid}.json`, (body) => {
        seen.push(String(body.Twiml ?? ''));
        return true;
      })
      .reply(200, { sid, status: 'in-progress' });

  it('transfers to a person during opening hours through Twilio REST, then closes the stream', async () => {
    const { sid, call, twilioSide, ai } = await liveCall({ forwardingNumber: '+15125559999' });
    const seen: string[] = [];
    const scope = twilioCallUpdate(sid, seen);
    ai.functionCall({ name: 'transfer_to_human', args: {} });
    // The call now belongs to the person it was handed to: both sockets close.
    await twilioSide.closed;
    await ai.closed;
    scope.done();
    expect(seen[0]).toContain('<Dial timeout="20"');
    expect(seen[0]).toContain('<Number>+15125559999</Number>');
    await until(
      async () => (await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).endReason === 'transfer',
      'transfer end reason',
    );
  });

  it('books through the tool: without a calendar the time is kept on the call and becomes the preferred time', async () => {
    const { sid, call, twilioSide, ai } = await liveCall();
    // A week from now: bookings in the past or beyond the horizon are refused.
    const start = `${new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)}T15:00:00-06:00`;
    const { callId: toolCallId } = ai.functionCall({
      name: 'book_appointment',
      args: { start, durationMinutes: 60 },
    });
    const output = await ai.waitFor(
      'conversation.item.create',
      (e) => (e.item as { call_id?: string })?.call_id === toolCallId,
      5000,
    );
    expect(JSON.parse((output.item as { output: string }).output)).toMatchObject({ booked: false, noted: true });
    const bad = ai.functionCall({ name: 'book_appointment', args: { start: 'next tuesday' } });
    const err = await ai.waitFor(
      'conversation.item.create',
      (e) => (e.item as { call_id?: string })?.call_id === bad.callId,
      5000,
    );
    expect(JSON.parse((err.item as { output: string }).output).error).toMatch(/ISO 8601/);
    ai.callerTranscript('item_c1', 'This is Priya Shah, there is a leak under my sink, book me for Tuesday at 3.');
    await until(
      async () => (await app.ctx.db.transcriptSegment.count({ where: { callId: call.id } })) === 1,
      'segment',
    );
    twilioSide.stop();
    await ai.closed;
    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '30' });
    const r = await processCall(app.ctx, call.id);
    expect(r.lead).toMatchObject({
      name: 'Priya Shah',
      preferredTime: toZonedIso(new Date(start).toISOString(), 'America/Chicago'),
      preferredTimeDateOnly: false,
    });
  });

  it('hands a call whose AI fails to voicemail while the caller is still on the line', async () => {
    const { sid, call, twilioSide, ai } = await liveCall();
    const seen: string[] = [];
    const scope = twilioCallUpdate(sid, seen);
    ai.error('server_error', 'internal_error', 'upstream exploded');
    await twilioSide.closed;
    scope.done();
    expect(seen[0]).toContain('<Record maxLength="180"');
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).endReason).toBe('openai_error');
    // Stored as every voicemail is, so the message the caller leaves can be played back.
    await until(
      async () => (await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).mode === 'voicemail',
      'voicemail mode',
    );
  });

  it('ends the call after the goodbye when the assistant calls end_call', async () => {
    const { call, twilioSide, ai } = await liveCall();
    ai.functionCall({ name: 'end_call', args: {} });
    await twilioSide.closed;
    await until(
      async () => (await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).endReason === 'assistant_end',
      'assistant end',
    );
  });
});
