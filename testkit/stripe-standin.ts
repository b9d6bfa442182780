/**
 * A local server speaking the parts of Stripe's API Leadline uses, in Stripe's own request and response
 * shapes (API version 2026-10-28: periods on subscription items, an invoice's subscription under
 * parent.subscription_details): customers, Checkout Sessions, Billing Portal sessions, subscriptions,
 * invoices and charges. The real `stripe` SDK talks to it through STRIPE_API_BASE_URL. Test code plays
 * the customer and Stripe's billing engine through its methods (complete a checkout, renew, fail a
 * payment, refund) and gets back objects to wrap in events signed with the SDK's own test header.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import {
  DAY,
  eventObject,
  id,
  invoiceObject,
  now,
  type Obj,
  parseStripeForm,
  priceObject,
  type StandinPrice,
  sessionView,
} from './stripe-standin-shapes.ts';

export { parseStripeForm, type StandinPrice };

export class StripeStandin {
  readonly customers = new Map<string, Obj>();
  readonly sessions = new Map<string, Obj>();
  readonly subscriptions = new Map<string, Obj>();
  readonly invoices = new Map<string, Obj>();
  readonly charges = new Map<string, Obj>();
  readonly portalSessions = new Map<string, Obj>();
  /** Every request: method, path, form body or query, and its Idempotency-Key. */
  readonly requests: { method: string; path: string; params: Obj; idempotencyKey: string | null }[] = [];
  private readonly replies = new Map<string, { status: number; body: Obj }>();
  private readonly prices = new Map<string, StandinPrice>();
  private server: Server | null = null;
  url = '';

  constructor(prices: StandinPrice[]) {
    for (const p of prices) this.prices.set(p.id, p);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  // ---------------------------------------------------------------- what tests do as customer / Stripe

  /** The customer pays on the Checkout page: a subscription and its first (paid) invoice, or a paid one-time charge. */
  completeCheckout(sessionId: string): { session: Obj; subscription?: Obj; invoice?: Obj; charge?: Obj } {
    const s = this.sessions.get(sessionId)!;
    const price = this.prices.get(s.line_items[0].price)!;
    Object.assign(s, { status: 'complete', payment_status: 'paid' });
    if (s.mode === 'subscription') {
      const start = now();
      const sub = {
        id: id('sub'),
        object: 'subscription',
        customer: s.customer,
        status: 'active',
        created: start,
        cancel_at_period_end: false,
        canceled_at: null,
        ended_at: null,
        metadata: { ...(s.subscription_data?.metadata ?? {}) },
        livemode: false,
        latest_invoice: null as string | null,
        items: {
          object: 'list',
          has_more: false,
          url: '/v1/subscription_items',
          data: [
            {
              id: id('si'),
              object: 'subscription_item',
              quantity: 1,
              current_period_start: start,
              current_period_end: start + 30 * DAY,
              price: priceObject(price),
            },
          ],
        },
      };
      this.subscriptions.set(sub.id, sub);
      s.subscription = sub.id;
      const invoice = this.newInvoice(sub, 'paid');
      return { session: s, subscription: sub, invoice };
    }
    const charge = {
      id: id('ch'),
      object: 'charge',
      amount: price.unitAmount * Number(s.line_items[0].quantity ?? 1),
      amount_refunded: 0,
      refunded: false,
      currency: 'usd',
      customer: s.customer,
      paid: true,
      status: 'succeeded',
      payment_intent: id('pi'),
      metadata: {},
      created: now(),
    };
    this.charges.set(charge.id, charge);
    s.payment_intent = charge.payment_intent;
    return { session: s, charge };
  }

  /** Stripe's billing engine at the end of a period: the next period starts and its invoice is paid or fails. */
  renew(subscriptionId: string, outcome: 'paid' | 'failed'): { subscription: Obj; invoice: Obj } {
    const sub = this.subscriptions.get(subscriptionId)!;
    const item = sub.items.data[0];
    item.current_period_start = item.current_period_end;
    item.current_period_end = item.current_period_start + 30 * DAY;
    const invoice = this.newInvoice(sub, outcome === 'paid' ? 'paid' : 'open');
    if (outcome === 'failed') Object.assign(invoice, { attempt_count: 1, attempted: true });
    sub.status = outcome === 'paid' ? 'active' : 'past_due';
    return { subscription: sub, invoice };
  }

  /** A retried (or manually paid) invoice succeeds. */
  payInvoice(invoiceId: string): { subscription: Obj; invoice: Obj } {
    const invoice = this.invoices.get(invoiceId)!;
    Object.assign(invoice, { status: 'paid', amount_paid: invoice.amount_due, amount_remaining: 0 });
    invoice.status_transitions.paid_at = now();
    const sub = this.subscriptions.get(invoice.parent.subscription_details.subscription)!;
    sub.status = 'active';
    return { subscription: sub, invoice };
  }

  /** A plan change in the Billing Portal: same period, another price (Stripe prorates the difference). */
  changePrice(subscriptionId: string, priceId: string): Obj {
    const sub = this.subscriptions.get(subscriptionId)!;
    sub.items.data[0].price = priceObject(this.prices.get(priceId)!);
    return sub;
  }

  setSubscriptionStatus(subscriptionId: string, status: string): Obj {
    const sub = this.subscriptions.get(subscriptionId)!;
    sub.status = status;
    if (status === 'canceled') Object.assign(sub, { canceled_at: now(), ended_at: now() });
    return sub;
  }

  refund(chargeId: string, amount?: number): Obj {
    const c = this.charges.get(chargeId)!;
    c.amount_refunded = Math.min(c.amount, c.amount_refunded + (amount ?? c.amount));
    c.refunded = c.amount_refunded === c.amount;
    return c;
  }

  /** An event as Stripe sends it; `signed` gives the body and the Stripe-Signature header for it. */
  event(type: string, object: Obj, opts: { id?: string; created?: number } = {}): Obj {
    return eventObject(type, object, opts);
  }

  static signed(event: Obj, secret: string, timestamp?: number): { body: string; signature: string } {
    const body = JSON.stringify(event);
    return {
      body,
      signature: Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret,
        ...(timestamp ? { timestamp } : {}),
      }),
    };
  }

  // ---------------------------------------------------------------- the API

  private newInvoice(sub: Obj, status: 'paid' | 'open'): Obj {
    const inv = invoiceObject(sub, status, `LL-${this.invoices.size + 1}`);
    this.invoices.set(inv.id, inv);
    sub.latest_invoice = inv.id;
    return inv;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url!, 'http://x');
    const params =
      req.method === 'GET'
        ? parseStripeForm(url.searchParams.toString())
        : parseStripeForm(Buffer.concat(chunks).toString());
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    this.requests.push({ method: req.method!, path: url.pathname, params, idempotencyKey: key });
    const send = (status: number, body: Obj) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': id('req'),
        'stripe-version': '2026-10-28.endive',
      });
      res.end(JSON.stringify(body));
    };
    if (!/^Bearer sk_test_/.test(String(req.headers.authorization)))
      return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    const cacheKey = key && req.method === 'POST' ? `${url.pathname} ${key}` : null;
    const cached = cacheKey ? this.replies.get(cacheKey) : undefined;
    if (cached) return send(cached.status, cached.body);
    const [status, body] = this.route(req.method!, url.pathname, params);
    if (cacheKey) this.replies.set(cacheKey, { status, body });
    send(status, body);
  }

  private route(method: string, path: string, p: Obj): [number, Obj] {
    const missing = (what: string, value: string): [number, Obj] => [
      404,
      {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'id',
          message: `No such ${what}: '${value}'`,
        },
      },
    ];
    const invalid = (param: string, message: string): [number, Obj] => [
      400,
      { error: { type: 'invalid_request_error', param, message } },
    ];
    const list = (data: Obj[], url: string): [number, Obj] => [200, { object: 'list', data, has_more: false, url }];
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/v1/customers') {
      const c = {
        id: id('cus'),
        object: 'customer',
        email: p.email ?? null,
        name: p.name ?? null,
        metadata: p.metadata ?? {},
        created: now(),
        livemode: false,
      };
      this.customers.set(c.id, c);
      return [200, c];
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (!p.success_url && p.ui_mode !== 'embedded')
        return invalid('success_url', 'Missing required param: success_url.');
      if (!['subscription', 'payment'].includes(p.mode)) return invalid('mode', 'Invalid mode');
      const item = p.line_items?.[0];
      const price = item && this.prices.get(item.price);
      if (!price) return invalid('line_items[0][price]', `No such price: '${item?.price}'`);
      if (price.recurring !== (p.mode === 'subscription'))
        return invalid(
          'line_items[0][price]',
          `The price specified is ${price.recurring ? 'recurring' : 'one-time'}; mode ${p.mode} needs the other kind.`,
        );
      if (p.customer && !this.customers.has(p.customer)) return missing('customer', p.customer);
      const s = {
        id: id('cs'),
        object: 'checkout.session',
        mode: p.mode,
        status: 'open',
        payment_status: 'unpaid',
        customer: p.customer ?? null,
        client_reference_id: p.client_reference_id ?? null,
        metadata: p.metadata ?? {},
        subscription_data: p.subscription_data,
        payment_intent_data: p.payment_intent_data,
        line_items: p.line_items,
        success_url: p.success_url,
        cancel_url: p.cancel_url ?? null,
        subscription: null as string | null,
        payment_intent: null as string | null,
        url: `https://checkout.stripe.test/c/pay/${id('cs')}`,
        created: now(),
        expires_at: now() + DAY,
        livemode: false,
      };
      this.sessions.set(s.id, s);
      return [200, sessionView(s)];
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/checkout\/sessions\/([\w]+)$/))) {
      const s = this.sessions.get(m[1]!);
      return s ? [200, sessionView(s)] : missing('checkout.session', m[1]!);
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (!this.customers.has(p.customer)) return missing('customer', p.customer);
      const s = {
        id: id('bps'),
        object: 'billing_portal.session',
        customer: p.customer,
        return_url: p.return_url ?? null,
        url: `https://billing.stripe.test/p/session/${id('bps')}`,
        created: now(),
        livemode: false,
        configuration: 'bpc_default',
      };
      this.portalSessions.set(s.id, s);
      return [200, s];
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/subscriptions\/(\w+)$/))) {
      const s = this.subscriptions.get(m[1]!);
      return s ? [200, s] : missing('subscription', m[1]!);
    }
    if (method === 'GET' && path === '/v1/invoices') {
      const items = [...this.invoices.values()]
        .filter((i) => !p.customer || i.customer === p.customer)
        .sort((a, b) => b.created - a.created);
      return list(items.slice(0, Number(p.limit ?? 10)), '/v1/invoices');
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/invoices\/(\w+)$/))) {
      const i = this.invoices.get(m[1]!);
      return i ? [200, i] : missing('invoice', m[1]!);
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/charges\/(\w+)$/))) {
      const c = this.charges.get(m[1]!);
      return c ? [200, c] : missing('charge', m[1]!);
    }
    return [
      404,
      { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } },
    ];
  }
}
