import { Router } from 'express';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { requireAuth, userOf } from '../auth/principal.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import { signedRecordingUrl } from '../calls/recording-link.ts';
import { viewRecording } from '../calls/recording-view.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { badRequest, conflict, forbidden, notFound } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { closeBusiness, reopenBusiness } from './closure.ts';
import type { Systems } from './erase.ts';
import { exportDocument, type ExportDocument, type StoredExport } from './export.ts';
import { createPrivacyRequest } from './requests.ts';

const byId = z.object({ id: z.uuid() });
const byRequest = z.object({ id: z.uuid(), requestId: z.uuid() });
const holdBody = z.object({ hold: z.boolean() }).strict();
const requestBody = z
  .object({
    type: z.enum(['export', 'erase']),
    phone: z.string().trim().min(3).max(40).optional(),
    email: z.email().max(320).optional(),
  })
  .strict()
  .refine((b) => b.phone || b.email, 'give phone or email (or both)');
const requestView = z.object({
  id: z.uuid(),
  type: z.enum(['export', 'erase']),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  systems: z.record(z.string(), z.object({ state: z.string(), detail: z.string().optional() })),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  download: z.object({ url: z.string(), expiresAt: z.string() }).nullable(),
});
const closureOut = z.object({
  closingAt: z.string(),
  purgeAfter: z.string(),
  /** Providers whose grants were revoked; numbers released at Twilio, and the rest detached. */
  revokedGrants: z.array(z.string()),
  releasedNumbers: z.array(z.string()),
  detachedNumbers: z.array(z.string()),
  exportUntil: z.string(),
  /** The export of everything the business holds, prepared now and mailed to the owners when ready. */
  exportRequestId: z.string(),
  /** Its status URL. */
  export: z.string(),
});

/** Data-subject requests, legal holds, recording views, closure and account deletion. */
export function privacyRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  const { db, config } = ctx;
  const route = routeBuilder(r, registry, {
    prefix: '/api/v1',
    tag: 'privacy',
    auth: true,
    before: [requireAuth(ctx)],
  });

  route(
    {
      method: 'post',
      path: '/businesses/:id/privacy-requests',
      summary: "Export or erase one person's data (by phone and/or e-mail); the work is a job",
      response: z.object({ id: z.uuid() }),
      params: byId,
      body: requestBody,
      status: 202,
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      return createPrivacyRequest(ctx, {
        businessId: params.id,
        type: body.type,
        phone: body.phone ?? null,
        email: body.email ?? null,
        requestedBy: access.accountId,
        ip: req.ip ?? null,
      });
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/privacy-requests/:requestId',
      summary: 'A privacy request: its status and the status per system (database, Twilio, each CRM)',
      params: byRequest,
      response: requestView,
    },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const p = await db.privacyRequest.findFirst({ where: { id: params.requestId, businessId: params.id } });
      if (!p) throw notFound('Privacy request');
      const downloadable = p.exportJson !== null && p.exportExpiresAt && p.exportExpiresAt > new Date();
      return {
        id: p.id,
        type: p.type,
        status: p.status,
        systems: p.systems as Systems,
        createdAt: p.createdAt.toISOString(),
        finishedAt: p.finishedAt?.toISOString() ?? null,
        download: downloadable
          ? {
              url: `${config.PUBLIC_BASE_URL}/api/v1/businesses/${p.businessId}/privacy-requests/${p.id}/download`,
              expiresAt: p.exportExpiresAt!.toISOString(),
            }
          : null,
      };
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/privacy-requests/:requestId/download',
      summary: 'The export (one JSON document), for 7 days; recording links in it are minted for this download',
      params: byRequest,
      response: exportDocument,
    },
    async ({ params, req, res }): Promise<ExportDocument> => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const p = await db.privacyRequest.findFirst({ where: { id: params.requestId, businessId: params.id } });
      if (p?.type !== 'export') throw notFound('Export');
      if (!p.exportJson || !p.exportExpiresAt || p.exportExpiresAt <= new Date())
        throw notFound('Export (exports are kept for 7 days)');
      await audit(db, {
        action: 'privacy.export_downloaded',
        accountId: access.accountId,
        businessId: params.id,
        target: p.id,
        ip: req.ip ?? null,
      });
      const stored = p.exportJson as unknown as StoredExport;
      const ttl = config.RECORDING_LINK_TTL_SECONDS;
      const expiresAt = new Date(Date.now() + ttl * 1000).toISOString();
      res.setHeader('content-disposition', `attachment; filename="leadline-export-${p.id}.json"`);
      res.setHeader('cache-control', 'private, no-store');
      return {
        ...stored,
        calls: stored.calls.map(({ hasRecording, ...c }) => ({
          ...c,
          recording: hasRecording
            ? {
                url: signedRecordingUrl(
                  config.PUBLIC_BASE_URL,
                  config.jwtSecret,
                  c.id,
                  ttl,
                  Date.now(),
                  access.accountId,
                ),
                expiresAt,
              }
            : null,
        })),
      };
    },
  );

  route(
    {
      method: 'get',
      path: '/calls/:callId/recording',
      summary: "A call's recording: mints a short-lived link for this viewer (audited) and redirects to it",
      params: z.object({ callId: z.uuid() }),
      status: 303,
    },
    async ({ params, req, res }) => {
      const { url } = await viewRecording(ctx, req, params.callId);
      res.setHeader('cache-control', 'private, no-store');
      res.redirect(303, url);
    },
  );

  route(
    {
      method: 'put',
      path: '/calls/:callId/hold',
      summary: 'Put a call under legal hold (or lift it): retention and erasure leave it alone. Owners only',
      response: z.object({ callId: z.string(), hold: z.boolean() }),
      params: z.object({ callId: z.uuid() }),
      body: holdBody,
    },
    async ({ params, body, req }) => {
      const call = await db.call.findUnique({ where: { id: params.callId }, select: { businessId: true } });
      if (!call) throw notFound('Call');
      const access = await requireBusinessRole(db, req, call.businessId, 'owner');
      await db.$transaction(async (tx) => {
        await tx.call.update({ where: { id: params.callId }, data: { legalHold: body.hold } });
        await audit(tx, {
          action: body.hold ? 'call.hold_set' : 'call.hold_lifted',
          accountId: access.accountId,
          businessId: call.businessId,
          target: params.callId,
          ip: req.ip ?? null,
        });
      });
      return { callId: params.callId, hold: body.hold };
    },
  );

  route(
    {
      method: 'put',
      path: '/businesses/:id/hold',
      summary: 'Put the whole business under legal hold (or lift it): nothing is deleted while set. Owners only',
      response: z.object({ businessId: z.string(), hold: z.boolean() }),
      params: byId,
      body: holdBody,
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'owner');
      await db.$transaction(async (tx) => {
        await tx.business.update({ where: { id: params.id }, data: { legalHold: body.hold } });
        await audit(tx, {
          action: body.hold ? 'business.hold_set' : 'business.hold_lifted',
          accountId: access.accountId,
          businessId: params.id,
          ip: req.ip ?? null,
        });
      });
      return { businessId: params.id, hold: body.hold };
    },
  );

  route(
    {
      method: 'post',
      path: '/businesses/:id/closure',
      summary:
        'Close a business: stops answering, revokes CRM grants, releases its numbers at Twilio (detaches the rest), revokes keys, and e-mails the owners an export of all its data; data deleted after the grace period',
      response: closureOut,
      params: byId,
      body: z.object({ confirmName: z.string().min(1).max(200) }).strict(),
      status: 202,
    },
    async ({ params, body, req }) => {
      const accountId = userOf(req);
      await requireBusinessRole(db, req, params.id, 'owner');
      const b = await db.business.findUniqueOrThrow({ where: { id: params.id }, select: { name: true } });
      if (body.confirmName !== b.name) throw badRequest('confirmName must be the business name exactly');
      const done = await closeBusiness(ctx, params.id, { accountId, ip: req.ip ?? null });
      return {
        ...done,
        // Everything stays readable (and exportable) until purgeAfter; reopening is possible until then. The
        // export of all of it is being prepared: its status here, its link mailed to the owners when ready.
        exportUntil: done.purgeAfter,
        export: `${config.PUBLIC_BASE_URL}/api/v1/businesses/${params.id}/privacy-requests/${done.exportRequestId}`,
      };
    },
  );

  route(
    {
      method: 'delete',
      path: '/businesses/:id/closure',
      summary: 'Reopen a closing business (grace period only)',
      status: 204,
      params: byId,
    },
    async ({ params, req }) => {
      const accountId = userOf(req);
      await requireBusinessRole(db, req, params.id, 'owner');
      await reopenBusiness(ctx, params.id, { accountId, ip: req.ip ?? null });
    },
  );

  route(
    {
      method: 'delete',
      path: '/account',
      summary: 'Delete your account; refused while you own a business',
      status: 204,
    },
    async ({ req }) => {
      const accountId = userOf(req);
      const owned = await db.membership.count({ where: { accountId, role: 'owner' } });
      if (owned) throw conflict('You still own a business: close it (and wait for it to be deleted) first');
      const account = await db.account.findUnique({ where: { id: accountId }, select: { id: true } });
      if (!account) throw forbidden();
      await db.$transaction(async (tx) => {
        await tx.account.delete({ where: { id: accountId } });
        await audit(tx, { action: 'account.deleted', accountId, ip: req.ip ?? null });
      });
    },
  );
  return r;
}
