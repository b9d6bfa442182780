/**
 * A business's do-not-call list: add one or many, remove, list, search by number (owners and admins). The
 * list view also shows numbers that texted STOP to one of the business's numbers (SmsOptOut, which every
 * dial honours): an opt-out from any source is visible in one place. Entries the person asked for (an
 * opt-out on a call, an SMS STOP, an erasure) cannot be removed by the business; only its own additions can.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { audit } from '../../auth/audit.ts';
import { requireBusinessRole } from '../../businesses/access.ts';
import type { AppContext } from '../../context.ts';
import type { routeBuilder } from '../../http/route.ts';
import { conflict, notFound } from '../../http/problem.ts';
import { pageSchema } from '../../http/pagination.ts';
import { multiline, line } from '../../http/text.ts';
import { addManyToDoNotCall } from '../do-not-call.ts';
import { doNotCallPage, dncEntryView } from './do-not-call-view.ts';

const byId = z.object({ id: z.uuid() });
const byEntry = z.object({ id: z.uuid(), entryId: z.uuid() });
const addBody = z
  .object({
    phones: z.array(line().trim().min(1).max(40)).min(1).max(1000),
    note: multiline().trim().max(500).optional(),
  })
  .strict();
const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(300).optional(),
  phone: line().trim().min(1).max(40).optional().describe('Only this number (any common spelling)'),
});

/** E.164 of a number as people write it, read with the business's country; null when it is no number. */
export function readNumber(raw: string, country: string): string | null {
  const p = parsePhoneNumberFromString(raw, country as CountryCode);
  return p?.isValid() ? p.number : null;
}

export function doNotCallRoutes(ctx: AppContext, route: ReturnType<typeof routeBuilder>) {
  const { db } = ctx;
  const countryOf = async (id: string) =>
    (await db.business.findUniqueOrThrow({ where: { id }, select: { country: true } })).country;

  route(
    {
      method: 'get',
      path: '/businesses/:id/do-not-call',
      summary: "The business's do-not-call list, newest first, with numbers that texted it STOP",
      params: byId,
      query: listQuery,
      response: pageSchema(dncEntryView),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const phone = query.phone ? readNumber(query.phone, await countryOf(params.id)) : undefined;
      if (phone === null) return { items: [], next: null };
      return doNotCallPage(db, params.id, { ...query, phone });
    },
  );

  route(
    {
      method: 'post',
      path: '/businesses/:id/do-not-call',
      summary: 'Add numbers to the do-not-call list (at most 1,000 at once); numbers already listed stay as they were',
      params: byId,
      body: addBody,
      response: z.object({
        added: z.number().int(),
        alreadyListed: z.number().int(),
        invalid: z.array(z.object({ input: z.string(), reason: z.string() })),
      }),
      status: 201,
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const country = await countryOf(params.id);
      const invalid: { input: string; reason: string }[] = [];
      const phones: string[] = [];
      for (const input of body.phones) {
        const p = readNumber(input, country);
        if (p) phones.push(p);
        else invalid.push({ input, reason: 'not a valid phone number' });
      }
      const unique = [...new Set(phones)];
      const added = await db.$transaction(async (tx) => {
        const n = await addManyToDoNotCall(tx, {
          businessId: params.id,
          phones: unique,
          source: 'manual',
          note: body.note,
          createdById: access.accountId,
        });
        if (n)
          await audit(tx, {
            action: 'do_not_call.added',
            accountId: access.accountId,
            businessId: params.id,
            meta: { count: n },
            ip: req.ip ?? null,
          });
        return n;
      });
      return { added, alreadyListed: unique.length - added, invalid };
    },
  );

  route(
    {
      method: 'delete',
      path: '/businesses/:id/do-not-call/:entryId',
      summary: "Remove a number the business added; opt-outs the person made (on a call, by SMS) can't be removed",
      status: 204,
      params: byEntry,
    },
    async ({ params, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const entry = await db.doNotCall.findFirst({ where: { id: params.entryId, businessId: params.id } });
      if (!entry) throw notFound('Do-not-call entry');
      if (!entry.phone || !['manual', 'import'].includes(entry.source))
        throw conflict('The person asked not to be called: only they can undo that, not the business');
      await db.$transaction(async (tx) => {
        await tx.doNotCall.delete({ where: { id: entry.id } });
        await audit(tx, {
          action: 'do_not_call.removed',
          accountId: access.accountId,
          businessId: params.id,
          target: entry.id,
          ip: req.ip ?? null,
        });
      });
    },
  );
}
