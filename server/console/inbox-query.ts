/**
 * The inbox: a business's calls with their leads, newest first, filtered, one keyset page at a time.
 * Pure parts (filters → SQL, cursors) are separate from the one query, which runs on the driver pool:
 * `(startedAt, id) < cursor` walks the index Call(businessId, startedAt desc, id desc), so page 500 costs
 * what page 1 does.
 */
import { z } from 'zod';
import { sqlOf, type Db } from '../db/client.ts';
import { badRequest } from '../http/problem.ts';

export const inboxQuery = z
  .object({
    temperature: z.enum(['Hot', 'Warm', 'Cold']).optional(),
    handled: z.enum(['true', 'false']).optional(),
    service: z.string().trim().min(1).max(80).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    q: z.string().trim().min(1).max(100).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type InboxQuery = z.infer<typeof inboxQuery>;

/** One row of the inbox; the schema is also the OpenAPI response the console's types are generated from. */
export const inboxItem = z.object({
  callId: z.string(),
  startedAt: z.string(),
  from: z.string().nullable(),
  status: z.string(),
  durationSeconds: z.number().nullable(),
  handledAt: z.string().nullable(),
  assigneeId: z.string().nullable(),
  lead: z
    .object({
      id: z.string(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      temperature: z.string().nullable(),
      service: z.string().nullable(),
      summary: z.string(),
    })
    .nullable(),
});
export type InboxItem = z.infer<typeof inboxItem>;
export const inboxPageResponse = z.object({ items: z.array(inboxItem), next: z.string().nullable() });

export const encodeCursor = (startedAt: Date, id: string) =>
  Buffer.from(`${startedAt.toISOString()}|${id}`).toString('base64url');

export function decodeCursor(cursor: string): { startedAt: string; id: string } {
  const [startedAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!startedAt || !id || !z.iso.datetime().safeParse(startedAt).success || !z.uuid().safeParse(id).success)
    throw badRequest('cursor is not one this API gave out');
  return { startedAt, id };
}

/**
 * Pure: what a search box entry looks for. `words`: a tsquery matching names that have each typed word,
 * the last as a prefix (letters and digits only, so nothing typed is tsquery syntax); `reversedDigits`: the
 * typed digits reversed, for a suffix match on numbers (three or more digits, else null).
 */
export function searchTerms(text: string): { words: string | null; reversedDigits: string | null } {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  const digits = text.replace(/\D/g, '');
  // Whole words but the last, which may be half-typed: a GIN "fast scan" skips through a common word's
  // entries only when it is matched exactly (a prefix is read in full). Text without letters is a number.
  const named = /\p{L}/u.test(text) && words.length > 0;
  return {
    words: named ? words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ') : null,
    reversedDigits: digits.length >= 3 ? [...digits].reverse().join('') : null,
  };
}

/** Pure: the WHERE clause and its parameters ($1 is always the business). */
export function inboxWhere(businessId: string, q: InboxQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [businessId];
  const where = ['c."businessId" = $1::uuid'];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // Stored timestamps are UTC without a zone: compare against UTC wall time.
  const utc = (iso: string) => `(${p(iso)}::timestamptz at time zone 'UTC')`;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(`(c."startedAt", c."id") < (${utc(c.startedAt)}, ${p(c.id)}::uuid)`);
  }
  if (q.temperature) where.push(`l."temperature" = ${p(q.temperature)}::"Temperature"`);
  if (q.handled === 'true') where.push('c."handledAt" is not null');
  if (q.handled === 'false') where.push('c."handledAt" is null');
  // Exact: the picker offers the business's own service names, which extraction is told to use verbatim.
  if (q.service) where.push(`l."service" = ${p(q.service)}`);
  if (q.from) where.push(`c."startedAt" >= ${utc(q.from)}`);
  if (q.to) where.push(`c."startedAt" < ${utc(q.to)}`);
  if (q.q) {
    // Candidates first (this business's leads by name or phone, its calls by caller number), then the
    // keyset order. Each side is served by an expression index of the migration
    // console_onboarding_search: names by word prefix ("ros own" finds Rosa Owner) through a GIN index on
    // their words; numbers by their last digits ("555-0432", "0432", the whole number) through a btree on
    // the reversed digits, so a suffix match is an index range scan.
    const m = searchTerms(q.q);
    // Leads → their calls through Call(leadId), one probe per lead (LATERAL): however many leads the
    // planner guesses a word matches, it cannot trade the probes for a scan of every call ("offset 0"
    // keeps PostgreSQL from flattening the lateral subquery into an ordinary, re-plannable join).
    const callsOf = (leads: string) =>
      `select c2."id" from (${leads}) m cross join lateral (select c2."id" from "Call" c2 where c2."leadId" = m."id" offset 0) c2`;
    const parts: string[] = [];
    if (m.words)
      parts.push(
        callsOf(`select l2."id" from "Lead" l2 where l2."businessId" = $1::uuid
           and to_tsvector('simple', coalesce(l2."name", '')) @@ to_tsquery('simple', ${p(m.words)})`),
      );
    if (m.reversedDigits) {
      const rev = p(`${m.reversedDigits}%`);
      parts.push(
        callsOf(`select l2."id" from "Lead" l2 where l2."businessId" = $1::uuid
           and reverse(regexp_replace(l2."phone", '[^0-9]', '', 'g')) like ${rev}`),
        `select c3."id" from "Call" c3
         where c3."businessId" = $1::uuid and reverse(regexp_replace(c3."from", '[^0-9]', '', 'g')) like ${rev}`,
      );
    }
    // An array computed once (an InitPlan): the page then fetches those calls by primary key.
    where.push(parts.length ? `c."id" = any(array(${parts.join(' union ')}))` : 'false');
  }
  return { sql: where.join(' and '), params };
}

interface Row {
  id: string;
  startedAt: Date;
  from: string | null;
  status: string;
  durationSeconds: number | null;
  handledAt: Date | null;
  assigneeId: string | null;
  leadId: string | null;
  name: string | null;
  phone: string | null;
  temperature: string | null;
  service: string | null;
  summary: string | null;
}

export async function inboxPage(
  db: Db,
  businessId: string,
  q: InboxQuery,
): Promise<{ items: InboxItem[]; next: string | null }> {
  const { sql, params } = inboxWhere(businessId, q);
  params.push(q.limit + 1);
  const { rows } = await sqlOf(db).query<Row>(
    `select c."id", c."startedAt" at time zone 'UTC' as "startedAt", c."from", c."status"::text as "status",
       c."durationSeconds", c."handledAt" at time zone 'UTC' as "handledAt", c."assigneeId", c."leadId",
       l."name", l."phone", l."temperature"::text as "temperature", l."service", l."summary"
     from "Call" c left join "Lead" l on l."id" = c."leadId"
     where ${sql}
     order by c."startedAt" desc, c."id" desc
     limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      callId: r.id,
      startedAt: r.startedAt.toISOString(),
      from: r.from,
      status: r.status,
      durationSeconds: r.durationSeconds,
      handledAt: r.handledAt?.toISOString() ?? null,
      assigneeId: r.assigneeId,
      lead: r.leadId
        ? {
            id: r.leadId,
            name: r.name,
            phone: r.phone,
            temperature: r.temperature,
            service: r.service,
            summary: r.summary ?? '',
          }
        : null,
    })),
    next: rows.length > q.limit && last ? encodeCursor(last.startedAt, last.id) : null,
  };
}
