/** The phone-number routes of a business: list, attach an owned number, search and buy one, detach. */
import { afterCursor, pageOf, pageOrder, pageQuery } from '../http/pagination.ts';
import { checkPlanLimit } from '../billing/limits.ts';
import { z } from 'zod';
import { availableNumbers, phoneNumberOut, phoneNumberPage } from './responses.ts';
import { audit } from '../auth/audit.ts';
import { requireVerified } from '../auth/verified.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/problem.ts';
import type { routeBuilder } from '../http/route.ts';
import { requireBusinessRole } from './access.ts';
import { insertNumber, notOwned, releaseNumber, twilioMissing, checkAttachable } from './numbers.ts';
import { e164 } from './schema.ts';

const id = z.uuid();
const byId = z.object({ id });
const label = z.string().trim().min(1).max(60).optional();

export function numberRoutes(ctx: AppContext, route: ReturnType<typeof routeBuilder>): void {
  const { db, config } = ctx;
  const billingOn = Boolean(config.STRIPE_SECRET_KEY);

  /** The number, its label and its audit row: one transaction, so a refused write leaves no trace. */
  const attach = (
    p: { businessId: string; e164: string; label: string | null; twilioSid: string },
    entry: { action: string; accountId: string; ip: string | undefined; meta?: Record<string, unknown> },
  ) =>
    db.$transaction(async (tx) => {
      const n = await insertNumber(tx, p, { billingOn });
      await audit(tx, { ...entry, businessId: p.businessId, target: p.e164 });
      return n;
    });
  const telephony = () => ctx.telephony ?? Promise.reject(twilioMissing());
  /** Admin with a verified e-mail: claiming a number takes over its callers. */
  const claimer = async (req: Parameters<typeof requireBusinessRole>[1], businessId: string) => {
    const access = await requireBusinessRole(db, req, businessId, 'admin');
    await requireVerified(db, access);
    return access;
  };

  route(
    {
      method: 'get',
      path: '/:id/phone-numbers',
      summary: 'Phone numbers routed to this business',
      response: phoneNumberPage,
      params: byId,
      query: pageQuery,
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id);
      const rows = await db.phoneNumber.findMany({
        where: { businessId: params.id, ...afterCursor(query.cursor, 'asc') },
        select: { id: true, e164: true, label: true, createdAt: true },
        orderBy: pageOrder('asc'),
        take: query.limit + 1,
      });
      return pageOf(rows, query.limit, ({ id, e164, label }) => ({ id, e164, label }));
    },
  );

  route(
    {
      method: 'post',
      path: '/:id/phone-numbers',
      summary: "Attach a number of Leadline's Twilio account (looked up there; 422 if the account does not own it)",
      response: phoneNumberOut,
      status: 201,
      params: byId,
      body: z.object({ e164, label }),
    },
    async ({ params, body, req }) => {
      const access = await claimer(req, params.id);
      const owned = await (await telephony()).findOwnedNumber(body.e164);
      if (!owned) throw notOwned(body.e164);
      return attach(
        { businessId: params.id, e164: body.e164, label: body.label ?? null, twilioSid: owned.sid },
        { action: 'phone_number.attached', accountId: access.accountId, ip: req.ip },
      );
    },
  );

  route(
    {
      method: 'post',
      path: '/:id/phone-numbers/search',
      summary: 'Numbers for sale in Twilio (local, voice-capable)',
      response: availableNumbers,
      params: byId,
      body: z.object({
        country: z
          .string()
          .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
          .optional(),
        areaCode: z.number().int().min(100).max(999).optional(),
        contains: z
          .string()
          .regex(/^[0-9*]{2,10}$/, 'digits (and * wildcards) only')
          .optional(),
        limit: z.number().int().min(1).max(20).default(10),
      }),
    },
    async ({ params, body, req }) => {
      await claimer(req, params.id);
      const b = await db.business.findUniqueOrThrow({ where: { id: params.id }, select: { country: true } });
      const t = await telephony();
      return { items: await t.searchNumbers({ ...body, country: body.country ?? b.country }) };
    },
  );

  route(
    {
      method: 'post',
      path: '/:id/phone-numbers/purchase',
      summary: "Buy a number into Leadline's Twilio account, its voice, status and SMS webhooks set, and attach it",
      response: phoneNumberOut,
      status: 201,
      params: byId,
      body: z.object({ e164, label }),
    },
    async ({ params, body, req }) => {
      const access = await claimer(req, params.id);
      const t = await telephony();
      // Checked before paying for it; insertNumber checks again under the number's lock.
      await db.$transaction(async (tx) => {
        await checkAttachable(tx, params.id, body.e164);
        await checkPlanLimit(tx, { businessId: params.id, limit: 'phoneNumbers', billingOn });
      });
      const bought = await t.buyNumber({
        e164: body.e164,
        voiceUrl: `${config.PUBLIC_BASE_URL}/twilio/voice`,
        statusCallback: `${config.PUBLIC_BASE_URL}/twilio/status`,
        smsUrl: `${config.PUBLIC_BASE_URL}/twilio/sms`,
      });
      return attach(
        { businessId: params.id, e164: bought.e164, label: body.label ?? null, twilioSid: bought.sid },
        { action: 'phone_number.purchased', accountId: access.accountId, ip: req.ip, meta: { twilioSid: bought.sid } },
      );
    },
  );

  route(
    {
      method: 'delete',
      path: '/:id/phone-numbers/:numberId',
      summary: 'Detach a number (it rests in quarantine before another business may attach it)',
      status: 204,
      params: z.object({ id, numberId: id }),
    },
    async ({ params, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const released = await releaseNumber(ctx, params.id, params.numberId);
      if (!released) throw notFound('Phone number');
      await audit(db, {
        action: 'phone_number.detached',
        accountId: access.accountId,
        businessId: params.id,
        target: released.e164,
        meta: { quarantinedUntil: released.availableAt.toISOString() },
        ip: req.ip,
      });
    },
  );
}
