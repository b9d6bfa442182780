/**
 * The retention sweep: deletes, per business, what is older than its `retentionDays`, and the service's own
 * short-lived rows. Run hourly by graphile-worker's crontab (`retention.sweep`) and by
 * `leadline retention run`.
 *
 * Every delete is one short statement over at most `batchSize` rows (no transaction spans batches, so no
 * lock is held for long), paced (RETENTION_DUTY: after each statement the sweep rests in proportion to its
 * duration, so live calls keep their latency while it runs), and each batch leaves the database consistent: a sweep killed at any point is
 * simply run again, and a second run over the same data deletes nothing more (idempotent). Recordings are
 * deleted at Twilio first and only then forgotten here, so a kill between the two re-deletes (a 404 counts
 * as deleted). Nothing under a legal hold (the business's or the call's) is touched.
 */
import type { AppContext } from '../context.ts';
import { Prisma } from '../db/client.ts';
import { purgeDueClosures } from './closure.ts';
import { statementTimer, type StatementTimer } from './statement-timer.ts';

export interface RetentionOptions {
  businessId?: string;
  dryRun?: boolean;
  batchSize?: number;
  /** Share of one connection the sweep may use (statement-timer.ts); defaults to RETENTION_DUTY. */
  duty?: number;
  /** Called after every batch (progress, and the kill test's hook). */
  onBatch?: (step: string, rows: number) => void;
}

export interface RetentionReport {
  businesses: number;
  /** step → rows deleted (or, in a dry run, that would be). */
  counts: Record<string, number>;
  /** Recordings past retention that could not be deleted at Twilio (no credentials, or Twilio failed). */
  recordingsLeft: number;
  longestStatementMs: number;
  /** Time spent resting between statements (pacing), included in `ms`. */
  restedMs: number;
  ms: number;
}

const UTC_NOW = Prisma.sql`timezone('utc', now())`;
const daysAgo = (days: Prisma.Sql | number) =>
  Prisma.sql`(${UTC_NOW} - make_interval(days => ${typeof days === 'number' ? Prisma.sql`${days}::int` : days}))`;

/** The instant before which business `b`'s data is past its retention. */
const cutoff = (b: string) => daysAgo(Prisma.sql`(select "retentionDays" from "Business" where "id" = ${b}::uuid)`);

/** Calls of business `b` past its retention and not held; `c` is the Call alias. */
const expiredCall = (b: string) =>
  Prisma.sql`c."businessId" = ${b}::uuid and not c."legalHold" and c."startedAt" < ${cutoff(b)}`;

export async function runRetention(ctx: AppContext, opts: RetentionOptions = {}): Promise<RetentionReport> {
  const started = performance.now();
  const timer = statementTimer({ duty: opts.duty ?? ctx.config.RETENTION_DUTY });
  const n = opts.batchSize ?? ctx.config.RETENTION_BATCH_SIZE;
  const report: RetentionReport = {
    businesses: 0,
    counts: {},
    recordingsLeft: 0,
    longestStatementMs: 0,
    restedMs: 0,
    ms: 0,
  };
  const add = (step: string, rows: number) => {
    report.counts[step] = (report.counts[step] ?? 0) + rows;
    if (rows) opts.onBatch?.(step, rows);
  };
  /** Runs `stmt` (a delete/update of at most n rows returning its count) until it affects nothing. */
  const drain = async (step: string, stmt: Prisma.Sql, count: Prisma.Sql) => {
    if (opts.dryRun) {
      const rows = await timer.time(() => ctx.db.$queryRaw<{ n: bigint }[]>(count));
      return add(step, Number(rows[0]?.n ?? 0));
    }
    for (;;) {
      const rows = await timer.time(() => ctx.db.$executeRaw(stmt));
      add(step, rows);
      if (rows < n) return;
    }
  };

  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await ctx.db.$queryRaw<{ id: string; leadRetention: string }[]>`
      select "id"::text, "leadRetention"::text from "Business"
      where not "legalHold" and "id" > ${after}::uuid
        ${opts.businessId ? Prisma.sql`and "id" = ${opts.businessId}::uuid` : Prisma.empty}
      order by "id" limit 500`;
    for (const b of page) {
      report.businesses++;
      report.recordingsLeft += await sweepRecordings(ctx, b.id, n, opts, add, timer);
      await sweepBusiness(b, n, drain);
    }
    if (page.length < 500) break;
    after = page[page.length - 1]!.id;
  }
  if (!opts.businessId) await sweepService(ctx, n, drain);
  if (!opts.dryRun && !opts.businessId) add('closedBusinesses', await purgeDueClosures(ctx, { batchSize: n, timer }));
  report.longestStatementMs = Math.round(timer.longest() * 10) / 10;
  report.restedMs = Math.round(timer.rested());
  report.ms = Math.round(performance.now() - started);
  return report;
}

type Drain = (step: string, stmt: Prisma.Sql, count: Prisma.Sql) => Promise<void>;

/**
 * Recordings past retention: at Twilio (every recording of the call, not only the one we stored), then our
 * columns. Returns how many are left because Twilio is not configured or failed (retried next sweep).
 */
async function sweepRecordings(
  ctx: AppContext,
  businessId: string,
  n: number,
  opts: RetentionOptions,
  add: (step: string, rows: number) => void,
  timer: StatementTimer,
): Promise<number> {
  let skipped: string[] = [];
  for (;;) {
    const calls = await timer.time(
      () =>
        ctx.db.$queryRaw<{ id: string; twilioCallSid: string; recordingSid: string }[]>`
        select c."id"::text, c."twilioCallSid", c."recordingSid" from "Call" c
        where ${expiredCall(businessId)} and c."recordingSid" is not null
          and not (c."id" = any(${skipped}::uuid[]))
        order by c."id" limit ${opts.dryRun ? 1_000_000 : n}`,
    );
    if (opts.dryRun) {
      add('recordings', calls.length);
      return 0;
    }
    if (!calls.length) return skipped.length;
    for (const c of calls) {
      try {
        if (!ctx.telephony) throw new Error('Twilio is not configured');
        const sids = new Set([c.recordingSid, ...(await ctx.telephony.listRecordings(c.twilioCallSid))]);
        for (const sid of sids) await ctx.telephony.deleteRecording(sid);
        await timer.time(() =>
          ctx.db.call.update({
            where: { id: c.id },
            data: { recordingSid: null, recordingSeconds: null, recordingStatus: 'deleted' },
          }),
        );
        add('recordings', 1);
      } catch (e) {
        ctx.log.warn(
          { callId: c.id, err: String(e) },
          'retention: recording not deleted at Twilio; kept for the next sweep',
        );
        skipped = [...skipped, c.id];
      }
    }
  }
}

async function sweepBusiness(b: { id: string; leadRetention: string }, n: number, drain: Drain) {
  const seg = Prisma.sql`select s."id" from "TranscriptSegment" s join "Call" c on c."id" = s."callId" where ${expiredCall(b.id)}`;
  await drain(
    'transcriptSegments',
    Prisma.sql`delete from "TranscriptSegment" where "id" in (${seg} limit ${n})`,
    Prisma.sql`select count(*) as n from (${seg}) x`,
  );
  // A lead's summary is the call retold: it goes with the transcript. A lead with a held call keeps it.
  const leadOld = Prisma.sql`l."businessId" = ${b.id}::uuid
    and l."createdAt" < ${cutoff(b.id)}
    and not exists (select 1 from "Call" h where h."leadId" = l."id" and h."legalHold")`;
  const summaries = Prisma.sql`select l."id" from "Lead" l where ${leadOld} and l."summary" <> ''`;
  await drain(
    'callSummaries',
    Prisma.sql`update "Lead" set "summary" = '' where "id" in (${summaries} limit ${n})`,
    Prisma.sql`select count(*) as n from (${summaries}) x`,
  );
  if (b.leadRetention === 'delete') {
    // The lead, its expired calls, and what sync kept about them; a lead with a recent call stays.
    const leads = Prisma.sql`select l."id" from "Lead" l where ${leadOld}
      and not exists (select 1 from "Call" r where r."leadId" = l."id" and r."startedAt" >= ${cutoff(b.id)})`;
    await drain(
      'ledgerRows',
      Prisma.sql`delete from "SyncLedgerEntry" where ("connectionId", "kind", "localId") in (
        select e."connectionId", e."kind", e."localId" from "SyncLedgerEntry" e
        where e."businessId" = ${b.id}::uuid and e."localId" in (
          select l2."id"::text from (${leads}) l2
          union all select c."id"::text from "Call" c where ${expiredCall(b.id)})
        limit ${n})`,
      Prisma.sql`select count(*) as n from "SyncLedgerEntry" e where e."businessId" = ${b.id}::uuid
        and e."localId" in (select l2."id"::text from (${leads}) l2)`,
    );
    await drain(
      'syncRecords',
      Prisma.sql`delete from "SyncRecord" where "id" in (select r."id" from "SyncRecord" r
        where r."businessId" = ${b.id}::uuid and r."localId" in (select l2."id"::text from (${leads}) l2
          union all select c."id"::text from "Call" c where ${expiredCall(b.id)}) limit ${n})`,
      Prisma.sql`select 0::bigint as n`,
    );
    const calls = Prisma.sql`select c."id" from "Call" c where ${expiredCall(b.id)} and c."status" in ('completed','busy','no_answer','failed','canceled')`;
    await drain(
      'calls',
      Prisma.sql`delete from "Call" where "id" in (${calls} limit ${n})`,
      Prisma.sql`select count(*) as n from (${calls}) x`,
    );
    await drain(
      'leads',
      Prisma.sql`delete from "Lead" where "id" in (${leads} limit ${n})`,
      Prisma.sql`select count(*) as n from (${leads}) x`,
    );
  }
  const callbacks = Prisma.sql`select r."id" from "CallbackRequest" r where r."businessId" = ${b.id}::uuid
    and r."status" in ('completed','no_answer','failed')
    and r."createdAt" < ${cutoff(b.id)}
    and not exists (select 1 from "Call" h where h."callbackRequestId" = r."id" and h."legalHold")`;
  await drain(
    'callbackRequests',
    Prisma.sql`delete from "CallbackRequest" where "id" in (${callbacks} limit ${n})`,
    Prisma.sql`select count(*) as n from (${callbacks}) x`,
  );
}

/** The service's own rows: kept days, not the business's retention. */
async function sweepService(ctx: AppContext, n: number, drain: Drain) {
  const c = ctx.config;
  const steps: [string, string, Prisma.Sql][] = [
    ['deliveredMail', 'OutboxEmail', Prisma.sql`"sentAt" is not null and "sentAt" < ${daysAgo(c.MAIL_RETENTION_DAYS)}`],
    // A widget stream resumes from Last-Event-ID within minutes; a day-old event serves nobody.
    ['sseEvents', 'CallbackEvent', Prisma.sql`"createdAt" < ${daysAgo(1)}`],
    // Outgoing webhook events (lead data in their payloads) once every delivery is over, and their log.
    [
      'webhookEvents',
      'WebhookEvent',
      Prisma.sql`"createdAt" < ${daysAgo(c.WEBHOOK_EVENT_RETENTION_DAYS)} and not exists (
        select 1 from "WebhookDelivery" d where d."eventId" = "WebhookEvent"."id" and d."status" = 'pending')`,
    ],
    ['oauthStates', 'OAuthState', Prisma.sql`"expiresAt" < ${UTC_NOW} - interval '1 hour'`],
    // The longest window in use is a day (the widget's daily cap); two days old is certainly over.
    [
      'rateWindows',
      'RateWindow',
      Prisma.sql`"updatedAt" < ${daysAgo(2)} and ("pausedUntil" is null or "pausedUntil" < ${UTC_NOW})`,
    ],
    [
      'auditEntries',
      'AuditLog',
      Prisma.sql`"createdAt" < ${daysAgo(c.AUDIT_RETENTION_DAYS)}
        and ("businessId" is null or "businessId" not in (select "id" from "Business" where "legalHold"))`,
    ],
  ];
  for (const [step, table, where] of steps) {
    const t = Prisma.raw(`"${table}"`);
    await drain(
      step,
      Prisma.sql`delete from ${t} where ctid = any(array(select ctid from ${t} where ${where} limit ${n}))`,
      Prisma.sql`select count(*) as n from ${t} where ${where}`,
    );
  }
  const exports = Prisma.sql`select "id" from "PrivacyRequest" where "exportJson" is not null and "exportExpiresAt" < ${UTC_NOW}`;
  await drain(
    'expiredExports',
    Prisma.sql`update "PrivacyRequest" set "exportJson" = null where "id" in (${exports} limit ${n})`,
    Prisma.sql`select count(*) as n from (${exports}) x`,
  );
}
