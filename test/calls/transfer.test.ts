/** transfer_to_human outside the transfer path the pipeline test drives: closed, or nobody to take it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { runTool } from '../../server/calls/tools.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { callSid, fakeNumber, telephonyEnv } from '../../testkit/twilio.ts';

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
});
