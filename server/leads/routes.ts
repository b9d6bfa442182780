import { Router } from 'express';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { requireAuth } from '../auth/principal.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import type { AppContext } from '../context.ts';
import { recordingPlayable, signedRecordingUrl } from '../calls/recording-link.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { notFound } from '../http/problem.ts';
import { afterCursor, pageOf, pageOrder, pageQuery } from '../http/pagination.ts';
import { routeBuilder } from '../http/route.ts';
import { callDetail, callPage, leadDetail, leadPage } from './responses.ts';
import { syncStatusForLead } from '../sync/status.ts';

const page = pageQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime().optional(),
});
const leadFilters = page.extend({
  temperature: z.enum(['Hot', 'Warm', 'Cold']).optional(),
  urgency: z.enum(['emergency', 'high', 'normal', 'low']).optional(),
});
const callFilters = page.extend({
  status: z
    .enum(['queued', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled'])
    .optional(),
  mode: z.enum(['ai', 'forwarded', 'voicemail', 'rejected']).optional(),
});

/** Read API for leads and calls. Every lookup is scoped by the business the caller belongs to. */
export function leadRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  const { db, config } = ctx;
  const route = routeBuilder(r, registry, { prefix: '/api/v1', tag: 'leads', auth: true, before: [requireAuth(ctx)] });

  const leadView = (l: Awaited<ReturnType<typeof db.lead.findFirstOrThrow>>) => ({
    id: l.id,
    businessId: l.businessId,
    name: l.name,
    phone: l.phone,
    email: l.email,
    reason: l.reason,
    service: l.service,
    urgency: l.urgency,
    temperature: l.temperature,
    preferredTime: l.preferredTime,
    preferredTimeDateOnly: l.preferredTimeDateOnly,
    address: l.address,
    summary: l.summary,
    customFields: l.customFields,
    extractionMethod: l.extractionMethod,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  });

  route(
    {
      method: 'get',
      path: '/businesses/:id/leads',
      summary: 'Leads of a business, newest first (`?limit=&cursor=` → `{items, next}`; filters temperature, urgency)',
      response: leadPage,
      params: z.object({ id: z.uuid() }),
      query: leadFilters,
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id);
      const rows = await db.lead.findMany({
        where: {
          businessId: params.id,
          ...(query.before ? { createdAt: { lt: new Date(query.before) } } : {}),
          ...(query.temperature ? { temperature: query.temperature } : {}),
          ...(query.urgency ? { urgency: query.urgency } : {}),
          ...afterCursor(query.cursor, 'desc'),
        },
        orderBy: pageOrder('desc'),
        take: query.limit + 1,
      });
      return pageOf(rows, query.limit, leadView);
    },
  );

  route(
    {
      method: 'get',
      path: '/leads/:leadId',
      summary: 'One lead, its calls, and its sync status per connected CRM',
      response: leadDetail,
      params: z.object({ leadId: z.uuid() }),
    },
    async ({ params, req }) => {
      const lead = await db.lead.findUnique({
        where: { id: params.leadId },
        include: {
          calls: {
            orderBy: { startedAt: 'desc' },
            select: { id: true, startedAt: true, status: true, durationSeconds: true },
          },
        },
      });
      if (!lead) throw notFound('Lead');
      await requireBusinessRole(db, req, lead.businessId);
      return { ...leadView(lead), calls: lead.calls, sync: await syncStatusForLead(db, lead.id) };
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/calls',
      summary: 'Calls of a business, newest first (`?limit=&cursor=` → `{items, next}`; filters status, mode)',
      response: callPage,
      params: z.object({ id: z.uuid() }),
      query: callFilters,
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id);
      const rows = await db.call.findMany({
        where: {
          businessId: params.id,
          ...(query.before ? { startedAt: { lt: new Date(query.before) } } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.mode ? { mode: query.mode } : {}),
          ...afterCursor(query.cursor, 'desc', 'startedAt'),
        },
        orderBy: pageOrder('desc', 'startedAt'),
        take: query.limit + 1,
      });
      return pageOf(
        rows,
        query.limit,
        (c) => ({
          id: c.id,
          direction: c.direction,
          mode: c.mode,
          from: c.from,
          to: c.to,
          status: c.status,
          startedAt: c.startedAt,
          durationSeconds: c.durationSeconds,
          leadId: c.leadId,
        }),
        (c) => ({ at: c.startedAt, id: c.id }),
      );
    },
  );

  route(
    {
      method: 'get',
      path: '/calls/:callId',
      summary: 'One call with its transcript, consent and a short-lived recording link',
      response: callDetail,
      params: z.object({ callId: z.uuid() }),
    },
    async ({ params, req }) => {
      const call = await db.call.findUnique({
        where: { id: params.callId },
        include: { consent: true, segments: { orderBy: { seq: 'asc' } } },
      });
      if (!call) throw notFound('Call');
      const access = await requireBusinessRole(db, req, call.businessId);
      // Minted for this view and this viewer; every read of a transcript is on the record.
      const recordingUrl = recordingPlayable(call)
        ? signedRecordingUrl(
            config.PUBLIC_BASE_URL,
            config.jwtSecret,
            call.id,
            config.RECORDING_LINK_TTL_SECONDS,
            Date.now(),
            access.accountId,
          )
        : null;
      await audit(db, {
        action: 'transcript.read',
        accountId: access.accountId,
        businessId: call.businessId,
        target: call.id,
        meta: { viaApiKey: access.viaApiKey, recordingLink: Boolean(recordingUrl) },
        ip: req.ip ?? null,
      });
      return {
        id: call.id,
        businessId: call.businessId,
        direction: call.direction,
        mode: call.mode,
        from: call.from,
        to: call.to,
        status: call.status,
        startedAt: call.startedAt,
        endedAt: call.endedAt,
        durationSeconds: call.durationSeconds,
        endReason: call.endReason,
        leadId: call.leadId,
        consent: call.consent
          ? {
              outcome: call.consent.outcome,
              attempts: call.consent.attempts,
              method: call.consent.method,
              promptText: call.consent.promptText,
              askedAt: call.consent.askedAt,
              answeredAt: call.consent.answeredAt,
            }
          : null,
        recording: call.recordingSid
          ? { seconds: call.recordingSeconds, status: call.recordingStatus, url: recordingUrl }
          : null,
        transcript: call.segments.map((s) => ({ speaker: s.speaker, text: s.text, at: s.at })),
      };
    },
  );
  return r;
}
