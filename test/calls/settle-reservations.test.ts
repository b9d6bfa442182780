/**
 * #15: minutes held by a call whose final Twilio status never arrived. The sweep (the cron task, run here as
 * the worker runs it) asks Twilio through the SDK (nock) and settles, or gives the hold back.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { callTasks } from '../../server/calls/tasks.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { setBalance } from '../../testkit/minutes.ts';
import { callSid, fakeNumber, telephonyEnv, TWILIO_API, TWILIO_SID } from '../../testkit/twilio.ts';
import { jsonReply } from '../../testkit/widget-app.ts';

let app: TestApp;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startTestApp({ env: telephonyEnv() });
});
afterAll(async () => {
  await app.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

const sweep = () =>
  callTasks(app.ctx)['calls.settle_reservations']!({}, { job: { attempts: 1, max_attempts: 1 } } as never);

async function heldCall(sid: string, minutesAgo: number) {
  const b = await createBusiness(app.ctx.db, { name: 'Acme', timezone: 'UTC', phone: fakeNumber() } as never);
  await setBalance(app.ctx.db, b.id, 600);
  const call = await app.ctx.db.call.create({
    data: { businessId: b.id, twilioCallSid: sid, direction: 'inbound', status: 'in_progress', reservedSeconds: 60 },
  });
  await app.ctx.db.$executeRaw`update "Business" set "heldSeconds" = 60 where "id" = ${b.id}::uuid`;
  await app.ctx.db
    .$executeRaw`update "Call" set "updatedAt" = now() - make_interval(mins => ${minutesAgo}), "createdAt" = now() - make_interval(mins => ${minutesAgo}) where "id" = ${call.id}::uuid`;
  return { b, call };
}

describe('calls.settle_reservations', () => {
  it('settles a call Twilio says is over: charged, hold released, post-call job queued', async () => {
    const sid = callSid();
    const { b, call } = await heldCall(sid, 6 * 60);
    const scope = nock(TWILIO_API)
      .get(`/2010-04-01/Accounts/${TWILIO_SID}/Calls/${sid}.json`)
      .reply(...jsonReply(200, { sid, status: 'completed', duration: '75' }));
    await sweep();
    expect(scope.isDone()).toBe(true);
    const row = await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row).toMatchObject({ status: 'completed', durationSeconds: 75, reservedSeconds: 0 });
    const biz = await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } });
    expect(biz).toMatchObject({ heldSeconds: 0, secondsBalance: 600 - 120 });
    // A second sweep finds nothing to do (and asks Twilio nothing: no mock is left).
    await sweep();
  });

  it('leaves a call that is still live, and releases one Twilio does not know', async () => {
    const live = callSid();
    const gone = callSid();
    const a = await heldCall(live, 6 * 60);
    const g = await heldCall(gone, 6 * 60);
    nock(TWILIO_API)
      .get(`/2010-04-01/Accounts/${TWILIO_SID}/Calls/${live}.json`)
      .reply(...jsonReply(200, { sid: live, status: 'in-progress', duration: null }))
      .get(`/2010-04-01/Accounts/${TWILIO_SID}/Calls/${gone}.json`)
      .reply(...jsonReply(404, { code: 20404, message: 'not found', status: 404 }));
    await sweep();
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: a.call.id } })).reservedSeconds).toBe(60);
    expect(await app.ctx.db.call.findUniqueOrThrow({ where: { id: g.call.id } })).toMatchObject({
      status: 'failed',
      reservedSeconds: 0,
    });
    expect((await app.ctx.db.business.findUniqueOrThrow({ where: { id: g.b.id } })).heldSeconds).toBe(0);
    nock.cleanAll();
  });

  it('gives back the minute of a dial that never got its SID', async () => {
    const { b, call } = await heldCall(`pending:${crypto.randomUUID()}`, 30);
    await sweep();
    expect(await app.ctx.db.call.findUnique({ where: { id: call.id } })).toBeNull();
    expect((await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } })).heldSeconds).toBe(0);
  });
});
