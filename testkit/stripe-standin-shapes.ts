/**
 * Stripe's object shapes (API version 2026-10-28) and request encoding, for the stand-in in stripe-standin.ts.
 */
import { randomBytes } from 'node:crypto';

export type Obj = Record<string, any>;
export const DAY = 86_400;
/** An id in Stripe's style: prefix, then test mode, then random. */
export const id = (prefix: string) => `${prefix}_test_${randomBytes(10).toString('hex')}`;
export const now = () => Math.floor(Date.now() / 1000);

/** Stripe's form encoding (`a[b][0][c]=v`) back into objects and arrays. */
export function parseStripeForm(body: string): Obj {
  const out: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.replace(/\]/g, '').split('[');
    let node: Obj = out;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = node[part] ??= /^\d+$/.test(path[i + 1]!) ? [] : {};
    });
  }
  return out;
}

export interface StandinPrice {
  id: string;
  unitAmount: number;
  recurring: boolean;
}

/** An event as Stripe sends it. */
export function eventObject(type: string, object: Obj, opts: { id?: string; created?: number } = {}): Obj {
  return {
    id: opts.id ?? id('evt'),
    object: 'event',
    api_version: '2026-10-28.endive',
    created: opts.created ?? now(),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object: structuredClone(object) },
  };
}

export function priceObject(p: StandinPrice): Obj {
  return {
    id: p.id,
    object: 'price',
    active: true,
    currency: 'usd',
    unit_amount: p.unitAmount,
    type: p.recurring ? 'recurring' : 'one_time',
    recurring: p.recurring ? { interval: 'month', interval_count: 1 } : null,
    product: `prod_${p.id}`,
  };
}

/** The invoice of a subscription's current period. */
export function invoiceObject(sub: Obj, status: 'paid' | 'open', number: string): Obj {
  const item = sub.items.data[0];
  const amount = item.price.unit_amount;
  const inv: Obj = {
    id: id('in'),
    object: 'invoice',
    customer: sub.customer,
    status,
    number,
    currency: 'usd',
    created: now(),
    amount_due: amount,
    amount_paid: status === 'paid' ? amount : 0,
    amount_remaining: status === 'paid' ? 0 : amount,
    attempt_count: status === 'paid' ? 1 : 0,
    attempted: true,
    billing_reason: sub.latest_invoice ? 'subscription_cycle' : 'subscription_create',
    period_start: item.current_period_start,
    period_end: item.current_period_end,
    hosted_invoice_url: `https://invoice.stripe.test/${sub.customer}`,
    invoice_pdf: `https://pay.stripe.test/invoice.pdf`,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: sub.id, metadata: sub.metadata },
    },
    status_transitions: {
      finalized_at: now(),
      paid_at: status === 'paid' ? now() : null,
      voided_at: null,
      marked_uncollectible_at: null,
    },
    lines: {
      object: 'list',
      has_more: false,
      url: '/v1/invoices/lines',
      data: [
        {
          id: id('il'),
          object: 'line_item',
          amount,
          period: { start: item.current_period_start, end: item.current_period_end },
        },
      ],
    },
  };
  return inv;
}

/** A session as the API returns it (line items are only there when expanded). */
export function sessionView(s: Obj): Obj {
  const { line_items: _l, subscription_data: _s, payment_intent_data: _p, ...rest } = s;
  return rest;
}
