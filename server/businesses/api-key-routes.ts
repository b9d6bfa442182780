/** A business's API keys: listed without their secret, created (the key shown once), revoked. */
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { API_KEY_PREFIX, API_KEY_SCOPES, userOf } from '../auth/principal.ts';
import { requireVerified } from '../auth/verified.ts';
import type { AppContext } from '../context.ts';
import { randomToken, sha256 } from '../crypto/secrets.ts';
import { afterCursor, pageOf, pageOrder, pageQuery } from '../http/pagination.ts';
import { notFound } from '../http/problem.ts';
import type { routeBuilder } from '../http/route.ts';
import { line } from '../http/text.ts';
import { requireAccessManagement, requireBusinessRole } from './access.ts';
import { apiKeyCreated, apiKeyPage } from './responses.ts';

const id = z.uuid();
const byId = z.object({ id });

export function apiKeyRoutes(ctx: AppContext, route: ReturnType<typeof routeBuilder>): void {
  const { db } = ctx;
  route(
    {
      method: 'get',
      path: '/:id/api-keys',
      summary: 'API keys (never the secret)',
      response: apiKeyPage,
      params: byId,
      query: pageQuery,
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      requireAccessManagement(req);
      const keys = await db.apiKey.findMany({
        where: { businessId: params.id, ...afterCursor(query.cursor, 'asc') },
        orderBy: pageOrder('asc'),
        take: query.limit + 1,
      });
      return pageOf(keys, query.limit, (k) => ({
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        scope: k.scope,
        createdAt: k.createdAt,
        lastUsedAt: k.lastUsedAt,
        revokedAt: k.revokedAt,
      }));
    },
  );

  route(
    {
      method: 'post',
      path: '/:id/api-keys',
      summary: 'Create an API key (shown once); scope read (default), write or admin',
      response: apiKeyCreated,
      status: 201,
      params: byId,
      body: z.object({ name: line().trim().min(1).max(60), scope: z.enum(API_KEY_SCOPES).default('read') }),
    },
    async ({ params, body, req }) => {
      const accountId = userOf(req); // keys cannot mint keys
      await requireVerified(db, await requireBusinessRole(db, req, params.id, 'admin'));
      requireAccessManagement(req);
      const key = API_KEY_PREFIX + randomToken(30);
      const row = await db.$transaction(async (tx) => {
        const k = await tx.apiKey.create({
          data: {
            businessId: params.id,
            createdById: accountId,
            name: body.name,
            scope: body.scope,
            prefix: key.slice(0, 12),
            keyHash: sha256(key),
          },
        });
        await audit(tx, {
          action: 'api_key.created',
          accountId,
          businessId: params.id,
          target: k.id,
          meta: { scope: k.scope },
          ip: req.ip,
        });
        return k;
      });
      return { id: row.id, name: row.name, prefix: row.prefix, scope: row.scope, key };
    },
  );

  route(
    {
      method: 'delete',
      path: '/:id/api-keys/:keyId',
      summary: 'Revoke an API key',
      status: 204,
      params: z.object({ id, keyId: id }),
    },
    async ({ params, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      requireAccessManagement(req);
      await db.$transaction(async (tx) => {
        const { count } = await tx.apiKey.updateMany({
          where: { id: params.keyId, businessId: params.id, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        if (!count) throw notFound('API key');
        await audit(tx, {
          action: 'api_key.revoked',
          accountId: access.accountId,
          businessId: params.id,
          target: params.keyId,
          ip: req.ip,
        });
      });
    },
  );
}
