import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { realtimeEnv, startFakeRealtime, type FakeRealtimeServer } from '../../testkit/fake-realtime.ts';
import { FakeTwilioCall } from '../../testkit/fake-twilio-media.ts';
import { liveConsentedCall, signStream } from '../../testkit/live-call.ts';
import { callSid, fakeNumber, postTwilio, telephonyEnv, TWILIO_SID } from '../../testkit/twilio.ts';

let app: TestApp;
let realtime: FakeRealtimeServer;
beforeAll(async () => {
  realtime = await startFakeRealtime();
  app = await startTestApp({
    env: telephonyEnv(realtimeEnv(realtime)),
  });
});
afterAll(async () => {
  await app.close();
  await realtime.close();
});

const wsUrl = () => app.url.replace('http', 'ws') + '/twilio/media';

/** A consented call whose stream has not opened yet: its signed <Stream> parameters. */
async function consentedCall() {
  const phone = fakeNumber();
  await createBusiness(app.ctx.db, { name: 'Acme Plumbing', timezone: 'UTC', phone } as never);
  const sid = callSid();
  await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: '+15125550142', To: phone });
  const row = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
  const twiml = (await postTwilio(app.url, `/twilio/consent?callId=${row.id}&attempt=1`, { CallSid: sid, Digits: '1' }))
    .body;
  const parameters = Object.fromEntries(
    [...twiml.matchAll(/<Parameter name="(\w+)" value="([^"]+)"\/>/g)].map((m) => [m[1]!, m[2]!]),
  );
  return { sid, row, parameters };
}

async function refusedStream(opts: { callSid: string; accountSid: string; parameters: Record<string, string> }) {
  const before = realtime.connections.length;
  const t = new FakeTwilioCall({
    url: wsUrl(),
    headers: { 'x-twilio-signature': signStream() },
    customParameters: opts.parameters,
    callSid: opts.callSid,
    accountSid: opts.accountSid,
  });
  await t.connect();
  const closed = await Promise.race([t.closed, new Promise((r) => setTimeout(() => r(null), 5000))]);
  expect(closed, 'the relay closes the refused stream').not.toBeNull();
  // The relay opens its Realtime socket as the start arrives, then closes it unconfigured: no session.update.
  for (const c of realtime.connections.slice(before)) expect(c.ofType('session.update')).toEqual([]);
}

describe('media stream start is checked against its call', () => {
  it("refuses a start naming another call's SID", async () => {
    const { row, parameters } = await consentedCall();
    await refusedStream({ callSid: callSid(), accountSid: TWILIO_SID, parameters });
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: row.id } })).mediaStreamSid).toBeNull();
    expect(await app.ctx.db.transcriptSegment.count({ where: { callId: row.id } })).toBe(0);
  });

  it('refuses a start from another Twilio account', async () => {
    const { sid, row, parameters } = await consentedCall();
    await refusedStream({ callSid: sid, accountSid: 'AC' + 'f'.repeat(32), parameters });
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: row.id } })).mediaStreamSid).toBeNull();
  });

  it('takes one stream per call: a second one for a live call is refused', async () => {
    const phone = fakeNumber();
    await createBusiness(app.ctx.db, { name: 'Acme Plumbing', timezone: 'UTC', phone } as never);
    const live = await liveConsentedCall(app, realtime, { phone });
    const row = await app.ctx.db.call.findUniqueOrThrow({ where: { id: live.call.id } });
    expect(row.mediaStreamSid).toBe(live.twilioSide.streamSid);
    const twiml = (
      await postTwilio(app.url, `/twilio/consent?callId=${row.id}&attempt=1`, { CallSid: live.sid, Digits: '1' })
    ).body;
    const parameters = Object.fromEntries(
      [...twiml.matchAll(/<Parameter name="(\w+)" value="([^"]+)"\/>/g)].map((m) => [m[1]!, m[2]!]),
    );
    await refusedStream({ callSid: live.sid, accountSid: TWILIO_SID, parameters });
    // The first stream is untouched.
    expect(live.ai.isOpen).toBe(true);
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: row.id } })).mediaStreamSid).toBe(
      live.twilioSide.streamSid,
    );
    live.twilioSide.stop();
  });
});
