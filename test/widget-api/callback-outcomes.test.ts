/**
 * A callback's life after it is placed, driven the way production drives it: Twilio's signed status
 * callbacks, the retry job re-dialling, and the post-call job announcing the end with or without a lead.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { processCall } from '../../server/leads/process-call.ts';
import { placeCallback } from '../../server/widget-api/place-call.ts';
import type { TestApp } from '../../testkit/app.ts';
import { call } from '../../testkit/http.ts';
import { setBalance } from '../../testkit/minutes.ts';
import { callSid, postTwilio } from '../../testkit/twilio.ts';
import {
  jsonReply,
  makeBusiness,
  randomIp,
  randomUsNumber,
  startWidgetApp,
  TWILIO_API,
  TWILIO_SID,
  TWILIO_TOKEN,
  validCallback,
} from '../../testkit/widget-app.ts';
import { withProof } from '../../testkit/widget-proof.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startWidgetApp();
});
afterAll(async () => {
  await app.close();
});
afterEach(() => nock.cleanAll());

const status = (sid: string, CallStatus: string, extra: Record<string, string> = {}) =>
  postTwilio(
    app.url,
    '/twilio/status',
    { CallSid: sid, CallStatus, AccountSid: TWILIO_SID, ...extra },
    { token: TWILIO_TOKEN },
  );

/** A queued callback (its own job dropped: each test runs the steps itself) and a Twilio that answers `sid`. */
async function callback(settings: Record<string, unknown> = {}) {
  const b = await makeBusiness(app.ctx, { widgetSettings: settings });
  const r = await call(app.url, 'POST', '/widget/v1/callbacks', {
    headers: { origin: b.origin, 'x-forwarded-for': randomIp() },
    body: await withProof(app.url, b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() })),
  });
  expect(r.status).toBe(201);
  await app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + r.body.id})`;
  return { b, id: r.body.id as string };
}

async function dial(id: string): Promise<string> {
  const sid = callSid();
  const scope = nock(TWILIO_API)
    .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls.json`)
    .reply(...jsonReply(201, { sid, status: 'queued' }));
  expect(await placeCallback(app.ctx, id, { lastAttempt: false })).toEqual({ placed: true });
  expect(scope.isDone()).toBe(true);
  return sid;
}

async function history(id: string) {
  const cb = await app.ctx.db.callbackRequest.findUniqueOrThrow({
    where: { id },
    include: { events: { orderBy: { id: 'asc' } }, calls: true },
  });
  return { cb, trail: cb.events.map((e) => [e.status, e.data]) };
}

const retryJob = (id: string) =>
  app.ctx.db.$queryRaw<
    { run_at: Date }[]
  >`select run_at from graphile_worker._private_jobs where key = ${'callback:' + id}`;

describe('callback outcomes through Twilio status callbacks', () => {
  it('no answer with retries on: retries 2 and 10 minutes later re-dial; after the third attempt it is final', async () => {
    const { id } = await callback({ retriesEnabled: true });
    const first = await dial(id);
    expect((await status(first, 'ringing')).status).toBe(204);
    expect((await status(first, 'no-answer')).status).toBe(204);
    let h = await history(id);
    expect(h.cb.status).toBe('no_answer');
    expect(h.trail.slice(-1)).toEqual([['no_answer', { retryScheduled: true }]]);
    const [job] = await retryJob(id);
    expect(job!.run_at.getTime()).toBeGreaterThan(Date.now() + 60_000); // not at once: minutes later

    // The job runs: the same callback is dialled again, as a new call.
    const second = await dial(id);
    expect(second).not.toBe(first);
    expect((await status(second, 'busy')).status).toBe(204);
    expect((await history(id)).trail.slice(-1)).toEqual([['no_answer', { retryScheduled: true }]]);
    const [later] = await retryJob(id);
    expect(later!.run_at.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);

    const third = await dial(id);
    await status(third, 'no-answer');
    h = await history(id);
    expect(h.cb.attempts).toBe(3);
    expect(h.cb.calls.map((c) => c.twilioCallSid).sort()).toEqual([first, second, third].sort());
    expect(h.trail.map(([s]) => s)).toEqual([
      'queued',
      'calling',
      'ringing',
      'no_answer',
      'calling',
      'no_answer',
      'calling',
      'no_answer',
    ]);
    expect(h.trail.slice(-1)).toEqual([['no_answer', { retryScheduled: false }]]);
    // Re-delivery of the job now dials nobody.
    expect(await placeCallback(app.ctx, id, { lastAttempt: false })).toEqual({
      placed: false,
      reason: 'callback is no_answer',
    });
  });

  it('no answer with retries off is final at once; a failed call is failed', async () => {
    const a = await callback();
    await status(await dial(a.id), 'no-answer');
    expect((await history(a.id)).trail.slice(-1)).toEqual([['no_answer', { retryScheduled: false }]]);
    expect(await retryJob(a.id)).toEqual([]);

    const f = await callback();
    await status(await dial(f.id), 'failed');
    expect((await history(f.id)).cb.status).toBe('failed');
  });

  it('a business without minutes does not ring the visitor: the callback fails with the reason', async () => {
    const { b, id } = await callback();
    await setBalance(app.ctx.db, b.id, 0);
    const scope = nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls.json`)
      .reply(...jsonReply(201, { sid: callSid(), status: 'queued' }));
    expect(await placeCallback(app.ctx, id, { lastAttempt: false })).toEqual({
      placed: false,
      reason: 'the business has no minutes left',
    });
    expect(scope.isDone()).toBe(false);
    expect((await history(id)).cb.status).toBe('failed');
  });

  it('a completed conversation is announced by the post-call job, with whether a lead was captured', async () => {
    const { b, id } = await callback();
    const sid = await dial(id);
    await status(sid, 'in-progress');
    const row = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
    await app.ctx.db.transcriptSegment.createMany({
      data: [
        {
          callId: row.id,
          businessId: b.id,
          seq: 0,
          speaker: 'agent',
          text: 'Hi, this is Acme Plumbing calling you back about your request.',
        },
        {
          callId: row.id,
          businessId: b.id,
          seq: 1,
          speaker: 'caller',
          text: 'Thanks! My name is Dana Visitor, the kitchen tap is leaking and I need someone tomorrow morning.',
        },
      ],
    });
    await status(sid, 'completed', { CallDuration: '95' });
    // The status callback alone leaves the visitor on "in conversation": the end comes with the lead.
    expect((await history(id)).cb.status).toBe('in_conversation');
    await processCall(app.ctx, row.id);
    const h = await history(id);
    expect(h.cb).toMatchObject({ status: 'completed', leadCaptured: true });
    expect(h.trail.slice(-1)).toEqual([['completed', { leadCaptured: true }]]);
  });
});
