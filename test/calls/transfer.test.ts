/** transfer_to_human outside the transfer path the pipeline test drives: closed, or nobody to take it. */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { runTool } from '../../server/calls/tools.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { setBalance } from '../../testkit/minutes.ts';
import { callSid, fakeNumber, telephonyEnv, TWILIO_API, TWILIO_SID } from '../../testkit/twilio.ts';
import { jsonReply } from '../../testkit/widget-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: telephonyEnv() });
});
afterAll(async () => {
  await app.close();
});

const allWeek = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [[from, to]]]));

async function callTo(fields: Record<string, unknown>) {
  const b = await createBusiness(app.ctx.db, {
    name: 'Rapid Rooter',
    timezone: 'UTC',
    phone: fakeNumber(),
    ...fields,
  } as never);
  return app.ctx.db.call.create({
    data: {
      businessId: b.id,
      twilioCallSid: callSid(),
      direction: 'inbound',
      status: 'in_progress',
      from: '+15125550142',
    },
  });
}

describe('transfer_to_human', () => {
  it('out of hours: no transfer, no Twilio request; the assistant is told to take a message', async () => {
    // Open one minute a day, at a minute that is not now.
    const now = new Date();
    const closedAt = `${String((now.getUTCHours() + 12) % 24).padStart(2, '0')}:00`;
    const closedTo = `${String((now.getUTCHours() + 12) % 24).padStart(2, '0')}:01`;
    const call = await callTo({ weeklyHours: allWeek(closedAt, closedTo), forwardingNumber: '+15125559999' });
    const r = await runTool(app.ctx, call.id, 'transfer_to_human', {});
    expect(r.action).toBeUndefined();
    expect(r.output).toMatchObject({ transferred: false, reason: 'the business is closed' });
    expect(String((r.output as { instruction: string }).instruction)).toMatch(/take a message/i);
  });

  it('open but with nobody to forward to: no transfer, take a message', async () => {
    const call = await callTo({ weeklyHours: allWeek('00:00', '24:00'), forwardingNumber: null });
    const r = await runTool(app.ctx, call.id, 'transfer_to_human', {});
    expect(r.output).toMatchObject({ transferred: false, reason: 'nobody can take calls right now' });
  });

  it("out of hours with the owner's rule 'transfer any time': the hours no longer stop the transfer", async () => {
    const now = new Date();
    const h = String((now.getUTCHours() + 12) % 24).padStart(2, '0');
    // No forwarding number, so the attempt stops at the next check, with no Twilio request.
    const call = await callTo({
      weeklyHours: allWeek(`${h}:00`, `${h}:01`),
      forwardingNumber: null,
      escalationRules: { transferDuringHoursOnly: false },
    });
    const r = await runTool(app.ctx, call.id, 'transfer_to_human', {});
    expect(r.output).toMatchObject({ transferred: false, reason: 'nobody can take calls right now' });
  });

  it('a number the dial policy refuses (a row older than the policy) is never dialled', async () => {
    const call = await callTo({ weeklyHours: allWeek('00:00', '24:00') });
    // Written around the API's validation, as a row from before the policy would be.
    await app.ctx.db.business.update({ where: { id: call.businessId }, data: { forwardingNumber: '+19005550100' } });
    nock.disableNetConnect();
    try {
      const r = await runTool(app.ctx, call.id, 'transfer_to_human', {});
      expect(r.action).toBeUndefined();
      expect(r.output).toMatchObject({ transferred: false });
    } finally {
      nock.enableNetConnect();
    }
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).reservedSeconds).toBe(0);
  });

  it('reserves what the balance covers and bounds the transferred leg by it (Dial timeLimit)', async () => {
    const call = await callTo({ weeklyHours: allWeek('00:00', '24:00'), forwardingNumber: '+15125559999' });
    await setBalance(app.ctx.db, call.businessId, 5 * 60);
    let twiml = '';
    const scope = nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls/${call.twilioCallSid}.json`, (body) => {
        twiml = String((typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body).Twiml);
        return true;
      })
      .reply(...jsonReply(200, { sid: call.twilioCallSid, status: 'in-progress' }));
    const r = await runTool(app.ctx, call.id, 'transfer_to_human', {});
    expect(scope.isDone()).toBe(true);
    expect(r).toMatchObject({ action: 'transfer', output: { transferred: true } });
    expect(twiml).toContain('timeLimit="300"');
    expect(twiml).toContain('+15125559999');
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).reservedSeconds).toBe(300);
    expect((await app.ctx.db.business.findUniqueOrThrow({ where: { id: call.businessId } })).heldSeconds).toBe(300);
  });

  it('no minutes left: no transfer, no Twilio request', async () => {
    const call = await callTo({ weeklyHours: allWeek('00:00', '24:00'), forwardingNumber: '+15125559999' });
    await setBalance(app.ctx.db, call.businessId, 0);
    nock.disableNetConnect();
    try {
      expect((await runTool(app.ctx, call.id, 'transfer_to_human', {})).output).toMatchObject({ transferred: false });
    } finally {
      nock.enableNetConnect();
    }
  });
});
