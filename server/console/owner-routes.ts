/**
 * What the console's owner pages need that the integrators' API did not answer: usage per day for the
 * billing charts, the list of a business's privacy requests, and a recording link as JSON (the API's
 * recording route redirects, which a page's <audio> cannot read the expiry of). Each finds the business or
 * call first and then requires membership, so another tenant's ids answer 404 or 403.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { alertLevel } from '../billing/alerts.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import { viewRecording } from '../calls/recording-view.ts';
import type { AppContext } from '../context.ts';
import { afterCursor, pageOf, pageOrder, pageQuery } from '../http/pagination.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { dailySeries } from './usage-days.ts';
import { consoleApiRouter } from './api-router.ts';

const byId = z.object({ id: z.uuid() });

const dailyUsage = z.object({
  timezone: z.string(),
  from: z.string().describe('first day shown (the period start, or 30 days back without a period)'),
  to: z.string(),
  usedSeconds: z.number().describe('AI conversation seconds used since `from`'),
  balanceSeconds: z.number(),
  alertPercent: z.number().describe('0, 80 or 100: the usage alert threshold reached this period'),
  days: z.array(z.object({ date: z.string(), calls: z.number(), minutes: z.number() })),
});

const privacyRequestItem = z.object({
  id: z.string(),
  type: z.enum(['export', 'erase']),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  systems: z.record(z.string(), z.object({ state: z.string(), detail: z.string().optional() })),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  downloadable: z.boolean(),
});

const recordingLink = z.object({
  url: z.string(),
  expiresAt: z.string(),
  expiresIn: z.number().describe('seconds from now: what a client counts down with, whatever its clock says'),
  seconds: z.number().nullable().describe("the recording's length"),
});

export function ownerRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const { router: r, route } = consoleApiRouter(ctx, registry);
  const { db } = ctx;

  route(
    {
      method: 'get',
      path: '/businesses/:id/usage/daily',
      summary: 'Calls and AI minutes per day (in the business time zone) for this billing period',
      params: byId,
      response: dailyUsage,
    },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id);
      const b = await db.business.findUniqueOrThrow({
        where: { id: params.id },
        select: { timezone: true, secondsBalance: true, billing: { select: { periodStart: true } } },
      });
      const now = new Date();
      const from = b.billing?.periodStart ?? new Date(now.getTime() - 29 * 86_400_000);
      const [calls, minutes] = await Promise.all([
        db.$queryRaw<{ day: string; n: bigint }[]>`
          select to_char(("startedAt" at time zone 'UTC') at time zone ${b.timezone}, 'YYYY-MM-DD') as day, count(*) as n
          from "Call" where "businessId" = ${params.id}::uuid and "startedAt" >= ${from}
          group by 1`,
        db.$queryRaw<{ day: string; s: bigint }[]>`
          select to_char(("createdAt" at time zone 'UTC') at time zone ${b.timezone}, 'YYYY-MM-DD') as day, -sum(seconds) as s
          from "MinuteEntry" where "businessId" = ${params.id}::uuid and kind = 'usage' and "createdAt" >= ${from}
          group by 1`,
      ]);
      const series = dailySeries(
        from,
        now,
        b.timezone,
        calls.map((c) => ({ day: c.day, value: Number(c.n) })),
        minutes.map((m) => ({ day: m.day, value: Number(m.s) })),
      );
      const usedSeconds = minutes.reduce((n, m) => n + Number(m.s), 0);
      return {
        timezone: b.timezone,
        from: from.toISOString(),
        to: now.toISOString(),
        usedSeconds,
        balanceSeconds: b.secondsBalance,
        alertPercent: alertLevel(usedSeconds, b.secondsBalance),
        days: series,
      };
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/privacy-requests',
      summary: 'Privacy requests of this business, newest first (owners and admins)',
      params: byId,
      query: pageQuery,
      response: z.object({ items: z.array(privacyRequestItem), next: z.string().nullable() }),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const rows = await db.privacyRequest.findMany({
        where: { businessId: params.id, ...afterCursor(query.cursor, 'desc') },
        orderBy: pageOrder('desc'),
        take: query.limit + 1,
        select: {
          id: true,
          type: true,
          status: true,
          systems: true,
          createdAt: true,
          finishedAt: true,
          exportExpiresAt: true,
        },
      });
      const now = new Date();
      return pageOf(rows, query.limit, (p) => ({
        id: p.id,
        type: p.type as 'export' | 'erase',
        status: p.status as 'pending' | 'running' | 'done' | 'failed',
        systems: p.systems as Record<string, { state: string; detail?: string }>,
        createdAt: p.createdAt.toISOString(),
        finishedAt: p.finishedAt?.toISOString() ?? null,
        downloadable: p.type === 'export' && p.exportExpiresAt !== null && p.exportExpiresAt > now,
      }));
    },
  );

  route(
    {
      method: 'get',
      path: '/calls/:callId/recording-link',
      summary: "A short-lived link to a call's recording for this viewer, with its expiry (audited as a view)",
      params: z.object({ callId: z.uuid() }),
      response: recordingLink,
    },
    async ({ params, req, res }) => {
      const now = Date.now();
      const { call, url } = await viewRecording(ctx, req, params.callId, now);
      const exp = Number(new URL(url).searchParams.get('exp'));
      res.setHeader('cache-control', 'private, no-store');
      return {
        url,
        expiresAt: new Date(exp * 1000).toISOString(),
        expiresIn: exp - Math.floor(now / 1000),
        seconds: call.recordingSeconds,
      };
    },
  );

  return r;
}
