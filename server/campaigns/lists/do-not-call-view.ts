/**
 * The do-not-call list as a business sees it: its own entries and the numbers that texted STOP to one of
 * its numbers (SmsOptOut holds the number once for everyone; the business's consent history says which
 * business it was texting). One keyset over both, newest first.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../http/pagination.ts';

export const dncEntryView = z.object({
  id: z.string().describe('The entry id (uuid); `sms:` + number for an SMS opt-out'),
  phone: z.string().nullable().describe('null: the person was erased; their number is kept only as a keyed hash'),
  source: z.enum(['manual', 'import', 'call_opt_out', 'sms_stop', 'platform']),
  note: z.string().nullable(),
  removable: z.boolean(),
  createdAt: z.string(),
});

interface Row {
  id: string;
  phone: string | null;
  source: string;
  note: string | null;
  createdAt: Date;
}

export async function doNotCallPage(db: Db, businessId: string, q: { limit: number; cursor?: string; phone?: string }) {
  const c = decodeCursor(q.cursor);
  const at = c?.at ?? new Date('9999-12-31T00:00:00Z');
  const id = c?.id ?? '\uffff';
  const phone = q.phone ?? null;
  const rows = await db.$queryRaw<Row[]>`
    select * from (
      select d."id"::text as "id", d."phone", d."source", d."note", d."createdAt"
        from "DoNotCall" d
        where d."businessId" = ${businessId}::uuid and (${phone}::text is null or d."phone" = ${phone})
      union all
      select 'sms:' || o."phone", o."phone", 'sms_stop', null, o."createdAt"
        from "SmsOptOut" o
        where (${phone}::text is null or o."phone" = ${phone})
          and exists (select 1 from "SmsConsentRecord" r
            where r."phone" = o."phone" and r."businessId" = ${businessId}::uuid and r."event" = 'opt_out')
          and not exists (select 1 from "DoNotCall" d
            where d."businessId" = ${businessId}::uuid and d."phone" = o."phone")
    ) x
    where ("createdAt", "id") < (${at}, ${id})
    order by "createdAt" desc, "id" desc
    limit ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      phone: r.phone,
      source: r.source as z.infer<typeof dncEntryView>['source'],
      note: r.note,
      removable: Boolean(r.phone) && (r.source === 'manual' || r.source === 'import'),
      createdAt: r.createdAt.toISOString(),
    })),
    next: rows.length > q.limit ? encodeCursor({ at: page.at(-1)!.createdAt, id: page.at(-1)!.id }) : null,
  };
}
