/**
 * The widget's public API: the script, config, callback requests and their live status. No auth; every
 * JSON route is origin-checked against the business's widgetOrigins (see origin.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { RouteModule } from '../http/route-module.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { routeBuilder } from '../http/route.ts';
import { callbackBody, callbackCreated, createCallback, DEFAULT_LIMITS, type GuardLimits } from './callbacks.ts';
import {
  businessByKey,
  businessSelect,
  preflight,
  requireWidgetOrigin,
  setCors,
  varyOrigin,
  widgetBusinessOf,
} from './origin.ts';
import { loadWidgetBundle, scriptRoutes, type WidgetBundle } from './script.ts';
import { widgetPreviewRoutes } from './preview-page.ts';
import { issueChallenge } from './proof-of-work.ts';
import { phoneCheckBody, phoneCheckCreated, sendPhoneCheck } from './send-phone-check.ts';
import { checkStreamAccess, eventsParams, eventsQuery, openEventStream } from './sse.ts';
import { mintTicket, ticketBody, ticketCreated, TICKET_TTL_MS } from './stream-ticket.ts';
import { widgetConfigOf, widgetConfigResponse } from './widget-config.ts';

export interface WidgetRouteOptions {
  limits?: Partial<GuardLimits>;
  loadBundle?: () => Promise<WidgetBundle>;
  now?: () => number;
}

const configQuery = z.object({ key: z.string().min(1).max(100) });
const challengeResponse = z.object({ challenge: z.string(), bits: z.number(), expiresAt: z.string() });

export function createWidgetRoutes(opts: WidgetRouteOptions = {}): RouteModule {
  const limits: GuardLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const now = opts.now ?? Date.now;
  return (ctx: AppContext, registry: OpenApiRegistry) => {
    const { db } = ctx;
    const r = Router();
    r.use(scriptRoutes(opts.loadBundle ?? (() => loadWidgetBundle({ log: { error: (m) => ctx.log.error(m) } }))));
    // The console's live preview: a sample page with this widget on it (preview-page.ts).
    r.use(widgetPreviewRoutes(ctx));

    const P = '/widget/v1';
    const route = routeBuilder(r, registry, {
      prefix: P,
      tag: 'widget',
      auth: false,
      db: ctx.db,
      // The widget shows field errors by path, as its zod validation names them.
      bareBodyPaths: true,
    });

    r.options(
      `${P}/config`,
      varyOrigin,
      preflight(db, (req) => businessByKey(db, req.query.key)),
    );
    for (const path of ['callbacks', 'phone-checks'])
      r.options(
        `${P}/${path}`,
        varyOrigin,
        preflight(db, async () => undefined),
      );
    r.options(
      `${P}/challenge`,
      varyOrigin,
      preflight(db, (req) => businessByKey(db, req.query.key)),
    );
    r.options(
      [`${P}/callbacks/:id/events`, `${P}/callbacks/:id/stream-ticket`],
      varyOrigin,
      preflight(db, async (req) => {
        const id = z.uuid().safeParse(req.params.id);
        if (!id.success) return null;
        const cb = await db.callbackRequest.findUnique({
          where: { id: id.data },
          select: {
            business: {
              select: businessSelect,
            },
          },
        });
        return cb?.business ?? null;
      }),
    );

    route(
      {
        method: 'get',
        path: '/config',
        summary: 'Widget configuration: business name, open now, tap-to-call number, labels (origin-checked)',
        query: configQuery,
        response: widgetConfigResponse,
        before: [varyOrigin, requireWidgetOrigin(db, (req) => req.query.key, { sameOriginReads: true })],
      },
      async ({ res }) => {
        const b = widgetBusinessOf(res);
        const number = await db.phoneNumber.findFirst({
          where: { businessId: b.id },
          orderBy: { createdAt: 'asc' },
          select: { e164: true },
        });
        // The console's preview shows a change the moment it is saved.
        res.setHeader('Cache-Control', res.locals.widgetPreview ? 'no-store' : 'public, max-age=60');
        return widgetConfigOf(b, number?.e164 ?? null, now(), limits.minFillMs);
      },
    );

    const deps = { db, secret: ctx.config.jwtSecret, now };
    route(
      {
        method: 'get',
        path: '/challenge',
        summary: 'A proof-of-work challenge: solve it in the browser and send it with the callback request',
        query: configQuery,
        response: challengeResponse,
        before: [varyOrigin, requireWidgetOrigin(db, (req) => req.query.key)],
      },
      async ({ res }) => {
        res.setHeader('Cache-Control', 'no-store');
        return issueChallenge(ctx.config.jwtSecret, widgetBusinessOf(res).id, limits.powBits, now());
      },
    );

    route(
      {
        method: 'post',
        path: '/phone-checks',
        summary: 'Text the visitor a code that confirms the callback number is theirs (when the business asks for it)',
        status: 201,
        body: phoneCheckBody,
        response: phoneCheckCreated,
        before: [varyOrigin, requireWidgetOrigin(db, (req) => (req.body as { key?: unknown } | undefined)?.key)],
      },
      async ({ body, req, res }) => {
        res.setHeader('Cache-Control', 'no-store');
        const b = widgetBusinessOf(res);
        const number = await db.phoneNumber.findFirst({
          where: { businessId: b.id },
          orderBy: { createdAt: 'asc' },
          select: { e164: true },
        });
        return sendPhoneCheck(
          { ...deps, telephony: ctx.telephony },
          b,
          number?.e164 ?? null,
          body,
          { ip: req.ip ?? 'unknown' },
          limits,
        );
      },
    );

    route(
      {
        method: 'post',
        path: '/callbacks',
        summary: 'Request a callback from the AI receptionist (origin-checked, rate-limited)',
        status: 201,
        body: callbackBody,
        response: callbackCreated,
        before: [varyOrigin, requireWidgetOrigin(db, (req) => (req.body as { key?: unknown } | undefined)?.key)],
      },
      async ({ body, req, res }) => {
        res.setHeader('Cache-Control', 'no-store');
        return createCallback(
          deps,
          widgetBusinessOf(res),
          body,
          { ip: req.ip ?? 'unknown', origin: req.get('origin')! },
          limits,
          Boolean(ctx.config.STRIPE_SECRET_KEY),
        );
      },
    );

    route(
      {
        method: 'get',
        path: '/callbacks/:id/events',
        summary:
          'Live status of one callback as Server-Sent Events (single-use ticket from POST …/stream-ticket; Last-Event-ID resume)',
        responseType: 'text/event-stream',
        params: eventsParams,
        query: eventsQuery,
      },
      async ({ params, query, req, res }) => {
        await openEventStream(db, ctx.events, req, res, {
          id: params.id,
          cred: { ticket: query.ticket },
          lastEventId: query.lastEventId,
          secret: ctx.config.jwtSecret,
        });
      },
    );

    route(
      {
        method: 'post',
        path: '/callbacks/:id/stream-ticket',
        summary: 'A single-use ticket (valid 30 s) to open the status stream with, so the token stays out of URLs',
        status: 201,
        params: eventsParams,
        body: ticketBody,
        response: ticketCreated,
      },
      async ({ params, body, req, res }) => {
        res.vary('Origin');
        res.setHeader('Cache-Control', 'no-store');
        const access = await checkStreamAccess(
          db,
          params.id,
          { token: body.token },
          req.get('origin'),
          ctx.config.jwtSecret,
        );
        if (access.cors) setCors(res, access.cors);
        if (access.problem) throw access.problem;
        return {
          ticket: mintTicket(ctx.config.jwtSecret, access.id, Date.now()),
          expiresInSeconds: TICKET_TTL_MS / 1000,
        };
      },
    );
    return r;
  };
}

export const widgetRoutes: RouteModule = createWidgetRoutes();
