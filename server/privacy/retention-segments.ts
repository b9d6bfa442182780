/**
 * Transcript segments past retention: the bulk of what the sweep deletes (a call has tens to hundreds), so
 * the one step that must be cheap per row. Each statement takes the next few expired calls of the business
 * in (startedAt, id) order from where the last one stopped — a keyset walk down the Call index
 * (businessId, startedAt desc, id desc), so no call is looked at twice in a sweep — and deletes their
 * segments through the (callId, seq) index. Nothing is scanned, no primary-key lookups, and the number of
 * calls per statement follows the statement-time target (statement-timer.ts) through the rows each call
 * turned out to have.
 */
import { Prisma } from '../db/client.ts';
import type { Sweep, SweptBusiness } from './retention-types.ts';

interface Batch {
  calls: number;
  deleted: number;
  lastAt: string | null;
  lastId: string | null;
}

/** Deletes (or in a dry run counts) the segments of business `b`'s expired calls that are not on hold. */
export async function sweepSegments(b: SweptBusiness, sweep: Sweep): Promise<void> {
  const step = 'transcriptSegments';
  const expired = Prisma.sql`c."businessId" = ${b.id}::uuid and c."startedAt" < ${b.cutoff}::timestamp and not c."legalHold"`;
  if (sweep.opts.dryRun) {
    const r = await sweep.query<{ n: string }>(
      step,
      Prisma.sql`select count(*) as n from "TranscriptSegment" s join "Call" c on c."id" = s."callId" where ${expired}`,
    );
    return sweep.add(step, Number(r.rows[0]?.n ?? 0));
  }
  const sizer = sweep.sizer(step);
  // Rows a call turned out to have so far (a first guess before any): the sizer counts rows, a statement
  // takes calls. A call already emptied by an earlier sweep still costs its index probe: it counts as a row.
  let perCall = 20;
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const calls = Math.max(1, Math.floor(sizer.size() / perCall));
    sweep.tried(sizer.size());
    const from: Prisma.Sql = after
      ? Prisma.sql`and (c."startedAt", c."id") > (${after.at}::timestamp, ${after.id}::uuid)`
      : Prisma.empty;
    const r: { rows: Batch[] } = await sweep.query<Batch>(
      step,
      Prisma.sql`with c as materialized (
          select c."id", c."startedAt" from "Call" c where ${expired} ${from}
          order by c."startedAt", c."id" limit ${calls}
        ), d as (
          delete from "TranscriptSegment" s using c where s."callId" = c."id" returning 1
        ), l as (select c."startedAt"::text as "at", c."id"::text from c order by c."startedAt" desc, c."id" desc limit 1)
        select (select count(*) from c)::int as "calls", (select count(*) from d)::int as "deleted",
          (select "at" from l) as "lastAt", (select "id" from l) as "lastId"`,
      after ? 'retention-segments-next' : 'retention-segments-first',
    );
    const batch: Batch = r.rows[0]!;
    sizer.observe(sweep.timer.last(), Math.max(batch.deleted, batch.calls));
    sweep.add(step, batch.deleted);
    if (batch.calls < calls || !batch.lastAt || !batch.lastId) return;
    if (batch.deleted) perCall = Math.max(1, batch.deleted / batch.calls);
    after = { at: batch.lastAt, id: batch.lastId };
  }
}
