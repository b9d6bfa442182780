/**
 * The console's inbox API: a keyset page of calls with their leads, and the live stream that says when to
 * re-read it. Both under /api/v1 with the bearer token (the console's access token, or an API key).
 */
import type { Router } from 'express';
import { z } from 'zod';
import { requireBusinessRole } from '../businesses/access.ts';
import type { AppContext } from '../context.ts';
import { databaseUrlOf } from '../db/client.ts';
import { sseFrame, streamFromHub } from '../http/event-stream.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { createInboxHub } from './inbox-stream.ts';
import { inboxPage, inboxPageResponse, inboxQuery } from './inbox-query.ts';
import { consoleApiRouter } from './api-router.ts';

export function inboxRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const { router: r, route } = consoleApiRouter(ctx, registry);
  const { db } = ctx;
  const hub = createInboxHub({ connectionString: () => databaseUrlOf(db), log: ctx.log });
  const byId = z.object({ id: z.uuid() });

  route(
    {
      method: 'get',
      path: '/businesses/:id/inbox',
      summary: 'Calls with their leads, newest first; filters, search, keyset pages ({ items, next })',
      params: byId,
      query: inboxQuery,
      response: inboxPageResponse,
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id);
      return inboxPage(db, params.id, query);
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/inbox/events',
      summary: 'Server-Sent Events: `inbox` whenever a call, lead or note of the business changes',
      responseType: 'text/event-stream',
      params: byId,
    },
    async ({ params, req, res }) => {
      await requireBusinessRole(db, req, params.id);
      // Ready: a page that re-reads on this event cannot miss a change made while it connected.
      await streamFromHub(req, res, hub, params.id, () => sseFrame('ready', {}));
    },
  );
  return r;
}
