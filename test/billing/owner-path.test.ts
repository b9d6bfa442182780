/**
 * The path a real owner takes, through the public API, Stripe (the stand-in, with signed webhooks) and
 * Twilio's signed voice webhooks: sign up → verify → checkout → webhook → plan active → calls answered →
 * allowance used → top-up → calls answered again → payment fails → grace → restricted → paid → restored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
import type { StripeStandin } from '../../testkit/stripe-standin.ts';
import { callSid, fakeNumber, postTwilio, telephonyEnv } from '../../testkit/twilio.ts';
import { deliver, newStandin, stripeEnv } from '../../testkit/stripe-billing.ts';

let stripe: StripeStandin;
let app: TestApp;
let inbox: SmtpInbox;
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

describe("an owner's billing life", () => {
  it('goes from sign-up to restricted and back, with the AI answering exactly when it should', async () => {
    const owner = await signup(app.url, 'owner-path');
    const token = owner.accessToken;
    const biz = await createBusinessVia(app.url, token, { name: 'Rapid Rooter', forwardingNumber: '+15125559999' });
    const phone = fakeNumber();
    // The number is a fixture here (attaching one is test/businesses/phone-numbers.test.ts, which needs a verified owner).
    await app.ctx.db.phoneNumber.create({ data: { businessId: biz.id, e164: phone } });
    const billing = async () => (await call(app.url, 'GET', `/api/v1/businesses/${biz.id}/billing`, { token })).body;
    /** A caller rings; returns whether the AI took the call, and hangs up after `seconds`. */
    const ring = async (seconds: number) => {
      const sid = callSid();
      const r = await postTwilio(app.url, '/twilio/voice', {
        CallSid: sid,
        From: '+15125550142',
        To: phone,
        Direction: 'inbound',
      });
      expect(r.status).toBe(200);
      await postTwilio(app.url, '/twilio/status', {
        CallSid: sid,
        CallStatus: 'completed',
        CallDuration: String(seconds),
      });
      return r.body.includes('<Gather') ? 'ai' : r.body.includes('<Dial') ? 'forwarded' : 'other';
    };

    // Unverified: no trial minutes, so no AI.
    expect(await billing()).toMatchObject({ plan: 'trial', status: 'trialing', balanceSeconds: 0 });
    expect(await ring(30)).toBe('forwarded');
    const mail = await inbox.waitFor(
      (m) => m.to.includes(owner.email.toLowerCase()) && m.subject.includes('verification'),
    );
    const code = /\b(\d{6})\b/.exec(mail.text)![1];
    expect((await call(app.url, 'POST', '/api/v1/auth/verify-email/confirm', { token, body: { code } })).status).toBe(
      204,
    );
    expect(await billing()).toMatchObject({ balanceSeconds: 60 * MIN, allowanceSeconds: 60 * MIN });

    // Checkout → Stripe's webhook → the plan is active with its allowance on top of the trial.
    const checkout = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/checkout`, {
      token,
      body: { plan: 'starter' },
    });
    expect(checkout.status).toBe(200);
    const paid = stripe.completeCheckout(checkout.body.id);
    expect((await deliver(app.url, stripe.event('checkout.session.completed', paid.session))).status).toBe(200);
    expect(await billing()).toMatchObject({
      plan: 'starter',
      status: 'active',
      balanceSeconds: 360 * MIN,
      allowanceSeconds: 300 * MIN,
    });

    // Calls are answered until the minutes are used up (whole minutes: 61 s costs 2).
    expect(await ring(61)).toBe('ai');
    expect(await ring(358 * MIN - 30)).toBe('ai');
    expect((await billing()).balanceSeconds).toBe(0);
    expect(await ring(20)).toBe('forwarded');
    const alerts = inbox.to(owner.email).filter((m) => m.subject.includes('Leadline minutes'));
    expect(alerts.map((m) => m.subject)).toEqual(['Rapid Rooter has used all its Leadline minutes']);

    // A top-up: answered again.
    const topUp = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/top-up`, { token, body: {} });
    expect(
      (
        await deliver(
          app.url,
          stripe.event('checkout.session.completed', stripe.completeCheckout(topUp.body.id).session),
        )
      ).status,
    ).toBe(200);
    expect((await billing()).balanceSeconds).toBe(100 * MIN);
    expect(await ring(4 * MIN)).toBe('ai');

    // The renewal payment fails: past due, still answering on what is left during the grace period.
    const failed = stripe.renew(paid.subscription!.id, 'failed');
    expect((await deliver(app.url, stripe.event('invoice.payment_failed', failed.invoice))).status).toBe(200);
    expect(await billing()).toMatchObject({ status: 'past_due', balanceSeconds: 96 * MIN });
    expect(await ring(MIN)).toBe('ai');

    // The grace period passes: restricted, forwarded despite the minutes left.
    await app.ctx.db.billingAccount.update({
      where: { businessId: biz.id },
      data: { pastDueSince: new Date(Date.now() - 8 * 86_400_000) },
    });
    expect(await billing()).toMatchObject({ status: 'restricted', balanceSeconds: 95 * MIN });
    expect(await ring(MIN)).toBe('forwarded');

    // Paid: restored, with the new period's allowance.
    const settled = stripe.payInvoice(failed.invoice.id);
    expect((await deliver(app.url, stripe.event('invoice.paid', settled.invoice))).status).toBe(200);
    expect(await billing()).toMatchObject({
      status: 'active',
      balanceSeconds: (95 + 300) * MIN,
      allowanceSeconds: 300 * MIN,
      graceEndsAt: null,
    });
    expect(await ring(MIN)).toBe('ai');

    const invoices = (await call(app.url, 'GET', `/api/v1/businesses/${biz.id}/billing/invoices`, { token })).body
      .items;
    expect(invoices.map((i: { status: string }) => i.status)).toEqual(['paid', 'paid']);
  });
});
