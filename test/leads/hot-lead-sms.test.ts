/**
 * Hot-lead SMS alerts: only to members who opted in, never to a number that texted STOP (through the real,
 * signed /twilio/sms webhook), again after START; Warm leads send none. Twilio's REST API is nock.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { notifyLead } from '../../server/leads/notify.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { fakeNumber, postTwilio, telephonyEnv, TWILIO_API, TWILIO_SID } from '../../testkit/twilio.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: telephonyEnv() });
});
afterAll(async () => {
  nock.cleanAll();
  await app.close();
});

async function member(businessId: string, role: 'owner' | 'member', sms: { phone: string; optIn: boolean } | null) {
  const account = await app.ctx.db.account.create({
    data: {
      email: `m-${Math.random().toString(36).slice(2)}@example.com`,
      passwordHash: 'x',
      ...(sms ? { smsPhone: sms.phone, smsOptIn: sms.optIn } : {}),
    },
  });
  await app.ctx.db.membership.create({ data: { accountId: account.id, businessId, role } });
}

/** Collects the SMS Twilio is asked to send until `n` have arrived (or none, for n = 0, after the call). */
function twilioMessages() {
  const sent: Record<string, string>[] = [];
  const scope = nock(TWILIO_API)
    .persist()
    .post(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`, (body) => {
      sent.push(typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body);
      return true;
    })
    .reply(201, () => ({ sid: 'SM' + 'f'.repeat(32), status: 'queued' }));
  return { sent, done: () => scope.persist(false) };
}

describe('hot-lead SMS', () => {
  it('texts opted-in members, skips a number that said STOP until it says START, and never for Warm leads', async () => {
    const from = fakeNumber();
    const b = await createBusiness(app.ctx.db, { name: 'Rapid Rooter', phone: from } as never);
    const [pa, pb, pc] = [fakeNumber(), fakeNumber(), fakeNumber()];
    await member(b.id, 'owner', { phone: pa, optIn: true });
    await member(b.id, 'member', { phone: pb, optIn: true });
    await member(b.id, 'member', { phone: pc, optIn: false });
    const lead = (temperature: 'Hot' | 'Warm') =>
      app.ctx.db.lead.create({
        data: {
          businessId: b.id,
          name: 'Dana Scully',
          phone: '+15125550142',
          service: 'Burst pipe',
          temperature,
          urgency: 'emergency',
          summary: 'Burst pipe.',
        },
      });

    const stop = await postTwilio(app.url, '/twilio/sms', {
      From: pb,
      To: from,
      Body: ' Stop ',
      MessageSid: 'SM' + '1'.repeat(32),
    });
    expect(stop.status).toBe(200);

    const tw = twilioMessages();
    expect(await notifyLead(app.ctx, { leadId: (await lead('Hot')).id, callId: null })).toMatchObject({ sms: 1 });
    expect(tw.sent.map((m) => [m.From, m.To])).toEqual([[from, pa]]);
    expect(tw.sent[0]!.Body).toBe(
      'Hot lead: Dana Scully — Burst pipe. Call back: +15125550142. Reply STOP to opt out.',
    );

    expect(await notifyLead(app.ctx, { leadId: (await lead('Warm')).id, callId: null })).toMatchObject({ sms: 0 });
    expect(tw.sent).toHaveLength(1);

    await postTwilio(app.url, '/twilio/sms', { From: pb, To: from, Body: 'START', MessageSid: 'SM' + '2'.repeat(32) });
    expect(await notifyLead(app.ctx, { leadId: (await lead('Hot')).id, callId: null })).toMatchObject({ sms: 2 });
    expect(
      tw.sent
        .slice(1)
        .map((m) => m.To)
        .sort(),
    ).toEqual([pa, pb].sort());
    tw.done();
  });

  it('refuses an unsigned SMS webhook and changes nothing', async () => {
    const phone = fakeNumber();
    const r = await postTwilio(
      app.url,
      '/twilio/sms',
      { From: phone, To: fakeNumber(), Body: 'STOP' },
      { signature: false },
    );
    expect(r.status).toBe(401);
    expect(await app.ctx.db.smsOptOut.count({ where: { phone } })).toBe(0);
  });
});
