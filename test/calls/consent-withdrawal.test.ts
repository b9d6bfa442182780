import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { processCall } from '../../server/leads/process-call.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { realtimeEnv, startFakeRealtime, type FakeRealtimeServer } from '../../testkit/fake-realtime.ts';
import { liveConsentedCall, until } from '../../testkit/live-call.ts';
import { fakeNumber, postTwilio, telephonyEnv, TWILIO_API, TWILIO_SID } from '../../testkit/twilio.ts';
import { jsonReply } from '../../testkit/widget-app.ts';

let app: TestApp;
let realtime: FakeRealtimeServer;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  realtime = await startFakeRealtime();
  app = await startTestApp({
    env: telephonyEnv(realtimeEnv(realtime)),
  });
});
afterAll(async () => {
  await app.close();
  await realtime.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

async function business(fields: Record<string, unknown> = {}) {
  const phone = fakeNumber();
  await createBusiness(app.ctx.db, { name: 'Acme Plumbing', timezone: 'UTC', phone, ...fields } as never);
  return phone;
}
const segments = (callId: string) => app.ctx.db.transcriptSegment.count({ where: { callId } });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('consent', () => {
  it('withdrawn mid-call ("stop recording"): the recording stops via Twilio, the transcript goes and stays gone', async () => {
    const live = await liveConsentedCall(app, realtime, { phone: await business({ recordingEnabled: true }) });
    const recordingSid = 'RE' + 'a'.repeat(32);
    await postTwilio(app.url, '/twilio/recording', {
      CallSid: live.sid,
      RecordingSid: recordingSid,
      RecordingStatus: 'in-progress',
    });
    live.ai.callerTranscript('item_1', 'Hi, my kitchen sink is leaking.');
    await until(async () => (await segments(live.call.id)) === 1, 'first segment stored');

    let stopped: Record<string, string> = {};
    const scope = nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls/${live.sid}/Recordings/Twilio.CURRENT.json`, (body) => {
        stopped = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body;
        return true;
      })
      .reply(...jsonReply(200, { sid: recordingSid, status: 'stopped' }));
    live.ai.callerTranscript('item_2', 'Actually, please stop recording this call.');
    await until(
      async () => (await app.ctx.db.consentRecord.findUnique({ where: { callId: live.call.id } }))?.withdrawnAt,
      'consent withdrawn',
    );
    await until(async () => scope.isDone(), 'recording stopped through Twilio');
    expect(stopped).toMatchObject({ Status: 'stopped' });
    expect(await segments(live.call.id)).toBe(0);

    live.ai.callerTranscript('item_3', 'My name is Ana Ruiz and my number is 512 555 0142.');
    await pause(300);
    expect(await segments(live.call.id)).toBe(0);
    live.twilioSide.stop();
  });

  /** Twilio's "stop the current recording" endpoint for this call; resolves with what was posted. */
  function stopRecordingApi(sid: string) {
    const posted: Record<string, string>[] = [];
    const scope = nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls/${sid}/Recordings/Twilio.CURRENT.json`, (body) => {
        posted.push(typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body);
        return true;
      })
      .reply(...jsonReply(200, { sid: 'RE' + 'b'.repeat(32), status: 'stopped' }));
    return { scope, posted };
  }
  const withdrawnAt = async (callId: string) =>
    (await app.ctx.db.consentRecord.findUnique({ where: { callId } }))?.withdrawnAt;
  async function recording(sid: string) {
    await postTwilio(app.url, '/twilio/recording', {
      CallSid: sid,
      RecordingSid: 'RE' + 'b'.repeat(32),
      RecordingStatus: 'in-progress',
    });
  }

  it('withdrawn mid-call by keypad (9): the same effect as saying it', async () => {
    const live = await liveConsentedCall(app, realtime, { phone: await business({ recordingEnabled: true }) });
    await recording(live.sid);
    live.ai.callerTranscript('item_1', 'Hi, my kitchen sink is leaking.');
    await until(async () => (await segments(live.call.id)) === 1, 'first segment stored');

    // Other digits (an extension, a menu choice) withdraw nothing.
    live.twilioSide.dtmf('5');
    await pause(200);
    expect(await withdrawnAt(live.call.id)).toBeNull();
    expect(await segments(live.call.id)).toBe(1);

    const twilioApi = stopRecordingApi(live.sid);
    live.twilioSide.dtmf('9');
    await until(() => withdrawnAt(live.call.id), 'consent withdrawn');
    await until(async () => twilioApi.scope.isDone(), 'recording stopped through Twilio');
    expect(twilioApi.posted[0]).toMatchObject({ Status: 'stopped' });
    expect(await segments(live.call.id)).toBe(0);

    live.ai.callerTranscript('item_2', 'My name is Ana Ruiz and my number is 512 555 0142.');
    await pause(300);
    expect(await segments(live.call.id)).toBe(0);
    live.twilioSide.dtmf('9'); // a second press changes nothing (and asks Twilio nothing: no interceptor left)
    await pause(200);
    live.twilioSide.stop();
    await postTwilio(app.url, '/twilio/status', { CallSid: live.sid, CallStatus: 'completed', CallDuration: '40' });
    const r = await processCall(app.ctx, live.call.id);
    expect(r.transcriptKept).toBe(false);
    expect(await segments(live.call.id)).toBe(0);
  });

  it('"stop recording" stops the recording even when the business keeps no transcript', async () => {
    const live = await liveConsentedCall(app, realtime, {
      phone: await business({ recordingEnabled: true, transcriptionEnabled: false }),
    });
    await recording(live.sid);
    const twilioApi = stopRecordingApi(live.sid);
    live.ai.callerTranscript('item_1', "Please don't record this call.");
    await until(() => withdrawnAt(live.call.id), 'consent withdrawn');
    await until(async () => twilioApi.scope.isDone(), 'recording stopped through Twilio');
    expect(await segments(live.call.id)).toBe(0);
    live.twilioSide.stop();
  });

  it('declined: the conversation is used for the lead, then nothing of it is kept', async () => {
    const live = await liveConsentedCall(app, realtime, { phone: await business(), digits: '2' });
    expect((await app.ctx.db.consentRecord.findUniqueOrThrow({ where: { callId: live.call.id } })).outcome).toBe(
      'declined',
    );
    live.ai.callerTranscript('item_1', 'My water heater burst, this is Ana Ruiz, call me back on 512 555 0142.');
    await until(async () => (await segments(live.call.id)) === 1, 'working copy of the turn');
    live.twilioSide.stop();
    await postTwilio(app.url, '/twilio/status', { CallSid: live.sid, CallStatus: 'completed', CallDuration: '40' });
    const r = await processCall(app.ctx, live.call.id);
    expect(r.transcriptKept).toBe(false);
    expect(await segments(live.call.id)).toBe(0);
    expect(r.leadId).toBeTruthy();
  });

  it('a business with transcription off stores no transcript at all', async () => {
    const live = await liveConsentedCall(app, realtime, { phone: await business({ transcriptionEnabled: false }) });
    live.ai.callerTranscript('item_1', 'Hi, my kitchen sink is leaking.');
    live.ai.agentTranscript('item_2', 'Sorry to hear that. What is your name?');
    await pause(400);
    expect(await segments(live.call.id)).toBe(0);
    live.twilioSide.stop();
  });
});
