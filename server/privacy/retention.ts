/**
 * The retention sweep: deletes, per business, what is older than its `retentionDays`, and the service's own
 * short-lived rows. Run hourly by graphile-worker's crontab (`retention.sweep`) and by
 * `leadline retention run`.
 *
 * Every delete is one short statement (no transaction spans batches, so no lock is held for long) over a
 * batch steered to a statement-time target (statement-timer.ts: smaller when the database is slow, never
 * above RETENTION_BATCH_SIZE rows), found through an index (transcript segments: retention-segments.ts),
 * and paced (RETENTION_DUTY: after each statement the sweep rests in proportion to its duration, so live
 * calls keep their latency while it runs). Each batch leaves the database consistent: a sweep killed at any
 * point is simply run again, and a second run over the same data deletes nothing more (idempotent).
 * Recordings are deleted at Twilio first and only then forgotten here, so a kill between the two re-deletes
 * (a 404 counts as deleted). Nothing under a legal hold (the business's or the call's) is touched.
 */
import type { AppContext } from '../context.ts';
import { Prisma, sqlOf } from '../db/client.ts';
import { purgeDueClosures } from './closure.ts';
import { sweepSegments } from './retention-segments.ts';
import type { RetentionOptions, Sweep, SweptBusiness } from './retention-types.ts';
import { batchSizer, statementTimer, type BatchSizer } from './statement-timer.ts';

export type { RetentionOptions } from './retention-types.ts';

export interface RetentionReport {
  businesses: number;
  /** step → rows deleted (or, in a dry run, that would be). */
  counts: Record<string, number>;
  /** Recordings past retention that could not be deleted at Twilio (no credentials, or Twilio failed). */
  recordingsLeft: number;
  longestStatementMs: number;
  /** The step that ran it. */
  longestStep: string;
  /** Smallest batch the sizer went down to (rows; calls for transcript segments' rows estimate). */
  smallestBatch: number;
  statements: number;
  /** Time spent resting between statements (pacing), included in `ms`. */
  restedMs: number;
  ms: number;
}

const UTC_NOW = Prisma.sql`timezone('utc', now())`;
const daysAgo = (days: number) => Prisma.sql`(${UTC_NOW} - make_interval(days => ${days}::int))`;

/** Calls of business `b` past its retention and not held; `c` is the Call alias. */
const expiredCall = (b: SweptBusiness) =>
  Prisma.sql`c."businessId" = ${b.id}::uuid and not c."legalHold" and c."startedAt" < ${b.cutoff}::timestamp`;

export async function runRetention(ctx: AppContext, opts: RetentionOptions = {}): Promise<RetentionReport> {
  const started = performance.now();
  const timer = statementTimer({ duty: opts.duty ?? ctx.config.RETENTION_DUTY });
  const n = opts.batchSize ?? ctx.config.RETENTION_BATCH_SIZE;
  const pool = sqlOf(ctx.db);
  const report: RetentionReport = {
    businesses: 0,
    counts: {},
    recordingsLeft: 0,
    longestStatementMs: 0,
    longestStep: '',
    smallestBatch: n,
    statements: 0,
    restedMs: 0,
    ms: 0,
  };
  const sizers = new Map<string, BatchSizer>();
  const sweep: Sweep = {
    opts,
    n,
    timer,
    query: (step, stmt, name) => {
      report.statements++;
      return timer.time(() => pool.query({ text: stmt.text, values: stmt.values, ...(name ? { name } : {}) }), step);
    },
    sizer(step) {
      const s = sizers.get(step) ?? batchSizer({ max: n, targetMs: opts.statementMs ?? 25 });
      sizers.set(step, s);
      return s;
    },
    add(step, rows) {
      report.counts[step] = (report.counts[step] ?? 0) + rows;
      if (rows) opts.onBatch?.(step, rows);
    },
    tried(size) {
      report.smallestBatch = Math.min(report.smallestBatch, size);
    },
  };
  /** Runs `stmt(k)` (a delete/update of at most k rows) until it affects fewer than k, k steered by time. */
  const drain: Drain = async (step, stmt, count) => {
    if (opts.dryRun) {
      const r = await sweep.query<{ n: string }>(step, count);
      return sweep.add(step, Number(r.rows[0]?.n ?? 0));
    }
    const sizer = sweep.sizer(step);
    for (;;) {
      const k = sizer.size();
      sweep.tried(k);
      const rows = (await sweep.query(step, stmt(k))).rowCount ?? 0;
      sizer.observe(timer.last(), rows);
      sweep.add(step, rows);
      if (rows < k) return;
    }
  };

  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = (
      await pool.query<SweptBusiness>(
        `select "id"::text, "leadRetention"::text as "leadRetention",
           (timezone('utc', now()) - make_interval(days => "retentionDays"))::text as "cutoff"
         from "Business" where not "legalHold" and "id" > $1::uuid ${opts.businessId ? 'and "id" = $2::uuid' : ''}
         order by "id" limit 500`,
        opts.businessId ? [after, opts.businessId] : [after],
      )
    ).rows;
    for (const b of page) {
      report.businesses++;
      report.recordingsLeft += await sweepRecordings(ctx, b, sweep);
      await sweepSegments(b, sweep);
      await sweepBusiness(b, drain);
    }
    if (page.length < 500) break;
    after = page[page.length - 1]!.id;
  }
  if (!opts.businessId) await sweepService(ctx, drain);
  if (!opts.dryRun && !opts.businessId)
    sweep.add('closedBusinesses', await purgeDueClosures(ctx, { batchSize: n, timer }));
  report.longestStatementMs = Math.round(timer.longest() * 10) / 10;
  report.longestStep = timer.longestStep();
  report.restedMs = Math.round(timer.rested());
  report.ms = Math.round(performance.now() - started);
  return report;
}

type Drain = (step: string, stmt: (k: number) => Prisma.Sql, count: Prisma.Sql) => Promise<void>;

/**
 * Recordings past retention: at Twilio (every recording of the call, not only the one we stored), then our
 * columns. Returns how many are left because Twilio is not configured or failed (retried next sweep).
 */
async function sweepRecordings(ctx: AppContext, b: SweptBusiness, sweep: Sweep): Promise<number> {
  const { opts, n } = sweep;
  let skipped: string[] = [];
  for (;;) {
    const calls = (
      await sweep.query<{ id: string; twilioCallSid: string; recordingSid: string }>(
        'recordings',
        Prisma.sql`select c."id"::text, c."twilioCallSid", c."recordingSid" from "Call" c
        where ${expiredCall(b)} and c."recordingSid" is not null
          and not (c."id" = any(${skipped}::uuid[]))
        order by c."id" limit ${opts.dryRun ? 1_000_000 : n}`,
      )
    ).rows;
    if (opts.dryRun) {
      sweep.add('recordings', calls.length);
      return 0;
    }
    if (!calls.length) return skipped.length;
    for (const c of calls) {
      try {
        if (!ctx.telephony) throw new Error('Twilio is not configured');
        const sids = new Set([c.recordingSid, ...(await ctx.telephony.listRecordings(c.twilioCallSid))]);
        for (const sid of sids) await ctx.telephony.deleteRecording(sid);
        await sweep.query(
          'recordings',
          Prisma.sql`update "Call" set "recordingSid" = null, "recordingSeconds" = null, "recordingStatus" = 'deleted',
            "updatedAt" = now() where "id" = ${c.id}::uuid`,
        );
        sweep.add('recordings', 1);
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

async function sweepBusiness(b: SweptBusiness, drain: Drain) {
  // A lead's summary is the call retold: it goes with the transcript. A lead with a held call keeps it.
  const leadOld = Prisma.sql`l."businessId" = ${b.id}::uuid
    and l."createdAt" < ${b.cutoff}::timestamp
    and not exists (select 1 from "Call" h where h."leadId" = l."id" and h."legalHold")`;
  const summaries = Prisma.sql`select l."id" from "Lead" l where ${leadOld} and l."summary" <> ''`;
  await drain(
    'callSummaries',
    (k) => Prisma.sql`update "Lead" set "summary" = '' where "id" in (${summaries} limit ${k})`,
    Prisma.sql`select count(*) as n from (${summaries}) x`,
  );
  if (b.leadRetention === 'delete') {
    // The lead, its expired calls, and what sync kept about them; a lead with a recent call stays.
    const leads = Prisma.sql`select l."id" from "Lead" l where ${leadOld}
      and not exists (select 1 from "Call" r where r."leadId" = l."id" and r."startedAt" >= ${b.cutoff}::timestamp)`;
    await drain(
      'ledgerRows',
      (k) => Prisma.sql`delete from "SyncLedgerEntry" where ("connectionId", "kind", "localId") in (
        select e."connectionId", e."kind", e."localId" from "SyncLedgerEntry" e
        where e."businessId" = ${b.id}::uuid and e."localId" in (
          select l2."id"::text from (${leads}) l2
          union all select c."id"::text from "Call" c where ${expiredCall(b)})
        limit ${k})`,
      Prisma.sql`select count(*) as n from "SyncLedgerEntry" e where e."businessId" = ${b.id}::uuid
        and e."localId" in (select l2."id"::text from (${leads}) l2)`,
    );
    await drain(
      'syncRecords',
      (k) => Prisma.sql`delete from "SyncRecord" where "id" in (select r."id" from "SyncRecord" r
        where r."businessId" = ${b.id}::uuid and r."localId" in (select l2."id"::text from (${leads}) l2
          union all select c."id"::text from "Call" c where ${expiredCall(b)}) limit ${k})`,
      Prisma.sql`select 0::bigint as n`,
    );
    const calls = Prisma.sql`select c."id" from "Call" c where ${expiredCall(b)} and c."status" in ('completed','busy','no_answer','failed','canceled')`;
    await drain(
      'calls',
      (k) => Prisma.sql`delete from "Call" where "id" in (${calls} limit ${k})`,
      Prisma.sql`select count(*) as n from (${calls}) x`,
    );
    await drain(
      'leads',
      (k) => Prisma.sql`delete from "Lead" where "id" in (${leads} limit ${k})`,
      Prisma.sql`select count(*) as n from (${leads}) x`,
    );
  }
  const callbacks = Prisma.sql`select r."id" from "CallbackRequest" r where r."businessId" = ${b.id}::uuid
    and r."status" in ('completed','no_answer','failed')
    and r."createdAt" < ${b.cutoff}::timestamp
    and not exists (select 1 from "Call" h where h."callbackRequestId" = r."id" and h."legalHold")`;
  await drain(
    'callbackRequests',
    (k) => Prisma.sql`delete from "CallbackRequest" where "id" in (${callbacks} limit ${k})`,
    Prisma.sql`select count(*) as n from (${callbacks}) x`,
  );
}

/** The service's own rows: kept days, not the business's retention. */
async function sweepService(ctx: AppContext, drain: Drain) {
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
      (k) => Prisma.sql`delete from ${t} where ctid = any(array(select ctid from ${t} where ${where} limit ${k}))`,
      Prisma.sql`select count(*) as n from ${t} where ${where}`,
    );
  }
  const exports = Prisma.sql`select "id" from "PrivacyRequest" where "exportJson" is not null and "exportExpiresAt" < ${UTC_NOW}`;
  await drain(
    'expiredExports',
    (k) => Prisma.sql`update "PrivacyRequest" set "exportJson" = null where "id" in (${exports} limit ${k})`,
    Prisma.sql`select count(*) as n from (${exports}) x`,
  );
}
