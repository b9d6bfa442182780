/** The console's list of a business's website callback requests, newest first, one keyset page at a time. */
import type { Router } from 'express';
import { z } from 'zod';
import { requireBusinessRole } from '../businesses/access.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { afterCursor, pageOf, pageOrder, pageQuery, pageSchema } from '../http/pagination.ts';
import { consoleApiRouter } from './api-router.ts';

export const callbackItem = z.object({
  id: z.string(),
  createdAt: z.string(),
  name: z.string(),
  phone: z.string(),
  /** What the visitor typed: untrusted text, to be shown as text. */
  reason: z.string().nullable(),
  status: z.string(),
  attempts: z.number(),
  /** The calls placed for it, newest first (the console links each to its call page). */
  callIds: z.array(z.string()),
});

export function callbackRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const { router: r, route } = consoleApiRouter(ctx, registry);
  const { db } = ctx;
  route(
    {
      method: 'get',
      path: '/businesses/:id/callback-requests',
      summary: "The website widget's callback requests, newest first",
      params: z.object({ id: z.uuid() }),
      query: pageQuery,
      response: pageSchema(callbackItem),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id);
      const rows = await db.callbackRequest.findMany({
        where: { businessId: params.id, ...afterCursor(query.cursor, 'desc') },
        orderBy: pageOrder('desc'),
        take: query.limit + 1,
        select: {
          id: true,
          createdAt: true,
          name: true,
          phone: true,
          reason: true,
          status: true,
          attempts: true,
          calls: { select: { id: true }, orderBy: { startedAt: 'desc' } },
        },
      });
      return pageOf(rows, query.limit, (c) => ({
        id: c.id,
        createdAt: c.createdAt.toISOString(),
        name: c.name,
        phone: c.phone,
        reason: c.reason,
        status: c.status,
        attempts: c.attempts,
        callIds: c.calls.map((x) => x.id),
      }));
    },
  );
  return r;
}
