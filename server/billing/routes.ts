import { Router } from 'express';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { requireAuth } from '../auth/principal.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { badRequest, conflict } from '../http/problem.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../http/pagination.ts';
import { routeBuilder } from '../http/route.ts';
import { startPortal, startSubscriptionCheckout, startTopUpCheckout, type ReturnUrls } from './checkout.ts';
import { catalogueView, TOP_UP_MINUTES } from './plans.ts';
import { billingResponse, invoiceView, planView, redirect, usageEntry } from './schemas.ts';
import { billingView } from './status.ts';
import { usageCsv, usageEntries } from './usage.ts';

const byId = z.object({ id: z.uuid() });
const paidPlan = z.enum(['starter', 'pro', 'business']);
/** Where Stripe sends the browser back; only our own origin, so a checkout cannot become an open redirect. */
const returnUrl = z.url({ protocol: /^https?$/ }).optional();

export function billingRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  const { db, config } = ctx;
  const route = routeBuilder(r, registry, {
    prefix: '/api/v1',
    tag: 'billing',
    auth: true,
    before: [requireAuth(ctx)],
  });
  const base = config.PUBLIC_BASE_URL;

  function stripe() {
    const s = ctx.stripe?.();
    if (!s) throw conflict('Billing is off on this server (no STRIPE_SECRET_KEY); minutes are granted by the operator');
    return s;
  }
  function ours(url: string | undefined, fallback: string): string {
    if (!url) return fallback;
    if (new URL(url).origin !== new URL(base).origin)
      throw badRequest(`Return URLs must be on ${new URL(base).origin}`);
    return url;
  }
  // Stripe sends the browser back to the console's billing page (served at /app/…), which reads the query
  // to say how it went; `{CHECKOUT_SESSION_ID}` is Stripe's own placeholder, filled in on the way back.
  const billingPage = `${base.replace(/\/+$/, '')}/app/billing`;
  const urls = (b: { successUrl?: string; cancelUrl?: string }, what: 'checkout' | 'top-up'): ReturnUrls => ({
    successUrl: ours(b.successUrl, `${billingPage}?${what}=done&session_id={CHECKOUT_SESSION_ID}`),
    cancelUrl: ours(b.cancelUrl, `${billingPage}?${what}=canceled`),
  });

  route(
    {
      method: 'get',
      path: '/billing/plans',
      summary: 'The plan catalogue: minutes and limits per plan',
      auth: false,
      before: [],
      response: z.object({ items: z.array(planView), next: z.null(), topUpMinutes: z.number() }),
    },
    () => ({
      items: catalogueView(config),
      next: null, // the whole catalogue is one page
      topUpMinutes: TOP_UP_MINUTES,
    }),
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/billing',
      summary: 'Plan, billing status and minutes',
      params: byId,
      response: billingResponse,
    },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id);
      const b = await db.business.findUniqueOrThrow({
        where: { id: params.id },
        select: { plan: true, secondsBalance: true, heldSeconds: true, billing: true },
      });
      return billingView(b, b.billing, new Date(), config.BILLING_GRACE_DAYS, Boolean(config.STRIPE_SECRET_KEY));
    },
  );

  route(
    {
      method: 'post',
      path: '/businesses/:id/billing/checkout',
      summary: 'Start a Stripe Checkout for a plan (owners and admins)',
      params: byId,
      body: z.object({ plan: paidPlan, successUrl: returnUrl, cancelUrl: returnUrl }),
      response: redirect,
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const session = await startSubscriptionCheckout(
        ctx,
        await stripe(),
        params.id,
        body.plan,
        urls(body, 'checkout'),
      );
      await audit(db, {
        action: 'billing.checkout_started',
        accountId: access.accountId,
        businessId: params.id,
        target: session.id,
        meta: { plan: body.plan },
        ip: req.ip,
      });
      return session;
    },
  );

  route(
    {
      method: 'post',
      path: '/businesses/:id/billing/top-up',
      summary: 'Start a Stripe Checkout for minute packs (owners and admins)',
      params: byId,
      body: z.object({
        packs: z.number().int().min(1).max(20).default(1),
        successUrl: returnUrl,
        cancelUrl: returnUrl,
      }),
      response: redirect.extend({ minutes: z.number() }),
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const session = await startTopUpCheckout(ctx, await stripe(), params.id, body.packs, urls(body, 'top-up'));
      await audit(db, {
        action: 'billing.top_up_started',
        accountId: access.accountId,
        businessId: params.id,
        target: session.id,
        meta: { minutes: session.minutes },
        ip: req.ip,
      });
      return session;
    },
  );

  route(
    {
      method: 'post',
      path: '/businesses/:id/billing/portal',
      summary: 'Open the Stripe Billing Portal (owners and admins)',
      params: byId,
      body: z.object({ returnUrl }),
      response: redirect,
    },
    async ({ params, body, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      return startPortal(ctx, await stripe(), params.id, ours(body.returnUrl, `${billingPage}?portal=done`));
    },
  );

  const usageQuery = z.object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    cursor: pageQuery.shape.cursor,
  });
  const window = (q: { from?: string; to?: string }, limit: number) => ({
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    limit,
  });

  route(
    {
      method: 'get',
      path: '/businesses/:id/billing/usage',
      summary: 'Minutes ledger: usage per call, grants, top-ups, adjustments (newest first)',
      params: byId,
      query: usageQuery,
      response: z.object({ items: z.array(usageEntry) }),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id);
      const rows = await usageEntries(db, params.id, { ...window(query, query.limit + 1), cursor: query.cursor });
      return pageOf(rows, query.limit, undefined, (e) => ({ at: new Date(e.at), id: e.id }));
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/billing/usage.csv',
      summary: 'The minutes ledger as CSV (owners and admins)',
      params: byId,
      query: usageQuery.omit({ limit: true }),
      responseType: 'text/csv',
    },
    async ({ params, query, req, res }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const rows = await usageEntries(db, params.id, window(query, 100_000));
      res.status(200).type('text/csv').attachment(`usage-${params.id}.csv`).send(usageCsv(rows));
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/billing/invoices',
      summary: 'Invoices, as Stripe has them, newest first (owners and admins; empty with billing off)',
      params: byId,
      query: pageQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(24) }),
      response: z.object({ items: z.array(invoiceView), next: z.string().nullable() }),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const account = await db.billingAccount.findUnique({ where: { businessId: params.id } });
      if (!ctx.stripe || !account?.stripeCustomerId) return { items: [], next: null };
      // Stripe pages by object id; the cursor carries the last invoice's.
      const after = decodeCursor(query.cursor)?.id;
      const list = await (await ctx.stripe()).invoices.list({
        customer: account.stripeCustomerId,
        limit: query.limit,
        ...(after ? { starting_after: after } : {}),
      });
      const last = list.data[list.data.length - 1];
      return {
        next: list.has_more && last ? encodeCursor({ at: new Date(last.created * 1000), id: last.id! }) : null,
        items: list.data.map((i) => ({
          id: i.id,
          number: i.number,
          status: i.status,
          currency: i.currency,
          amountDue: i.amount_due,
          amountPaid: i.amount_paid,
          created: new Date(i.created * 1000).toISOString(),
          periodStart: new Date(i.period_start * 1000).toISOString(),
          periodEnd: new Date(i.period_end * 1000).toISOString(),
          hostedInvoiceUrl: i.hosted_invoice_url ?? null,
          invoicePdf: i.invoice_pdf ?? null,
        })),
      };
    },
  );

  return r;
}
