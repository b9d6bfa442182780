import { Router } from 'express';
import { z } from 'zod';
import type { RouteModule } from '../http/route-module.ts';
import { audit } from '../auth/audit.ts';
import { requireAuth } from '../auth/principal.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import { notFound, Problem } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { enqueueBackfill } from './outbox.ts';
import { findManifest, requireConnector } from './registry.ts';
import { connectionPage, connectionsWithHealth } from './status.ts';
import { checkFieldMapping, fieldMappingRoutes } from './field-routes.ts';
import { createProgressHub, progressOf } from './progress-stream.ts';
import { sseFrame, streamFromHub } from '../http/event-stream.ts';
import { pageQuery } from '../http/pagination.ts';
import type { ConnectorManifest } from '../../connectors/manifest.ts';

type JsonValue = string | number | boolean | { [k: string]: JsonValue } | JsonValue[];

const byBusiness = z.object({ id: z.uuid() });
const byProvider = byBusiness.extend({ provider: z.string().min(1).max(40) });

/**
 * Every registered connector's settings in one body, for validation and the OpenAPI document; each
 * provider's own schema (its manifest's `settings`) then decides which of them it takes. A key two
 * manifests declare is documented as the first one declares it.
 */
function settingsBody(manifests: readonly ConnectorManifest[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const m of manifests) for (const [k, v] of Object.entries(m.settings.shape)) shape[k] ??= v;
  return z
    .object(shape)
    .strict()
    .refine((v) => Object.keys(v).length > 0, 'send at least one setting');
}

export const syncRoutes: RouteModule = (ctx, registry) => {
  const r = Router();
  const { db } = ctx;
  const route = routeBuilder(r, registry, {
    prefix: '/api/v1',
    tag: 'connections',
    auth: true,
    before: [requireAuth(ctx)],
    db,
  });

  route(
    {
      method: 'get',
      path: '/connections',
      summary: 'Connection health of every business you can see (an API key: its business)',
      response: connectionPage,
      query: pageQuery,
    },
    async ({ query, req }) => {
      const p = req.principal!;
      const businessIds =
        p.kind === 'apiKey'
          ? [p.businessId]
          : (await db.membership.findMany({ where: { accountId: p.accountId }, select: { businessId: true } })).map(
              (m) => m.businessId,
            );
      return connectionsWithHealth(db, { businessIds }, query);
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/connections',
      summary: 'Connection health: status, account, scopes, last sync, pending/synced/failed/parked counts',
      response: connectionPage,
      params: byBusiness,
      query: pageQuery,
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id);
      return connectionsWithHealth(db, { businessId: params.id }, query);
    },
  );

  route(
    {
      method: 'patch',
      path: '/businesses/:id/connections/:provider',
      summary: "Connection settings; field mapping overrides are checked against the provider's real fields",
      response: z.object({ provider: z.string(), settings: z.record(z.string(), z.unknown()) }),
      params: byProvider,
      body: settingsBody(ctx.config.connectors),
    },
    async ({ params, body: sent, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const connector = requireConnector(ctx, params.provider);
      const body = providerSettings(findManifest(ctx, params.provider)!, connector.displayName, sent);
      const conn = await db.connection.findUnique({
        where: { businessId_provider: { businessId: params.id, provider: params.provider } },
      });
      if (!conn) throw notFound('Connection');
      // Shaped by fieldMappingSetting (connectors/manifest.ts) in every manifest that takes it.
      const mapping = body.fieldMapping as Record<string, string> | undefined;
      if (mapping) await checkFieldMapping(ctx, conn, connector, mapping);
      const settings = { ...(conn.settings as Record<string, JsonValue>), ...body };
      const updated = await db.$transaction(async (tx) => {
        const c = await tx.connection.update({ where: { id: conn.id }, data: { settings } });
        await audit(tx, {
          action: 'connection.settings_changed',
          accountId: access.accountId,
          businessId: params.id,
          target: conn.id,
          meta: { keys: Object.keys(body) },
          ip: req.ip,
        });
        return c;
      });
      return { provider: updated.provider, settings: updated.settings };
    },
  );

  fieldMappingRoutes(ctx, route);

  const progress = createProgressHub({ db, log: ctx.log });
  route(
    {
      method: 'get',
      path: '/businesses/:id/connections/events',
      summary:
        'Server-Sent Events: `ready`, then `progress` whenever lead sync moves; each carries every connection’s pending/synced/failed/parked counts',
      responseType: 'text/event-stream',
      params: byBusiness,
    },
    async ({ params, req, res }) => {
      await requireBusinessRole(db, req, params.id);
      await streamFromHub(req, res, progress, params.id, async () =>
        sseFrame('ready', await progressOf(db, params.id)),
      );
    },
  );

  route(
    {
      method: 'post',
      path: '/businesses/:id/connections/:provider/backfill',
      summary: 'Send the leads of the last N days (default 30) that are not synced yet',
      response: z.object({
        connectionId: z.string(),
        days: z.number().int(),
        queued: z.object({ leads: z.number().int(), calls: z.number().int() }),
      }),
      status: 202,
      params: byProvider,
      body: z.object({ days: z.number().int().min(1).max(365).default(30) }),
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      requireConnector(ctx, params.provider);
      const conn = await db.connection.findUnique({
        where: { businessId_provider: { businessId: params.id, provider: params.provider } },
      });
      if (!conn) throw notFound('Connection');
      if (conn.status !== 'active')
        throw new Problem(
          409,
          'connection-inactive',
          'Connection not active',
          `The connection is ${conn.status}; reconnect first`,
        );
      const queued = await db.$transaction(async (tx) => {
        const q = await enqueueBackfill(tx, { connectionId: conn.id, businessId: params.id, days: body.days });
        await audit(tx, {
          action: 'connection.backfill',
          accountId: access.accountId,
          businessId: params.id,
          target: conn.id,
          meta: { days: body.days, ...q },
          ip: req.ip,
        });
        return q;
      });
      return { connectionId: conn.id, days: body.days, queued };
    },
  );

  return r;
};

/** The settings the provider's manifest accepts, or a 422 naming the ones it does not. */
function providerSettings(
  manifest: ConnectorManifest,
  name: string,
  sent: Record<string, unknown>,
): Record<string, JsonValue> {
  const parsed = manifest.settings.strict().safeParse(sent);
  // Settings arrive as JSON and zod only narrows them, so what it returns is still JSON.
  if (parsed.success) return parsed.data as Record<string, JsonValue>;
  const foreign = Object.keys(sent).filter((k) => !(k in manifest.settings.shape));
  if (foreign.length)
    throw invalid(`${name} has no ${foreign.length === 1 ? 'setting' : 'settings'} ${foreign.join(', ')}`, foreign);
  throw invalid(
    parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    parsed.error.issues.map((i) => i.path.join('.')),
  );
}

function invalid(detail: string, paths: string[], ext: Record<string, unknown> = {}) {
  return new Problem(422, 'validation', 'Invalid request', detail, {
    errors: paths.map((path) => ({ path, message: detail })),
    ...ext,
  });
}
