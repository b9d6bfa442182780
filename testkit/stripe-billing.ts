import { randomUUID } from 'node:crypto';
import { StripeStandin } from './stripe-standin.ts';

export const WEBHOOK_SECRET = 'whsec_test_leadline_0123456789';
export const PRICES = {
  starter: 'price_test_starter',
  pro: 'price_test_pro',
  business: 'price_test_business',
  topUp: 'price_test_topup',
};

export function newStandin() {
  return new StripeStandin([
    { id: PRICES.starter, unitAmount: 4900, recurring: true },
    { id: PRICES.pro, unitAmount: 14900, recurring: true },
    { id: PRICES.business, unitAmount: 39900, recurring: true },
    { id: PRICES.topUp, unitAmount: 2000, recurring: false },
  ]).start();
}

export const stripeEnv = (standin: StripeStandin): Record<string, string> => ({
  STRIPE_SECRET_KEY: `sk_test_${randomUUID().replace(/-/g, '')}`,
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  STRIPE_API_BASE_URL: standin.url,
  STRIPE_PRICE_STARTER: PRICES.starter,
  STRIPE_PRICE_PRO: PRICES.pro,
  STRIPE_PRICE_BUSINESS: PRICES.business,
  STRIPE_PRICE_TOPUP: PRICES.topUp,
});

/** Posts an event to the webhook as Stripe would: signed with the SDK's test header unless told otherwise. */
export async function deliver(
  base: string,
  event: object,
  opts: { secret?: string; timestamp?: number; signature?: string | null } = {},
) {
  const { body, signature } = StripeStandin.signed(event, opts.secret ?? WEBHOOK_SECRET, opts.timestamp);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (opts.signature !== null) headers['stripe-signature'] = opts.signature ?? signature;
  const res = await fetch(`${base}/stripe/webhook`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.json().catch(() => null) };
}
