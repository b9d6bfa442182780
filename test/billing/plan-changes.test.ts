/**
 * What an owner sees when minutes are added or the plan changes within a period: usage alerts (read from
 * a real SMTP inbox) come again after a top-up, an upgrade's extra minutes arrive at once, and a cancelled
 * subscription shows the plan the business is really on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
import { type SmtpInbox, startSmtpInbox } from '../../testkit/smtp-inbox.ts';
import { deliver, newStandin, PRICES, stripeEnv } from '../../testkit/stripe-billing.ts';
import type { StripeStandin } from '../../testkit/stripe-standin.ts';
import { callSid, fakeNumber, postTwilio, telephonyEnv } from '../../testkit/twilio.ts';
import { twilioOwns } from '../../testkit/twilio-numbers.ts';

let stripe: StripeStandin;
let inbox: SmtpInbox;
let app: TestApp;
beforeAll(async () => {
  stripe = await newStandin();
  inbox = await startSmtpInbox();
  app = await startTestApp({ env: { ...telephonyEnv(), ...stripeEnv(stripe), SMTP_URL: inbox.url } });
});
afterAll(async () => {
  await app.close();
  await stripe.close();
  await inbox.stop();
});

const MIN = 60;

/**
 * A new owner with a business, a number of the Twilio account and a paid plan. The business is created while
 * the owner is unverified, so it has no trial minutes (only the plan's); the e-mail is then marked verified
 * directly (the verification route would grant the trial), as attaching a number needs a verified owner.
 */
async function subscribedOwner(plan: string) {
  const owner = await signup(app.url, 'changes');
  const token = owner.accessToken;
  const biz = await createBusinessVia(app.url, token, { name: `Rooter ${plan}`, forwardingNumber: '+15125559999' });
  await app.ctx.db.account.update({ where: { email: owner.email }, data: { emailVerifiedAt: new Date() } });
  const phone = fakeNumber();
  twilioOwns([phone]);
  const attached = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/phone-numbers`, {
    token,
    body: { e164: phone },
  });
  expect(attached.status).toBe(201);
  const r = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/checkout`, { token, body: { plan } });
  const done = stripe.completeCheckout(r.body.id);
  expect((await deliver(app.url, stripe.event('checkout.session.completed', done.session))).status).toBe(200);
  const billing = async () => (await call(app.url, 'GET', `/api/v1/businesses/${biz.id}/billing`, { token })).body;
  /** A caller talks to the AI for `seconds` (charged when Twilio reports the call completed). */
  const ring = async (seconds: number) => {
    const sid = callSid();
    const r = await postTwilio(app.url, '/twilio/voice', {
      CallSid: sid,
      From: '+15125550142',
      To: phone,
      Direction: 'inbound',
    });
    expect(r.body).toContain('<Gather');
    await postTwilio(app.url, '/twilio/status', {
      CallSid: sid,
      CallStatus: 'completed',
      CallDuration: String(seconds),
    });
  };
  const topUp = async () => {
    const t = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/top-up`, { token, body: {} });
    const s = stripe.completeCheckout(t.body.id).session;
    expect((await deliver(app.url, stripe.event('checkout.session.completed', s))).status).toBe(200);
  };
  return { owner, token, biz, billing, ring, topUp, subscription: done.subscription! };
}

describe('usage alerts', () => {
  it('are sent again when a top-up’s minutes run low, not only once per period', async () => {
    const o = await subscribedOwner('starter'); // 300 minutes
    const alerts = () => inbox.to(o.owner.email).filter((m) => m.subject.includes('Leadline minutes'));
    await o.ring(240 * MIN);
    await inbox.waitFor((m) => m.subject === 'Rooter starter has used 80% of its Leadline minutes');
    await o.ring(60 * MIN);
    await inbox.waitFor((m) => m.subject === 'Rooter starter has used all its Leadline minutes');
    expect(alerts()).toHaveLength(2);

    // 100 more minutes: 300 of 400 used is under 80 % again, so the next crossing is told again.
    await o.topUp();
    expect((await o.billing()).balanceSeconds).toBe(100 * MIN);
    await o.ring(80 * MIN); // 380 of 400: 95 %
    await o.ring(20 * MIN); // all
    await inbox.waitFor(() => alerts().length === 4);
    expect(alerts().map((m) => m.subject)).toEqual([
      'Rooter starter has used 80% of its Leadline minutes',
      'Rooter starter has used all its Leadline minutes',
      'Rooter starter has used 80% of its Leadline minutes',
      'Rooter starter has used all its Leadline minutes',
    ]);
  });
});

describe('plan changes within a period', () => {
  it('an upgrade grants the difference at once, once; a downgrade keeps this period’s minutes', async () => {
    const o = await subscribedOwner('starter');
    await o.ring(100 * MIN);
    const pro = stripe.changePrice(o.subscription.id, PRICES.pro);
    const upgraded = stripe.event('customer.subscription.updated', pro);
    expect((await deliver(app.url, upgraded)).status).toBe(200);
    expect(await o.billing()).toMatchObject({
      plan: 'pro',
      status: 'active',
      allowanceSeconds: 1000 * MIN,
      balanceSeconds: (1000 - 100) * MIN,
      limits: { phoneNumbers: 3 },
    });
    // Back to Starter and up again within the same period: nothing more is granted or taken.
    const starter = stripe.event(
      'customer.subscription.updated',
      stripe.changePrice(o.subscription.id, PRICES.starter),
    );
    expect((await deliver(app.url, starter)).status).toBe(200);
    expect(await o.billing()).toMatchObject({
      plan: 'starter',
      allowanceSeconds: 1000 * MIN,
      balanceSeconds: 900 * MIN,
    });
    const again = stripe.event('customer.subscription.updated', stripe.changePrice(o.subscription.id, PRICES.pro));
    expect((await deliver(app.url, again)).status).toBe(200);
    expect(await o.billing()).toMatchObject({ plan: 'pro', balanceSeconds: 900 * MIN });
    const grants = await app.ctx.db.minuteEntry.findMany({
      where: { businessId: o.biz.id, kind: 'grant' },
      orderBy: { createdAt: 'asc' },
    });
    expect(grants.map((g) => g.seconds / MIN)).toEqual([300, 700]);
  });
});

describe('a cancelled subscription', () => {
  it('shows the trial plan, canceled, no allowance, top-ups kept; a late event of it cannot undo a new one', async () => {
    const o = await subscribedOwner('pro');
    await o.topUp();
    const ended = stripe.setSubscriptionStatus(o.subscription.id, 'canceled');
    const deleted = stripe.event('customer.subscription.deleted', ended);
    expect((await deliver(app.url, deleted)).status).toBe(200);
    expect(await o.billing()).toMatchObject({
      plan: 'trial',
      status: 'canceled',
      allowanceSeconds: 0,
      balanceSeconds: 100 * MIN,
      limits: { phoneNumbers: 1, seats: 1, crmConnections: 1 },
    });

    // Subscribes again; then the old subscription's events arrive late (a retry, a replay).
    const r = await call(app.url, 'POST', `/api/v1/businesses/${o.biz.id}/billing/checkout`, {
      token: o.token,
      body: { plan: 'starter' },
    });
    expect(r.status).toBe(200);
    const done = stripe.completeCheckout(r.body.id);
    expect((await deliver(app.url, stripe.event('checkout.session.completed', done.session))).status).toBe(200);
    for (const e of [
      stripe.event('customer.subscription.deleted', ended),
      stripe.event('customer.subscription.updated', ended),
    ])
      expect((await deliver(app.url, e)).status).toBe(200);
    expect(await o.billing()).toMatchObject({
      plan: 'starter',
      status: 'active',
      allowanceSeconds: 300 * MIN,
      balanceSeconds: 400 * MIN,
    });
  });
});
