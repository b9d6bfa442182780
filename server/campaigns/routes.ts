/** The campaigns API: create, list, get with live progress, start/pause/resume/cancel (owner or admin), reports. */
import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../auth/principal.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { afterCursor, pageOf, pageOrder, pageQuery, pageSchema } from '../http/pagination.ts';
import { notFound } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { campaignView, createCampaignBody, toCampaignView } from './schema.ts';
import { createCampaign, progressOf, progressOfMany, type Transition, transition } from './service.ts';
import { reportRoutes } from './report-routes.ts';
import { campaignTwilioRoutes } from './twilio-routes.ts';

const byId = z.object({ id: z.uuid() });
const byCampaign = z.object({ id: z.uuid(), campaignId: z.uuid() });

export function campaignRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  const { db, config } = ctx;
  const billingOn = Boolean(config.STRIPE_SECRET_KEY);
  const route = routeBuilder(r, registry, {
    prefix: '/api/v1/businesses',
    tag: 'campaigns',
    auth: true,
    before: [requireAuth(ctx)],
    db,
  });

  const find = async (businessId: string, campaignId: string) => {
    const c = await db.campaign.findFirst({ where: { id: campaignId, businessId } });
    if (!c) throw notFound('Campaign');
    return c;
  };

  route(
    {
      method: 'post',
      path: '/:id/campaigns',
      summary: 'Create a campaign over a lead list (draft until started)',
      status: 201,
      params: byId,
      body: createCampaignBody,
      response: campaignView,
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const c = await createCampaign(db, params.id, body, { accountId: access.accountId, ip: req.ip }, billingOn);
      return toCampaignView(c);
    },
  );

  route(
    {
      method: 'get',
      path: '/:id/campaigns',
      summary: 'Campaigns, newest first, each with its live progress',
      params: byId,
      query: pageQuery,
      response: pageSchema(campaignView),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id);
      const rows = await db.campaign.findMany({
        where: { businessId: params.id, ...afterCursor(query.cursor, 'desc') },
        orderBy: pageOrder('desc'),
        take: query.limit + 1,
      });
      const progress = await progressOfMany(
        db,
        rows.slice(0, query.limit).map((c) => c.id),
        params.id,
      );
      return pageOf(rows, query.limit, (c) => toCampaignView(c, progress.get(c.id)));
    },
  );

  route(
    {
      method: 'get',
      path: '/:id/campaigns/:campaignId',
      summary: 'A campaign with its live progress (targets by state, dials, outcomes)',
      params: byCampaign,
      response: campaignView,
    },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id);
      const c = await find(params.id, params.campaignId);
      return toCampaignView(c, await progressOf(db, c.id, params.id));
    },
  );

  for (const t of ['start', 'pause', 'resume', 'cancel'] as Transition[])
    route(
      {
        method: 'post',
        path: `/:id/campaigns/:campaignId/${t}`,
        summary: `${t[0]!.toUpperCase()}${t.slice(1)} the campaign (owner or admin; audited)`,
        params: byCampaign,
        response: campaignView,
        idempotent: false,
      },
      async ({ params, req }) => {
        const access = await requireBusinessRole(db, req, params.id, 'admin');
        const c = await transition(db, params.id, params.campaignId, t, { accountId: access.accountId, ip: req.ip });
        return toCampaignView(c, await progressOf(db, c.id, params.id));
      },
    );

  reportRoutes(ctx, route, find);
  r.use(campaignTwilioRoutes(ctx));
  return r;
}
