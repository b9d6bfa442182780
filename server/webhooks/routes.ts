import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { requireAuth } from '../auth/principal.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { afterCursor, pageOf, pageOrder, pageQuery, pageSchema } from '../http/pagination.ts';
import { conflict, notFound, Problem } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { SUBSCRIBABLE, webhookEvents } from './events.ts';
import { emitWebhookEvent } from './outbox.ts';
import { newSigningSecret, openSigningSecret, sealSigningSecret } from './signing.ts';
import { endpointUrlProblem } from './url-rule.ts';
import { attemptSchema, attemptView, endpointSchema, endpointView } from './views.ts';

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;
const MAX_ENDPOINTS = 20;

const byId = z.object({ id: z.uuid() });
const byWebhook = z.object({ id: z.uuid(), webhookId: z.uuid() });

export function webhookRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  const { db, config } = ctx;
  const route = routeBuilder(r, registry, {
    prefix: '/api/v1/businesses',
    tag: 'webhooks',
    auth: true,
    before: [requireAuth(ctx)],
    db,
  });
  for (const [type, e] of Object.entries(webhookEvents)) registry.addWebhook(type, e.summary, e.version, e.data);

  const urlField = z
    .string()
    .max(2000)
    .superRefine((u, c) => {
      const problem = endpointUrlProblem(u, { env: config.NODE_ENV, allowLoopback: config.WEBHOOKS_ALLOW_LOOPBACK });
      if (problem) c.addIssue({ code: 'custom', message: problem });
    });
  const events = z.array(z.enum(SUBSCRIBABLE)).min(1).max(SUBSCRIBABLE.length);
  const fields = {
    url: urlField,
    events: events.transform((e) => [...new Set(e)]),
    description: z.string().trim().max(200).nullable().optional(),
    includeTranscript: z.boolean().optional(),
  };

  const find = async (businessId: string, webhookId: string) => {
    const e = await db.webhookEndpoint.findFirst({ where: { id: webhookId, businessId } });
    if (!e) throw notFound('Webhook endpoint');
    return e;
  };

  route(
    {
      method: 'post',
      path: '/:id/webhooks',
      summary: 'Create a webhook endpoint; the signing secret (whsec_…) is in this response only',
      status: 201,
      params: byId,
      body: z.object(fields),
      response: endpointSchema.extend({ secret: z.string() }),
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const id = randomUUID();
      const secret = newSigningSecret();
      const row = await db.$transaction(async (tx) => {
        const n = await tx.webhookEndpoint.count({ where: { businessId: params.id } });
        if (n >= MAX_ENDPOINTS) throw conflict(`A business can have at most ${MAX_ENDPOINTS} webhook endpoints`);
        const e = await tx.webhookEndpoint.create({
          data: {
            id,
            businessId: params.id,
            url: body.url,
            events: body.events,
            description: body.description ?? null,
            includeTranscript: body.includeTranscript ?? false,
            secretEnc: sealSigningSecret(config, id, secret),
          },
        });
        await audit(tx, {
          action: 'webhook.created',
          accountId: access.accountId,
          businessId: params.id,
          target: id,
          meta: { url: body.url, events: body.events },
          ip: req.ip,
        });
        return e;
      });
      return { ...endpointView(row), secret };
    },
  );

  route(
    {
      method: 'get',
      path: '/:id/webhooks',
      summary: 'Webhook endpoints, oldest first',
      params: byId,
      query: pageQuery,
      response: pageSchema(endpointSchema),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const rows = await db.webhookEndpoint.findMany({
        where: { businessId: params.id, ...afterCursor(query.cursor, 'asc') },
        orderBy: pageOrder('asc'),
        take: query.limit + 1,
      });
      return pageOf(rows, query.limit, endpointView);
    },
  );

  route(
    {
      method: 'get',
      path: '/:id/webhooks/:webhookId',
      summary: 'One webhook endpoint',
      params: byWebhook,
      response: endpointSchema,
    },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      return endpointView(await find(params.id, params.webhookId));
    },
  );

  route(
    {
      method: 'patch',
      path: '/:id/webhooks/:webhookId',
      summary: 'Change an endpoint; `enabled: true` switches a disabled one back on',
      params: byWebhook,
      body: z.object({ ...fields, enabled: z.boolean() }).partial(),
      response: endpointSchema,
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const e = await find(params.id, params.webhookId);
      const { enabled, ...rest } = body;
      const updated = await db.webhookEndpoint.update({
        where: { id: e.id },
        data: {
          ...rest,
          ...(enabled === true && e.disabledAt ? { disabledAt: null, disabledReason: null, failingSince: null } : {}),
          ...(enabled === false && !e.disabledAt
            ? { disabledAt: new Date(), disabledReason: 'disabled by a user' }
            : {}),
        },
      });
      await audit(db, {
        action: 'webhook.updated',
        accountId: access.accountId,
        businessId: params.id,
        target: e.id,
        meta: { fields: Object.keys(body) },
        ip: req.ip,
      });
      return endpointView(updated);
    },
  );

  route(
    {
      method: 'delete',
      path: '/:id/webhooks/:webhookId',
      summary: 'Delete an endpoint and its log',
      status: 204,
      params: byWebhook,
    },
    async ({ params, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const { count } = await db.webhookEndpoint.deleteMany({ where: { id: params.webhookId, businessId: params.id } });
      if (!count) throw notFound('Webhook endpoint');
      await audit(db, {
        action: 'webhook.deleted',
        accountId: access.accountId,
        businessId: params.id,
        target: params.webhookId,
        ip: req.ip,
      });
    },
  );

  route(
    {
      method: 'post',
      path: '/:id/webhooks/:webhookId/rotate-secret',
      summary: 'New signing secret (shown once); the previous one keeps signing beside it for 24 hours',
      params: byWebhook,
      response: z.object({ secret: z.string(), previousSecretExpiresAt: z.string() }),
    },
    async ({ params, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const e = await find(params.id, params.webhookId);
      const secret = newSigningSecret();
      const until = new Date(Date.now() + ROTATION_OVERLAP_MS);
      // The previous secret is re-sealed for its own field: a sealed value only opens where it was written.
      const previous = openSigningSecret(config, e.id, e.secretEnc);
      await db.webhookEndpoint.update({
        where: { id: e.id },
        data: {
          secretEnc: sealSigningSecret(config, e.id, secret),
          previousSecretEnc: sealSigningSecret(config, e.id, previous, 'previousSecret'),
          previousSecretUntil: until,
        },
      });
      await audit(db, {
        action: 'webhook.secret_rotated',
        accountId: access.accountId,
        businessId: params.id,
        target: e.id,
        ip: req.ip,
      });
      return { secret, previousSecretExpiresAt: until.toISOString() };
    },
  );

  route(
    {
      method: 'post',
      path: '/:id/webhooks/:webhookId/test',
      summary: 'Send a `webhook.test` event to this endpoint (it appears in the delivery log)',
      status: 202,
      params: byWebhook,
      response: z.object({ eventId: z.string() }),
    },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const e = await find(params.id, params.webhookId);
      if (e.disabledAt) throw conflict('The endpoint is disabled; enable it first');
      const { eventId } = await emitWebhookEvent(
        db,
        params.id,
        'webhook.test',
        { webhookId: e.id, businessId: params.id, message: 'Test event from Leadline' },
        { endpointId: e.id },
      );
      return { eventId };
    },
  );

  route(
    {
      method: 'get',
      path: '/:id/webhooks/:webhookId/deliveries',
      summary: 'Delivery log, newest first: each attempt with its status, latency, response code and body excerpt',
      params: byWebhook,
      query: pageQuery.extend({
        eventType: z.string().max(60).optional(),
        status: z.enum(['succeeded', 'failed']).optional(),
      }),
      response: pageSchema(attemptSchema),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      await find(params.id, params.webhookId);
      const rows = await db.webhookAttempt.findMany({
        where: {
          endpointId: params.webhookId,
          ...(query.status ? { ok: query.status === 'succeeded' } : {}),
          ...(query.eventType ? { delivery: { event: { type: query.eventType } } } : {}),
          ...afterCursor(query.cursor, 'desc'),
        },
        orderBy: pageOrder('desc'),
        take: query.limit + 1,
        include: { delivery: { include: { event: { select: { type: true } } } } },
      });
      return pageOf(rows, query.limit, attemptView);
    },
  );

  route(
    {
      method: 'post',
      path: '/:id/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
      summary: 'Send a delivery again now, with the same webhook-id',
      response: z.object({ deliveryId: z.string(), status: z.literal('pending') }),
      status: 202,
      params: byWebhook.extend({ deliveryId: z.uuid() }),
    },
    async ({ params, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const e = await find(params.id, params.webhookId);
      if (e.disabledAt) throw conflict('The endpoint is disabled; enable it first');
      const n = await db.$executeRaw`
        update "WebhookDelivery" set "status" = 'pending', "nextAttemptAt" = now(), "updatedAt" = now()
        where "id" = ${params.deliveryId}::uuid and "endpointId" = ${e.id}::uuid
          and ("lockedUntil" is null or "lockedUntil" <= now())`;
      if (!n) {
        const exists = await db.webhookDelivery.count({ where: { id: params.deliveryId, endpointId: e.id } });
        if (!exists) throw notFound('Delivery');
        throw new Problem(409, 'conflict', 'Conflict', 'That delivery is being sent right now');
      }
      await audit(db, {
        action: 'webhook.redelivered',
        accountId: access.accountId,
        businessId: params.id,
        target: params.deliveryId,
        ip: req.ip,
      });
      return { deliveryId: params.deliveryId, status: 'pending' };
    },
  );

  return r;
}
