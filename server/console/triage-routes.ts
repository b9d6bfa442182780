/**
 * What a dispatcher does to a call in the console: internal notes (author, time), handled / not handled,
 * assignment to a member, corrections to the extracted lead (which go to the CRMs again), and a retry of
 * a lead's CRM sync. Every route finds the call or lead first and then requires membership of its
 * business, so another tenant's ids answer 404 and write nothing.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import { e164 } from '../businesses/schema.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { badRequest, notFound } from '../http/problem.ts';
import { URGENCIES } from '../leads/lead.schema.ts';
import { enqueueLeadSync } from '../sync/outbox.ts';
import { leadSyncStatus, syncStatusForLead } from '../sync/status.ts';
import { consoleApiRouter } from './api-router.ts';

const callParams = z.object({ callId: z.uuid() });
const leadParams = z.object({ leadId: z.uuid() });

export const leadEdit = z
  .object({
    name: z.string().trim().min(1).max(120).nullable(),
    phone: e164.nullable(),
    email: z.email().max(254).nullable(),
    service: z.string().trim().max(80).nullable(),
    reason: z.string().trim().max(1000).nullable(),
    address: z.string().trim().max(300).nullable(),
    summary: z.string().trim().max(4000),
    temperature: z.enum(['Hot', 'Warm', 'Cold']).nullable(),
    urgency: z.enum(URGENCIES).nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');

const noteOut = z.object({
  id: z.string(),
  body: z.string(),
  createdAt: z.string(),
  author: z.object({ id: z.string(), name: z.string().nullable() }),
});
const triageOut = z.object({
  handledAt: z.string().nullable(),
  handledBy: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  assigneeId: z.string().nullable(),
  notes: z.array(noteOut),
});
const syncOut = z.object({ sync: z.array(leadSyncStatus) });

export function triageRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const { router: r, route } = consoleApiRouter(ctx, registry);
  const { db } = ctx;

  const callOf = async (req: Parameters<typeof requireBusinessRole>[1], callId: string) => {
    const call = await db.call.findUnique({
      where: { id: callId },
      select: { id: true, businessId: true, leadId: true, handledAt: true, handledById: true, assigneeId: true },
    });
    if (!call) throw notFound('Call');
    return { call, access: await requireBusinessRole(db, req, call.businessId) };
  };
  const names = async (ids: (string | null)[]) => {
    const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
    const rows = wanted.length
      ? await db.account.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true } })
      : [];
    return new Map(rows.map((a) => [a.id, a.name ?? a.email]));
  };

  route(
    {
      method: 'get',
      path: '/calls/:callId/triage',
      summary: 'Handled state, assignee and internal notes of a call',
      response: triageOut,
      params: callParams,
    },
    async ({ params, req }) => {
      const { call } = await callOf(req, params.callId);
      const notes = await db.callNote.findMany({ where: { callId: call.id }, orderBy: { createdAt: 'asc' } });
      const who = await names([call.handledById, call.assigneeId, ...notes.map((n) => n.authorId)]);
      return {
        handledAt: call.handledAt?.toISOString() ?? null,
        handledBy: call.handledById ? { id: call.handledById, name: who.get(call.handledById) ?? null } : null,
        assigneeId: call.assigneeId,
        notes: notes.map((n) => ({
          id: n.id,
          body: n.body,
          createdAt: n.createdAt.toISOString(),
          author: { id: n.authorId, name: who.get(n.authorId) ?? 'former member' },
        })),
      };
    },
  );

  route(
    {
      method: 'post',
      path: '/calls/:callId/notes',
      summary: 'Add an internal note to a call',
      response: noteOut,
      status: 201,
      params: callParams,
      body: z.object({ body: z.string().trim().min(1).max(4000) }).strict(),
    },
    async ({ params, body, req }) => {
      const { call, access } = await callOf(req, params.callId);
      const note = await db.callNote.create({
        data: { businessId: call.businessId, callId: call.id, authorId: access.accountId, body: body.body },
      });
      const who = await names([access.accountId]);
      return {
        id: note.id,
        body: note.body,
        createdAt: note.createdAt.toISOString(),
        author: { id: access.accountId, name: who.get(access.accountId) ?? null },
      };
    },
  );

  route(
    {
      method: 'patch',
      path: '/calls/:callId/triage',
      summary: 'Mark a call handled or not, assign it to a member (null: nobody)',
      response: z.object({ handledAt: z.string().nullable(), assigneeId: z.string().nullable() }),
      params: callParams,
      body: z
        .object({ handled: z.boolean(), assigneeId: z.uuid().nullable() })
        .partial()
        .strict()
        .refine((v) => Object.keys(v).length > 0, 'send handled and/or assigneeId'),
    },
    async ({ params, body, req }) => {
      const { call, access } = await callOf(req, params.callId);
      if (body.assigneeId) {
        const member = await db.membership.findUnique({
          where: { accountId_businessId: { accountId: body.assigneeId, businessId: call.businessId } },
        });
        if (!member) throw badRequest('assigneeId must be a member of this business');
      }
      const data = {
        ...(body.handled === undefined
          ? {}
          : body.handled
            ? { handledAt: call.handledAt ?? new Date(), handledById: call.handledById ?? access.accountId }
            : { handledAt: null, handledById: null }),
        ...(body.assigneeId === undefined ? {} : { assigneeId: body.assigneeId }),
      };
      const updated = await db.call.update({ where: { id: call.id }, data });
      return { handledAt: updated.handledAt?.toISOString() ?? null, assigneeId: updated.assigneeId };
    },
  );

  route(
    {
      method: 'patch',
      path: '/leads/:leadId',
      summary: 'Correct the extracted lead; connected CRMs receive the change',
      response: syncOut,
      params: leadParams,
      body: leadEdit,
    },
    async ({ params, body, req }) => {
      const lead = await db.lead.findUnique({ where: { id: params.leadId }, select: { id: true, businessId: true } });
      if (!lead) throw notFound('Lead');
      const access = await requireBusinessRole(db, req, lead.businessId);
      const latestCall = await db.call.findFirst({
        where: { leadId: lead.id },
        orderBy: { startedAt: 'desc' },
        select: { id: true },
      });
      // The edit and the sync work it causes commit together (transactional outbox).
      await db.$transaction(async (tx) => {
        await tx.lead.update({
          where: { id: lead.id },
          data: { ...body, email: body.email?.toLowerCase() ?? body.email },
        });
        await enqueueLeadSync(tx, { businessId: lead.businessId, leadId: lead.id, callId: latestCall?.id ?? null });
        await audit(tx, {
          action: 'lead.edited',
          accountId: access.accountId,
          businessId: lead.businessId,
          target: lead.id,
          meta: { fields: Object.keys(body) },
          ip: req.ip,
        });
      });
      return { sync: await syncStatusForLead(db, lead.id) };
    },
  );

  route(
    {
      method: 'post',
      path: '/leads/:leadId/sync/retry',
      summary: "Send a lead to its business's connected CRMs again",
      response: syncOut,
      params: leadParams,
    },
    async ({ params, req }) => {
      const lead = await db.lead.findUnique({ where: { id: params.leadId }, select: { id: true, businessId: true } });
      if (!lead) throw notFound('Lead');
      await requireBusinessRole(db, req, lead.businessId);
      const latestCall = await db.call.findFirst({
        where: { leadId: lead.id },
        orderBy: { startedAt: 'desc' },
        select: { id: true },
      });
      await db.$transaction((tx) =>
        enqueueLeadSync(tx, { businessId: lead.businessId, leadId: lead.id, callId: latestCall?.id ?? null }),
      );
      return { sync: await syncStatusForLead(db, lead.id) };
    },
  );
  return r;
}
