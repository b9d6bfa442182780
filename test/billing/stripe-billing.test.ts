import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeCall, ledgerBalance, record } from '../../server/billing/ledger.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
import type { StripeStandin } from '../../testkit/stripe-standin.ts';
import { deliver, newStandin, PRICES, stripeEnv } from '../../testkit/stripe-billing.ts';

let stripe: StripeStandin;
let app: TestApp;
beforeAll(async () => {
  stripe = await newStandin();
  app = await startTestApp({ env: stripeEnv(stripe) });
});
afterAll(async () => {
  await app.close();
  await stripe.close();
});

const MIN = 60;

async function ownerWithBusiness() {
  const owner = await signup(app.url, 'billing');
  const biz = await createBusinessVia(app.url, owner.accessToken, { name: 'Rapid Rooter' });
  return { owner, biz, token: owner.accessToken };
}
const billing = async (id: string, token: string) =>
  (await call(app.url, 'GET', `/api/v1/businesses/${id}/billing`, { token })).body;
const eventCount = () => app.ctx.db.stripeEvent.count();

/** Owner checks out `plan` and Stripe reports it: the business is then on that plan. */
async function subscribe(id: string, token: string, plan = 'pro') {
  const r = await call(app.url, 'POST', `/api/v1/businesses/${id}/billing/checkout`, { token, body: { plan } });
  expect(r.status).toBe(200);
  const done = stripe.completeCheckout(r.body.id);
  expect((await deliver(app.url, stripe.event('checkout.session.completed', done.session))).status).toBe(200);
  return done;
}

describe('plans and checkout', () => {
  it('lists the catalogue publicly, with minutes and the limits other features read', async () => {
    const r = await call(app.url, 'GET', '/api/v1/billing/plans');
    expect(r.status).toBe(200);
    expect(r.body.items.map((p: { id: string }) => p.id)).toEqual(['trial', 'starter', 'pro', 'business']);
    expect(r.body.items[2]).toMatchObject({
      name: 'Pro',
      monthlyMinutes: 1000,
      purchasable: true,
      limits: { phoneNumbers: 3, seats: 5, crmConnections: 3, callbacksPerDay: 100, campaigns: true },
    });
    expect(r.body.items[0].purchasable).toBe(false);
  });

  it('starts a subscription checkout for owners and admins only, with one customer per business', async () => {
    const { biz, token } = await ownerWithBusiness();
    const member = await signup(app.url, 'member');
    expect(
      (
        await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/checkout`, {
          token: member.accessToken,
          body: { plan: 'pro' },
        })
      ).status,
    ).toBe(404);
    const memberAccount = await app.ctx.db.account.findUniqueOrThrow({ where: { email: member.email } });
    await app.ctx.db.membership.create({ data: { businessId: biz.id, role: 'member', accountId: memberAccount.id } });
    expect(
      (
        await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/checkout`, {
          token: member.accessToken,
          body: { plan: 'pro' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/checkout`, { token, body: { plan: 'trial' } }))
        .status,
    ).toBe(422);
    expect(
      (
        await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/checkout`, {
          token,
          body: { plan: 'pro', successUrl: 'https://evil.test/x' },
        })
      ).status,
    ).toBe(400);

    const before = stripe.customers.size;
    const [a, b] = await Promise.all([
      call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/checkout`, { token, body: { plan: 'pro' } }),
      call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/top-up`, { token, body: { packs: 2 } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.url).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    expect(b.body.minutes).toBe(200);
    expect(stripe.customers.size).toBe(before + 1);
    const account = await app.ctx.db.billingAccount.findUniqueOrThrow({ where: { businessId: biz.id } });
    const sub = stripe.sessions.get(a.body.id)!;
    const pack = stripe.sessions.get(b.body.id)!;
    expect(sub).toMatchObject({
      mode: 'subscription',
      customer: account.stripeCustomerId,
      client_reference_id: biz.id,
      line_items: [{ price: PRICES.pro, quantity: '1' }],
      metadata: { businessId: biz.id, plan: 'pro' },
    });
    // Stripe sends the browser back to the console's billing page, which says how it went.
    expect(sub.success_url).toBe('https://leadline.test/app/billing?checkout=done&session_id={CHECKOUT_SESSION_ID}');
    expect(sub.cancel_url).toBe('https://leadline.test/app/billing?checkout=canceled');
    expect(pack.success_url).toBe('https://leadline.test/app/billing?top-up=done&session_id={CHECKOUT_SESSION_ID}');
    expect(pack.cancel_url).toBe('https://leadline.test/app/billing?top-up=canceled');
    expect(pack).toMatchObject({
      mode: 'payment',
      customer: account.stripeCustomerId,
      line_items: [{ price: PRICES.topUp, quantity: '2' }],
      metadata: { kind: 'top_up', minutes: '200' },
    });
  });

  it('opens the billing portal once there is a customer', async () => {
    const { biz, token } = await ownerWithBusiness();
    expect(
      (await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/portal`, { token, body: {} })).status,
    ).toBe(409);
    await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/checkout`, { token, body: { plan: 'starter' } });
    const r = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/portal`, { token, body: {} });
    expect(r.status).toBe(200);
    expect(r.body.url).toMatch(/^https:\/\/billing\.stripe\.test\//);
    const account = await app.ctx.db.billingAccount.findUniqueOrThrow({ where: { businessId: biz.id } });
    expect([...stripe.portalSessions.values()].at(-1)).toMatchObject({
      customer: account.stripeCustomerId,
      return_url: 'https://leadline.test/app/billing?portal=done',
    });
  });
});

describe('POST /stripe/webhook', () => {
  it('refuses unsigned, wrongly signed and stale events with 400, writing nothing', async () => {
    const { biz, token } = await ownerWithBusiness();
    const r = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/checkout`, {
      token,
      body: { plan: 'pro' },
    });
    const { session } = stripe.completeCheckout(r.body.id);
    const event = stripe.event('checkout.session.completed', session);
    const events = await eventCount();
    expect((await deliver(app.url, event, { signature: null })).status).toBe(400);
    expect((await deliver(app.url, event, { secret: 'whsec_someone_else' })).status).toBe(400);
    expect((await deliver(app.url, event, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(400);
    expect((await deliver(app.url, event, { signature: 't=1,v1=00' })).status).toBe(400);
    expect(await eventCount()).toBe(events);
    expect(await billing(biz.id, token)).toMatchObject({ status: 'trialing', plan: 'trial', balanceSeconds: 0 });
    // The same event, properly signed, is then accepted.
    expect((await deliver(app.url, event)).status).toBe(200);
    expect(await billing(biz.id, token)).toMatchObject({
      status: 'active',
      plan: 'pro',
      balanceSeconds: 1000 * MIN,
      limits: { phoneNumbers: 3, seats: 5 },
    });
  });

  it('activates the plan once however often and in whatever order its events arrive', async () => {
    const { biz, token } = await ownerWithBusiness();
    const r = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/checkout`, {
      token,
      body: { plan: 'starter' },
    });
    const { session, subscription, invoice } = stripe.completeCheckout(r.body.id);
    const created = stripe.event('customer.subscription.created', subscription!);
    const paid = stripe.event('invoice.paid', invoice!);
    const completed = stripe.event('checkout.session.completed', session);
    // Subscription events before the checkout one: the row is found by the customer made at checkout.
    const replies = await Promise.all([created, paid, completed, created, paid].map((e) => deliver(app.url, e)));
    expect(replies.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    const view = await billing(biz.id, token);
    expect(view).toMatchObject({
      status: 'active',
      plan: 'starter',
      balanceSeconds: 300 * MIN,
      allowanceSeconds: 300 * MIN,
    });
    expect(view.periodStart).toBe(new Date(subscription!.items.data[0].current_period_start * 1000).toISOString());
    expect(await app.ctx.db.minuteEntry.count({ where: { businessId: biz.id, kind: 'grant' } })).toBe(1);

    // Next period; its events arrive newest first, then a stale copy of the first period's update.
    await record(app.ctx.db, { businessId: biz.id, kind: 'usage', seconds: -100 * MIN, key: `test:usage:${biz.id}` });
    const stale = stripe.event('customer.subscription.updated', subscription!);
    const next = stripe.renew(subscription!.id, 'paid');
    for (const e of [
      stripe.event('invoice.paid', next.invoice),
      stripe.event('customer.subscription.updated', next.subscription),
      stale,
    ])
      expect((await deliver(app.url, e)).status).toBe(200);
    // 200 minutes of the first allowance expired, 300 granted for the second.
    expect(await billing(biz.id, token)).toMatchObject({
      status: 'active',
      balanceSeconds: 300 * MIN,
      allowanceSeconds: 300 * MIN,
      periodStart: new Date(next.subscription.items.data[0].current_period_start * 1000).toISOString(),
    });
    expect(await ledgerBalance(app.ctx.db, biz.id)).toBe(300 * MIN);
    const kinds = (
      await app.ctx.db.minuteEntry.findMany({ where: { businessId: biz.id }, orderBy: { createdAt: 'asc' } })
    ).map((e) => [e.kind, e.seconds / MIN]);
    expect(kinds).toEqual([
      ['grant', 300],
      ['usage', -100],
      ['expiry', -200],
      ['grant', 300],
    ]);
  });

  it('past due keeps answering through the grace period, then restricts; paying restores', async () => {
    const { biz, token } = await ownerWithBusiness();
    const { subscription } = await subscribe(biz.id, token, 'pro');
    const failed = stripe.renew(subscription!.id, 'failed');
    expect((await deliver(app.url, stripe.event('invoice.payment_failed', failed.invoice))).status).toBe(200);
    const due = await billing(biz.id, token);
    expect(due).toMatchObject({ status: 'past_due', balanceSeconds: 0, allowanceSeconds: 0 });
    expect(new Date(due.graceEndsAt).getTime() - Date.now()).toBeGreaterThan(6 * 86_400_000);
    // Seven days on: restricted (derived from when the invoice first failed).
    await app.ctx.db.billingAccount.update({
      where: { businessId: biz.id },
      data: { pastDueSince: new Date(Date.now() - 7 * 86_400_000 - 1000) },
    });
    expect((await billing(biz.id, token)).status).toBe('restricted');
    // A second failure does not restart the grace period.
    expect((await deliver(app.url, stripe.event('customer.subscription.updated', failed.subscription))).status).toBe(
      200,
    );
    expect((await billing(biz.id, token)).status).toBe('restricted');
    const paid = stripe.payInvoice(failed.invoice.id);
    expect((await deliver(app.url, stripe.event('invoice.paid', paid.invoice))).status).toBe(200);
    expect(await billing(biz.id, token)).toMatchObject({
      status: 'active',
      balanceSeconds: 1000 * MIN,
      allowanceSeconds: 1000 * MIN,
      graceEndsAt: null,
    });
  });

  it('an open, attempted latest invoice means past due even while Stripe keeps the subscription active', async () => {
    const { biz, token } = await ownerWithBusiness();
    const { subscription } = await subscribe(biz.id, token, 'starter');
    const failed = stripe.renew(subscription!.id, 'failed');
    stripe.setSubscriptionStatus(subscription!.id, 'active'); // retrying, not yet past_due at Stripe
    // Any event about it, in any order, ends in the same state: past due, next allowance not granted.
    for (const e of [
      stripe.event('customer.subscription.updated', failed.subscription),
      stripe.event('invoice.payment_failed', failed.invoice),
    ])
      expect((await deliver(app.url, e)).status).toBe(200);
    expect(await billing(biz.id, token)).toMatchObject({ status: 'past_due', balanceSeconds: 0 });
    expect(await app.ctx.db.minuteEntry.count({ where: { businessId: biz.id, kind: 'grant' } })).toBe(1);
    const paid = stripe.payInvoice(failed.invoice.id);
    // The stale failure arriving after the payment changes nothing: the invoice is re-read as paid.
    for (const e of [
      stripe.event('invoice.paid', paid.invoice),
      stripe.event('invoice.payment_failed', failed.invoice),
    ])
      expect((await deliver(app.url, e)).status).toBe(200);
    expect(await billing(biz.id, token)).toMatchObject({ status: 'active', balanceSeconds: 300 * MIN });
  });

  it('a cancelled subscription ends its allowance; top-ups stay', async () => {
    const { biz, token } = await ownerWithBusiness();
    const { subscription } = await subscribe(biz.id, token, 'starter');
    const canceled = stripe.setSubscriptionStatus(subscription!.id, 'canceled');
    expect((await deliver(app.url, stripe.event('customer.subscription.deleted', canceled))).status).toBe(200);
    expect(await billing(biz.id, token)).toMatchObject({ status: 'canceled', balanceSeconds: 0 });
  });

  it('credits a top-up once and takes refunded minutes back in proportion, once per refund', async () => {
    const { biz, token } = await ownerWithBusiness();
    const r = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/top-up`, { token, body: { packs: 2 } });
    const { session, charge } = stripe.completeCheckout(r.body.id);
    const completed = stripe.event('checkout.session.completed', session);
    for (let i = 0; i < 3; i++) expect((await deliver(app.url, completed)).status).toBe(200);
    expect((await billing(biz.id, token)).balanceSeconds).toBe(200 * MIN);
    const half = stripe.refund(charge!.id, charge!.amount / 2);
    const e1 = stripe.event('charge.refunded', half);
    await deliver(app.url, e1);
    await deliver(app.url, e1);
    expect((await billing(biz.id, token)).balanceSeconds).toBe(100 * MIN);
    const all = stripe.refund(charge!.id);
    await Promise.all([
      deliver(app.url, stripe.event('charge.refunded', all)),
      deliver(app.url, stripe.event('charge.refunded', all)),
    ]);
    expect((await billing(biz.id, token)).balanceSeconds).toBe(0);
    expect(await app.ctx.db.minuteEntry.count({ where: { businessId: biz.id, kind: 'refund' } })).toBe(2);
  });
});

describe('usage and invoices', () => {
  it('lists ledger entries with their calls, as JSON and CSV, and invoices from Stripe', async () => {
    const { biz, token } = await ownerWithBusiness();
    await subscribe(biz.id, token, 'pro');
    const c = await app.ctx.db.call.create({
      data: {
        businessId: biz.id,
        twilioCallSid: `CA${Date.now()}usage`,
        direction: 'inbound',
        from: '=HYPERLINK("x")',
        to: '+15125550100',
        durationSeconds: 61,
      },
    });
    await chargeCall(app.ctx.db, c, 120);
    const usage = await call(app.url, 'GET', `/api/v1/businesses/${biz.id}/billing/usage`, { token });
    expect(usage.body.items.map((i: { kind: string; seconds: number }) => [i.kind, i.seconds])).toEqual([
      ['usage', -120],
      ['grant', 60000],
    ]);
    expect(usage.body.items[0].call).toMatchObject({ id: c.id, durationSeconds: 61 });
    const csv = await fetch(`${app.url}/api/v1/businesses/${biz.id}/billing/usage.csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'at,kind,seconds,minutes,call_id,direction,from,to,call_started_at,call_duration_seconds,note',
    );
    expect(lines[1]).toContain(`,usage,-120,-2,${c.id},inbound,"'=HYPERLINK(""x"")",+15125550100,`);
    const invoices = await call(app.url, 'GET', `/api/v1/businesses/${biz.id}/billing/invoices`, { token });
    expect(invoices.body.items).toHaveLength(1);
    expect(invoices.body.items[0]).toMatchObject({ status: 'paid', amountPaid: 14900, currency: 'usd' });
  });

  it('documents the billing routes in OpenAPI', async () => {
    const doc = (await call(app.url, 'GET', '/api/openapi.json')).body;
    for (const p of [
      '/api/v1/billing/plans',
      '/api/v1/businesses/{id}/billing',
      '/api/v1/businesses/{id}/billing/checkout',
      '/api/v1/businesses/{id}/billing/top-up',
      '/api/v1/businesses/{id}/billing/portal',
      '/api/v1/businesses/{id}/billing/usage',
      '/api/v1/businesses/{id}/billing/usage.csv',
      '/api/v1/businesses/{id}/billing/invoices',
    ]) {
      const op =
        doc.paths[p]?.[p.endsWith('/checkout') || p.endsWith('/top-up') || p.endsWith('/portal') ? 'post' : 'get'];
      expect(op, p).toBeDefined();
      expect(op.tags, p).toEqual(['billing']);
      // Every success answer says what it carries, and every refusal is problem+json.
      expect(Object.keys(op.responses['200'].content ?? {}), p).toEqual([
        p.endsWith('.csv') ? 'text/csv' : 'application/json',
      ]);
      expect(op.responses.default.content['application/problem+json'], p).toBeDefined();
    }
    const usage = doc.paths['/api/v1/businesses/{id}/billing/usage'].get;
    expect(usage.responses['200'].content['application/json'].schema.properties.items.items.required).toContain('kind');
    const webhook = doc.paths['/stripe/webhook']?.post;
    expect(webhook).toBeDefined();
    expect(webhook.security).toBeUndefined();
    expect(webhook.parameters).toEqual([
      expect.objectContaining({ name: 'stripe-signature', in: 'header', required: true }),
    ]);
    for (const e of ['checkout.session.completed', 'invoice.payment_failed', 'charge.refunded'])
      expect(webhook.description).toContain(e);
  });
});
