import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { extendHold } from '../../server/billing/reservations.ts';
import { createBusiness } from '../../server/businesses/service.ts';
import { createAnswerer } from '../../server/calls/answer.ts';
import { sqlOf } from '../../server/db/client.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';
import { setBalance } from '../../testkit/minutes.ts';
import { signup } from '../../testkit/http.ts';
import { callSid, fakeNumber, postTwilio, telephonyEnv } from '../../testkit/twilio.ts';

let a: TestApp;
let b: TestApp;
let inbox: SmtpInbox;
beforeAll(async () => {
  // Two web nodes on one database: admission must hold across processes, not just inside one batch.
  inbox = await startSmtpInbox();
  const env = telephonyEnv({ SMTP_URL: inbox.url });
  [a, b] = await Promise.all([startTestApp({ env }), startTestApp({ env })]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await inbox.stop();
});

async function business(seconds: number, overrides: Record<string, unknown> = {}) {
  const phone = fakeNumber();
  const biz = await createBusiness(a.ctx.db, {
    name: 'Rapid Rooter',
    services: ['drain cleaning'],
    phone,
    forwardingNumber: '+15125559999',
    ...overrides,
  });
  await setBalance(a.ctx.db, biz.id, seconds);
  return { biz, phone };
}
const ring = (app: TestApp, phone: string, sid = callSid()) =>
  postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: '+15125550142', To: phone, Direction: 'inbound' }).then(
    (r) => ({ sid, r }),
  );
const held = async (id: string) =>
  (await a.ctx.db.business.findUniqueOrThrow({ where: { id }, select: { heldSeconds: true } })).heldSeconds;

describe('no overrun: minutes are reserved when a call is answered', () => {
  it('50 simultaneous signed voice webhooks with 3 minutes left: 3 get the AI, the rest are forwarded', async () => {
    const { biz, phone } = await business(180);
    const calls = await Promise.all(Array.from({ length: 50 }, (_, i) => ring(i % 2 ? a : b, phone)));
    expect(calls.every((c) => c.r.status === 200)).toBe(true);
    const ai = calls.filter((c) => c.r.body.includes('<Gather'));
    const forwarded = calls.filter((c) => c.r.body.includes('<Dial'));
    expect(ai).toHaveLength(3);
    expect(forwarded).toHaveLength(47);
    const rows = await a.ctx.db.call.findMany({ where: { businessId: biz.id } });
    expect(rows.filter((r) => r.mode === 'ai').map((r) => r.reservedSeconds)).toEqual([60, 60, 60]);
    expect(await held(biz.id)).toBe(180);

    // One AI call ends after 50 s: charged a minute, its hold released; the next caller gets the AI again.
    await postTwilio(a.url, '/twilio/status', { CallSid: ai[0]!.sid, CallStatus: 'completed', CallDuration: '50' });
    await postTwilio(b.url, '/twilio/status', { CallSid: ai[0]!.sid, CallStatus: 'completed', CallDuration: '50' });
    expect(await held(biz.id)).toBe(120);
    expect((await a.ctx.db.business.findUniqueOrThrow({ where: { id: biz.id } })).secondsBalance).toBe(120);
    expect((await ring(a, phone)).r.body).toContain('<Dial');
  });

  it('admission waits for the business row and then sees the holds of the batch that went first', async () => {
    // Deterministic version of the race above: both nodes' statements are held at the business row
    // until a third connection lets go, so they certainly overlap.
    const { biz, phone } = await business(180);
    const blocker = new pg.Client({ connectionString: inject('databaseUrl') });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('select 1 from "Business" where "id" = $1 for update', [biz.id]);
      const answer = [a, b].map((app) => createAnswerer(sqlOf(app.ctx.db), { aiAvailable: true }));
      const input = (n: number) => ({
        callSid: callSid(),
        businessNumber: phone,
        direction: 'inbound' as const,
        from: `+1512555010${n}`,
        to: phone,
        callbackRequestId: null,
      });
      const pending = [0, 1, 2, 3, 4, 5].map((n) => answer[n % 2]!(input(n)));
      await new Promise((r) => setTimeout(r, 300));
      await blocker.query('commit');
      const modes = (await Promise.all(pending)).map((c) => c?.mode);
      expect(modes.filter((m) => m === 'ai')).toHaveLength(3);
      expect(await held(biz.id)).toBe(180);
    } finally {
      await blocker.end();
    }
  });

  it('with 90 seconds left two calls get the AI (each may use its minute), with none left nobody does', async () => {
    const part = await business(90);
    const first = await Promise.all(Array.from({ length: 10 }, () => ring(a, part.phone)));
    expect(first.filter((c) => c.r.body.includes('<Gather'))).toHaveLength(2);
    const none = await business(0, { forwardingNumber: null });
    const second = await Promise.all(Array.from({ length: 5 }, () => ring(b, none.phone)));
    expect(second.every((c) => !c.r.body.includes('<Gather') && /<Record/.test(c.r.body))).toBe(true);
  });

  it('a retried webhook for an admitted call stays an AI call without holding more', async () => {
    const { biz, phone } = await business(60);
    const first = await ring(a, phone);
    expect(first.r.body).toContain('<Gather');
    const again = await ring(b, phone, first.sid);
    expect(again.r.body).toContain('<Gather');
    expect(await held(biz.id)).toBe(60);
  });

  it('restricted (unpaid past the grace period) never gets the AI, past due within grace does', async () => {
    const { biz, phone } = await business(3600);
    await a.ctx.db.billingAccount.create({
      data: { businessId: biz.id, status: 'past_due', pastDueSince: new Date(Date.now() - 86_400_000) },
    });
    expect((await ring(a, phone)).r.body).toContain('<Gather');
    await a.ctx.db.billingAccount.update({
      where: { businessId: biz.id },
      data: { pastDueSince: new Date(Date.now() - 8 * 86_400_000) },
    });
    expect((await ring(b, phone)).r.body).toContain('<Dial');
    await a.ctx.db.billingAccount.update({ where: { businessId: biz.id }, data: { status: 'restricted' } });
    expect((await ring(a, phone)).r.body).toContain('<Dial');
  });

  it('e-mails owners and admins once at 80 % and once at 100 % of the minutes', async () => {
    const owner = await signup(a.url, 'alerts');
    const account = await a.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });
    const { biz, phone } = await business(300, { ownerAccountId: account.id, name: 'Alert Plumbing' });
    const talk = async (seconds: number) => {
      const { sid } = await ring(a, phone);
      await Promise.all(
        [a, b].map((app) =>
          postTwilio(app.url, '/twilio/status', {
            CallSid: sid,
            CallStatus: 'completed',
            CallDuration: String(seconds),
          }),
        ),
      );
    };
    const mails = async () => inbox.to(owner.email).filter((m) => m.subject.includes('Alert Plumbing'));
    await talk(170); // 3 of 5 minutes: 60 %
    expect(await mails()).toHaveLength(0);
    await talk(50); // 4 of 5: 80 %
    expect((await mails()).map((m) => m.subject)).toEqual(['Alert Plumbing has used 80% of its Leadline minutes']);
    await talk(59); // 5 of 5
    await talk(1); // would be more, but nobody is admitted at 0: no call, no third mail
    const all = await mails();
    expect(all.map((m) => m.subject)).toEqual([
      'Alert Plumbing has used 80% of its Leadline minutes',
      'Alert Plumbing has used all its Leadline minutes',
    ]);
    expect(all[1]!.text).toMatch(/forwarded or go to voicemail/);
    expect((await a.ctx.db.business.findUniqueOrThrow({ where: { id: biz.id } })).secondsBalance).toBe(0);
  });

  it('a call in progress extends its hold minute by minute while the balance lasts, then is refused', async () => {
    const { biz, phone } = await business(150);
    const { sid } = await ring(a, phone);
    const call = await a.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await a.ctx.db.$transaction((tx) => extendHold(tx, call.id)));
    // 150 s: the first minute at answer, then 2 more while 150 - held > 0, then refused.
    expect(results).toEqual([true, true, false, false]);
    expect(await held(biz.id)).toBe(180);
    await postTwilio(a.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '170' });
    expect(await held(biz.id)).toBe(0);
    expect((await a.ctx.db.business.findUniqueOrThrow({ where: { id: biz.id } })).secondsBalance).toBe(150 - 180);
  });
});
