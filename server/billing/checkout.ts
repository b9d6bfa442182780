import type Stripe from 'stripe';
import type { AppContext } from '../context.ts';
import type { Plan } from '../db/generated/enums.ts';
import { conflict, notFound } from '../http/problem.ts';
import { planOf, stripePriceOf, TOP_UP_MINUTES } from './plans.ts';

/**
 * The business's Stripe customer, created once. Concurrent first checkouts send the same idempotency key,
 * so Stripe answers both with one customer; the row keeps whichever id lands first (they are the same).
 */
export async function ensureCustomer(ctx: AppContext, stripe: Stripe, businessId: string): Promise<string> {
  const { db } = ctx;
  const known = await db.billingAccount.findUnique({ where: { businessId } });
  if (known?.stripeCustomerId) return known.stripeCustomerId;
  const business = await db.business.findUniqueOrThrow({ where: { id: businessId }, select: { name: true } });
  const owner = await db.membership.findFirst({
    where: { businessId, role: 'owner' },
    orderBy: { createdAt: 'asc' },
    select: { account: { select: { email: true } } },
  });
  const customer = await stripe.customers.create(
    { name: business.name, ...(owner ? { email: owner.account.email } : {}), metadata: { businessId } },
    { idempotencyKey: `leadline-customer-${businessId}` },
  );
  const rows = await db.$queryRaw<{ stripeCustomerId: string }[]>`
    insert into "BillingAccount" ("businessId", "stripeCustomerId", "updatedAt") values (${businessId}::uuid, ${customer.id}, now())
    on conflict ("businessId") do update set "stripeCustomerId" = coalesce("BillingAccount"."stripeCustomerId", excluded."stripeCustomerId"), "updatedAt" = now()
    returning "stripeCustomerId"`;
  return rows[0]!.stripeCustomerId;
}

export interface ReturnUrls {
  successUrl: string;
  cancelUrl: string;
}

/** Stripe Checkout for a plan's subscription. A business that already pays changes plan in the portal. */
export async function startSubscriptionCheckout(
  ctx: AppContext,
  stripe: Stripe,
  businessId: string,
  plan: Plan,
  urls: ReturnUrls,
) {
  const price = stripePriceOf(ctx.config, plan);
  if (!price) throw notFound(`A price for the ${planOf(plan).name} plan`);
  const account = await ctx.db.billingAccount.findUnique({ where: { businessId } });
  if (account?.stripeSubscriptionId && account.status !== 'canceled')
    throw conflict('This business already has a subscription; change or cancel it in the billing portal');
  const customer = await ensureCustomer(ctx, stripe, businessId);
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: businessId,
    line_items: [{ price, quantity: 1 }],
    metadata: { businessId, kind: 'subscription', plan },
    subscription_data: { metadata: { businessId, plan } },
    success_url: urls.successUrl,
    cancel_url: urls.cancelUrl,
  });
  return { id: session.id, url: session.url };
}

/** Stripe Checkout for one minute pack, paid once; the minutes arrive with the completed-checkout webhook. */
export async function startTopUpCheckout(
  ctx: AppContext,
  stripe: Stripe,
  businessId: string,
  packs: number,
  urls: ReturnUrls,
) {
  const price = ctx.config.STRIPE_PRICE_TOPUP;
  if (!price) throw notFound('A price for minute packs');
  const customer = await ensureCustomer(ctx, stripe, businessId);
  const minutes = String(TOP_UP_MINUTES * packs);
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    customer,
    client_reference_id: businessId,
    line_items: [{ price, quantity: packs }],
    metadata: { businessId, kind: 'top_up', minutes },
    payment_intent_data: { metadata: { businessId, kind: 'top_up', minutes } },
    success_url: urls.successUrl,
    cancel_url: urls.cancelUrl,
  });
  return { id: session.id, url: session.url, minutes: Number(minutes) };
}

/** A Billing Portal session (payment method, invoices, plan changes, cancelling). */
export async function startPortal(ctx: AppContext, stripe: Stripe, businessId: string, returnUrl: string) {
  const account = await ctx.db.billingAccount.findUnique({ where: { businessId } });
  if (!account?.stripeCustomerId) throw conflict('This business has no billing account yet; start with a checkout');
  const session = await stripe.billingPortal.sessions.create({
    customer: account.stripeCustomerId,
    return_url: returnUrl,
  });
  return { url: session.url };
}
