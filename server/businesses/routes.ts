import { Router } from 'express';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { requireAuth, userOf } from '../auth/principal.ts';
import { auditPage, businessOut, businessPage, memberRoleOut, widgetKeyOut } from './responses.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { badRequest, forbidden, notFound } from '../http/problem.ts';
import { afterCursor, pageOf, pageOrder, pageQuery } from '../http/pagination.ts';
import { routeBuilder } from '../http/route.ts';
import { outranks, requireAccessManagement, requireBusinessRole } from './access.ts';
import { inviteAcceptRoutes, memberRoutes } from './member-routes.ts';
import { numberRoutes } from './number-routes.ts';
import { apiKeyRoutes } from './api-key-routes.ts';
import { createBusinessBody, updateBusinessBody } from './schema.ts';
import { businessView, createBusiness, newWidgetKey } from './service.ts';

const id = z.uuid();
const byId = z.object({ id });
const role = z.enum(['owner', 'admin', 'member']);

export function businessRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  const P = '/api/v1/businesses';
  const { db } = ctx;
  const route = routeBuilder(r, registry, {
    prefix: P,
    tag: 'businesses',
    auth: true,
    before: [requireAuth(ctx)],
    db,
  });

  route(
    {
      method: 'post',
      path: '',
      summary: 'Create a business (you become its owner)',
      response: businessOut,
      status: 201,
      body: createBusinessBody,
    },
    async ({ body, req }) => {
      const accountId = userOf(req);
      const business = await createBusiness(db, { ...body, ownerAccountId: accountId, selfService: true }, (tx, b) =>
        audit(tx, { action: 'business.created', accountId, businessId: b.id, ip: req.ip }),
      );
      return businessView(business);
    },
  );

  route(
    {
      method: 'get',
      path: '',
      summary: 'Businesses you belong to, oldest first',
      response: businessPage,
      query: pageQuery,
    },
    async ({ query, req }) => {
      const p = req.principal!;
      const where = p.kind === 'apiKey' ? { id: p.businessId } : { memberships: { some: { accountId: p.accountId } } };
      const rows = await db.business.findMany({
        where: { ...where, ...afterCursor(query.cursor, 'asc') },
        orderBy: pageOrder('asc'),
        take: query.limit + 1,
        include: { numbers: true },
      });
      return pageOf(rows, query.limit, businessView);
    },
  );

  route(
    { method: 'get', path: '/:id', summary: 'One business', params: byId, response: businessOut },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id);
      return businessView(
        await db.business.findUniqueOrThrow({ where: { id: params.id }, include: { numbers: true } }),
      );
    },
  );

  route(
    {
      method: 'patch',
      path: '/:id',
      summary: 'Update a business',
      response: businessOut,
      params: byId,
      body: updateBusinessBody,
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const updated = await db.$transaction(async (tx) => {
        const b = await tx.business.update({
          where: { id: params.id },
          data: body as never,
          include: { numbers: true },
        });
        await audit(tx, {
          action: 'business.updated',
          accountId: access.accountId,
          businessId: params.id,
          meta: { fields: Object.keys(body) },
          ip: req.ip,
        });
        return b;
      });
      return businessView(updated);
    },
  );

  route(
    {
      method: 'post',
      path: '/:id/widget-key',
      summary: 'Rotate the widget public key',
      response: widgetKeyOut,
      params: byId,
    },
    async ({ params, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const b = await db.$transaction(async (tx) => {
        const row = await tx.business.update({ where: { id: params.id }, data: { widgetPublicKey: newWidgetKey() } });
        await audit(tx, {
          action: 'widget.key_rotated',
          accountId: access.accountId,
          businessId: params.id,
          ip: req.ip,
        });
        return row;
      });
      return { widgetPublicKey: b.widgetPublicKey };
    },
  );

  // ---- members
  memberRoutes(ctx, route);

  const memberParams = z.object({ id, accountId: id });
  route(
    {
      method: 'patch',
      path: '/:id/members/:accountId',
      summary: "Change a member's role",
      response: memberRoleOut,
      params: memberParams,
      body: z.object({ role }),
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      requireAccessManagement(req);
      const current = await db.membership.findUnique({
        where: { accountId_businessId: { accountId: params.accountId, businessId: params.id } },
      });
      if (!current) throw notFound('Member');
      if (!outranks(access.role, current.role) || !outranks(access.role, body.role))
        throw forbidden('You cannot change a role above your own');
      await guardLastOwner(params.id, current.role, body.role);
      await db.$transaction(async (tx) => {
        await tx.membership.update({ where: { id: current.id }, data: { role: body.role } });
        await audit(tx, {
          action: 'member.role_changed',
          accountId: access.accountId,
          businessId: params.id,
          target: params.accountId,
          meta: { from: current.role, to: body.role },
          ip: req.ip,
        });
      });
      return { accountId: params.accountId, role: body.role };
    },
  );

  route(
    {
      method: 'delete',
      path: '/:id/members/:accountId',
      summary: 'Remove a member',
      status: 204,
      params: memberParams,
    },
    async ({ params, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      requireAccessManagement(req);
      const current = await db.membership.findUnique({
        where: { accountId_businessId: { accountId: params.accountId, businessId: params.id } },
      });
      if (!current) throw notFound('Member');
      if (!outranks(access.role, current.role)) throw forbidden('You cannot remove a member above your role');
      await guardLastOwner(params.id, current.role, null);
      await db.$transaction(async (tx) => {
        await tx.membership.delete({ where: { id: current.id } });
        await audit(tx, {
          action: 'member.removed',
          accountId: access.accountId,
          businessId: params.id,
          target: params.accountId,
          ip: req.ip,
        });
      });
    },
  );

  async function guardLastOwner(businessId: string, from: string, to: string | null) {
    if (from !== 'owner' || to === 'owner') return;
    const owners = await db.membership.count({ where: { businessId, role: 'owner' } });
    if (owners <= 1) throw badRequest('A business must keep at least one owner');
  }

  numberRoutes(ctx, route);

  apiKeyRoutes(ctx, route);

  route(
    {
      method: 'get',
      path: '/:id/audit-log',
      summary: 'Security-relevant actions on this business',
      response: auditPage,
      params: byId,
      query: pageQuery.extend({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        action: z.string().max(60).optional(),
      }),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const rows = await db.auditLog.findMany({
        where: {
          businessId: params.id,
          ...(query.action ? { action: query.action } : {}),
          ...afterCursor(query.cursor, 'desc'),
        },
        orderBy: pageOrder('desc'),
        take: query.limit + 1,
      });
      return pageOf(rows, query.limit, (a) => ({
        id: a.id,
        action: a.action,
        accountId: a.accountId,
        target: a.target,
        meta: a.meta,
        createdAt: a.createdAt,
      }));
    },
  );

  inviteAcceptRoutes(ctx, r, registry);
  return r;
}
