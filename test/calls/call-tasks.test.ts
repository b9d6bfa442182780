import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { taskList } from '../../server/jobs/handlers.ts';
import { taskFactories } from '../../server/jobs/tasks.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { queuedJobs } from '../../testkit/jobs.ts';
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
 * The call pipeline's job handlers, run as the worker runs them (the app's context, payloads parsed with the
 * catalogue's schemas), against Twilio's REST API stood in by nock. Called directly rather than through a
 * worker: the job table is shared with every other test file running at the same time.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: telephonyEnv() });
});
afterAll(() => app.close());
afterEach(() => nock.cleanAll());

const run = (task: 'call.start_recording' | 'call.process', callId: string) =>
  taskList(app.ctx, taskFactories)[task]!({ callId }, {} as never);

/** An inbound AI call whose caller answered the consent question with `digit` (1 yes, 2 no). */
async function answered(digit: '1' | '2', business: Record<string, unknown> = {}) {
  const phone = fakeNumber();
  const b = await createBusiness(app.ctx.db, {
    name: 'Rapid Rooter',
    services: ['drain cleaning'],
    timezone: 'America/Chicago',
    phone,
    ...business,
  });
  const sid = callSid();
  await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: '+15125550142', To: phone });
  const call = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
  await postTwilio(app.url, `/twilio/consent?callId=${call.id}&attempt=1`, { CallSid: sid, Digits: digit });
  return { b, sid, call };
}

/** Twilio's "start a recording" endpoint for this call; `bodies` collects what was posted. */
function recordingsApi(sid: string, bodies: Record<string, string>[] = []) {
  const scope = nock(TWILIO_API)
    .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls/${sid}/Recordings.json`, (body) => (bodies.push(body), true))
    .basicAuth({ user: TWILIO_SID, pass: TWILIO_TOKEN })
    .reply(201, { sid: 'RE' + sid.slice(2), call_sid: sid, status: 'in-progress' });
  return { scope, bodies };
}

describe('call.start_recording', () => {
  it('starts a dual-channel recording through Twilio REST for a consented call, once', async () => {
    const { sid, call } = await answered('1');
    expect(await queuedJobs(app.ctx.db, 'call.start_recording', call.id)).toBe(1);
    const { scope, bodies } = recordingsApi(sid);
    await run('call.start_recording', call.id);
    scope.done();
    expect(bodies[0]).toMatchObject({
      RecordingStatusCallback: 'https://leadline.test/twilio/recording',
      RecordingStatusCallbackMethod: 'POST',
      RecordingChannels: 'dual',
    });
    expect(await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({
      recordingSid: 'RE' + sid.slice(2),
      recordingStatus: 'in-progress',
    });
    // A retried job finds the recording already started and asks Twilio nothing.
    const again = recordingsApi(sid);
    await run('call.start_recording', call.id);
    expect(again.scope.isDone()).toBe(false);
  });

  it.each([
    ['the caller declined', '2' as const, {}, async () => {}],
    ['the business does not record', '1' as const, { recordingEnabled: false }, async () => {}],
    [
      'the business turned recording off after the yes',
      '1' as const,
      {},
      async (businessId: string) =>
        void (await app.ctx.db.business.update({ where: { id: businessId }, data: { recordingEnabled: false } })),
    ],
  ])('asks Twilio for nothing when %s', async (_label, digit, business, after) => {
    const { b, sid, call } = await answered(digit, business);
    await after(b.id);
    const { scope } = recordingsApi(sid);
    await run('call.start_recording', call.id);
    expect(scope.isDone()).toBe(false);
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).recordingSid).toBeNull();
  });

  it('asks Twilio for nothing once the call has ended', async () => {
    const { sid, call } = await answered('1');
    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '3' });
    const { scope } = recordingsApi(sid);
    await run('call.start_recording', call.id);
    expect(scope.isDone()).toBe(false);
  });
});

describe('call.process and the transcript of a declined call', () => {
  async function completedCall(digit: '1' | '2', transcriptOnDecline: boolean) {
    const { sid, call } = await answered(digit, { transcriptOnDecline });
    await app.ctx.db.transcriptSegment.createMany({
      data: [
        {
          callId: call.id,
          businessId: call.businessId,
          seq: 1,
          speaker: 'agent',
          text: 'Rapid Rooter, how can I help?',
        },
        {
          callId: call.id,
          businessId: call.businessId,
          seq: 2,
          speaker: 'caller',
          text: 'This is Lena Park, my main drain is backed up. Please call me back at this number.',
        },
      ],
    });
    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '50' });
    expect(await queuedJobs(app.ctx.db, 'call.process', call.id)).toBe(1);
    await run('call.process', call.id);
    return {
      call: await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id }, include: { lead: true } }),
      segments: await app.ctx.db.transcriptSegment.count({ where: { callId: call.id } }),
    };
  }

  it('deletes it when the business keeps no transcript on decline, after capturing the lead from it', async () => {
    const { call, segments } = await completedCall('2', false);
    expect(segments).toBe(0);
    expect(call.processedAt).not.toBeNull();
    expect(call.lead).toMatchObject({ name: 'Lena Park', phone: '+15125550142' });
  });

  it('keeps it when the business keeps transcripts on decline, or the caller said yes', async () => {
    expect((await completedCall('2', true)).segments).toBe(2);
    expect((await completedCall('1', false)).segments).toBe(2);
  });
});
