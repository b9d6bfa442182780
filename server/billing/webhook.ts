import { type Request, type Response, Router } from 'express';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { badRequest, Problem } from '../http/problem.ts';
import { rearmUsageAlerts } from './alerts.ts';
import { record } from './ledger.ts';
import { stripeEventBody } from './schemas.ts';
import { applySubscription, lockAccount } from './subscription-sync.ts';

/** The events Leadline acts on; enable these on the webhook endpoint in Stripe's dashboard. */
export const HANDLED_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
  'charge.refunded',
] as const;

const idOf = (x: string | { id: string } | null | undefined) => (typeof x === 'string' ? x : (x?.id ?? null));

/**
 * What one event changes. The event only says where to look: the session, subscription, invoice or charge
 * is read again from Stripe under the business's row lock, so a late or repeated event applies the
 * current state, never a stale one.
 */
async function handle(ctx: AppContext, tx: Tx, stripe: Stripe, event: Stripe.Event): Promise<void> {
  const obj = event.data.object as {
    id: string;
    object: string;
    customer?: string | { id: string } | null;
    metadata?: Record<string, string> | null;
  };
  const syncSubscription = async (subscriptionId: string, businessId?: string | null) => {
    const account = await lockAccount(tx, { subscriptionId, customerId: idOf(obj.customer), businessId });
    if (!account) return;
    const sub = await stripe.subscriptions.retrieve(subscriptionId);
    // Stripe may keep a subscription active while it retries a failed renewal: its latest invoice, still
    // open after an attempt, is what says the business is behind.
    const latest =
      sub.status === 'active' && sub.latest_invoice ? await stripe.invoices.retrieve(idOf(sub.latest_invoice)!) : null;
    const unpaidSince = latest?.status === 'open' && latest.attempt_count > 0 ? new Date(latest.created * 1000) : null;
    await applySubscription(tx, ctx.config, account, sub, unpaidSince);
  };

  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = await stripe.checkout.sessions.retrieve(obj.id);
      const businessId = session.metadata?.businessId ?? session.client_reference_id;
      if (session.mode === 'subscription' && session.subscription)
        return syncSubscription(idOf(session.subscription)!, businessId);
      if (
        session.mode === 'payment' &&
        session.metadata?.kind === 'top_up' &&
        session.payment_status === 'paid' &&
        businessId
      ) {
        const account = await lockAccount(tx, { customerId: idOf(session.customer), businessId });
        if (!account) return;
        const minutes = Number(session.metadata.minutes);
        if (!Number.isInteger(minutes) || minutes <= 0) return;
        await record(tx, {
          businessId: account.businessId,
          kind: 'top_up',
          seconds: minutes * 60,
          key: `top_up:${session.id}`,
          stripeRef: idOf(session.payment_intent),
          note: `${minutes} minutes`,
        });
        await rearmUsageAlerts(tx, account.businessId);
      }
      return;
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return syncSubscription(obj.id, obj.metadata?.businessId);
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = await stripe.invoices.retrieve(obj.id);
      const sub = idOf(invoice.parent?.subscription_details?.subscription);
      if (sub) return syncSubscription(sub, invoice.parent?.subscription_details?.metadata?.businessId);
      return;
    }
    case 'charge.refunded':
      return refundTopUp(tx, await stripe.charges.retrieve(obj.id));
    default:
      return;
  }
}

/**
 * A refunded top-up takes its minutes back, in proportion to the amount refunded (partial refunds add
 * up). Keyed by the refunded total, so the same refund seen twice is taken once.
 */
async function refundTopUp(tx: Tx, charge: Stripe.Charge): Promise<void> {
  const pi = idOf(charge.payment_intent);
  if (!pi || charge.amount <= 0) return;
  const topUp = await tx.minuteEntry.findFirst({ where: { kind: 'top_up', stripeRef: pi } });
  if (!topUp) return;
  const account = await lockAccount(tx, { businessId: topUp.businessId });
  if (!account) return;
  const taken = await tx.minuteEntry.aggregate({ where: { kind: 'refund', stripeRef: pi }, _sum: { seconds: true } });
  const due = Math.round((topUp.seconds * Math.min(charge.amount_refunded, charge.amount)) / charge.amount);
  const more = due + (taken._sum.seconds ?? 0);
  if (more > 0)
    await record(tx, {
      businessId: topUp.businessId,
      kind: 'refund',
      seconds: -more,
      key: `refund:${pi}:${charge.amount_refunded}`,
      stripeRef: pi,
      note: 'top-up refunded',
    });
}

/**
 * POST /stripe/webhook. The body arrives raw (app.ts parses it for no one else) because the signature is
 * over the exact bytes. An event is recorded as handled in the same transaction as its effects: a failure
 * leaves it unrecorded and Stripe's retry does the work; a duplicate finds it recorded and does nothing.
 */
export function stripeWebhookRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  // Not built with routeBuilder: the body must stay raw bytes for the signature. Documented by hand.
  registry.add({
    method: 'post',
    path: '/stripe/webhook',
    summary: 'Stripe events (signed with STRIPE_WEBHOOK_SECRET); each handled once',
    description: `Verified over the raw body; 400 when unsigned, wrongly signed or older than Stripe's tolerance, 503 with billing off. Events acted on: ${HANDLED_EVENTS.join(', ')}; others are acknowledged and ignored.`,
    tag: 'billing',
    auth: false,
    headers: z.object({ 'stripe-signature': z.string() }),
    body: stripeEventBody,
    response: z.object({ received: z.literal(true), duplicate: z.boolean().optional() }),
  });
  r.post('/stripe/webhook', async (req: Request, res: Response) => {
    // Malformed is a 400 whatever the configuration; a well-formed event with billing off is a 503.
    const signature = req.headers['stripe-signature'];
    if (!Buffer.isBuffer(req.body) || typeof signature !== 'string')
      throw badRequest('A signed Stripe event is expected');
    const client = ctx.stripe?.();
    const secret = ctx.config.STRIPE_WEBHOOK_SECRET;
    if (!client || !secret)
      throw new Problem(503, 'billing-off', 'Billing is off', 'Stripe is not configured on this server');
    const stripe = await client;
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(req.body, signature, secret);
    } catch (err) {
      throw badRequest(`Signature check failed: ${(err as Error).message}`);
    }
    if (await ctx.db.stripeEvent.findUnique({ where: { id: event.id } }))
      return res.json({ received: true, duplicate: true });
    await ctx.db.$transaction(
      async (tx) => {
        const fresh =
          await tx.$executeRaw`insert into "StripeEvent" ("id", "type") values (${event.id}, ${event.type}) on conflict ("id") do nothing`;
        if (fresh) await handle(ctx, tx, stripe, event);
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
    ctx.log.info({ stripeEvent: event.id, type: event.type }, 'stripe event handled');
    res.json({ received: true });
  });
  return r;
}
