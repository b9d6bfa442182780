/**
 * One attempt at one claimed target (`campaign.dial`). Everything that can change while a campaign runs is
 * checked here, at dial time: the campaign still running, the window, the do-not-call lists and SMS STOP,
 * the number, the business's standing and balance, the platform's caps. Then, in the same statement
 * (record-dial.ts; step by step in one transaction when that declines), the minute is held and the dial
 * recorded (`recorded`, with its Call row) BEFORE Twilio is asked; the SID is written after (dial-sid.ts).
 * A worker killed between the two leaves a `recorded` dial that reconcile.ts resolves: an attempt is
 * dialled at most once. The common path is three round trips: the read, the record, the SID.
 */
import { randomUUID } from 'node:crypto';
import { mayDialOut } from '../billing/dial-guard.ts';
import { HOLD_SECONDS, PENDING_DIAL_PREFIX } from '../billing/reservations.ts';
import { answersWithAi, effectiveStatus } from '../billing/status.ts';
import { checkDialNumber, PLATFORM_LIMITS } from '../businesses/dial-policy.ts';
import type { AppContext } from '../context.ts';
import { subjectHash } from '../crypto/subject-hash.ts';
import { sqlOf } from '../db/client.ts';
import type { BillingStatus, CampaignOutcome } from '../db/generated/enums.ts';
import { hit } from '../http/rate-limit.ts';
import { dialBlockedReason } from './do-not-call.ts';
import { isInvalidNumberError } from './outcome.ts';
import { type Counted, campaignDialsKey, destKey, recordDialAtOnce } from './record-dial.ts';
import { abandonDial, adoptSid } from './dial-sid.ts';
import { windowOpen } from './window.ts';

/** Campaign dials a business may start per day, whatever its plan: PLATFORM_LIMITS.campaignDialsPerDay. */
export const CAMPAIGN_DIALS_PER_DAY = PLATFORM_LIMITS.campaignDialsPerDay;

// Where they always were, for the callers that import them from here.
export { abandonDial, adoptSid };

export type DialResult =
  | { kind: 'placed'; dialId: string; sid: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'finished'; outcome: CampaignOutcome; reason: string }
  | { kind: 'paused'; reason: string }
  | { kind: 'failed'; outcome: CampaignOutcome; reason: string };

/** Twilio webhook URLs of a dial; its id in each is the marker every callback and reconciliation uses. */
export const dialUrls = (base: string, dialId: string) => ({
  voice: `${base}/twilio/campaign/voice?dialId=${dialId}`,
  status: `${base}/twilio/campaign/status?dialId=${dialId}`,
  amd: `${base}/twilio/campaign/amd?dialId=${dialId}`,
});

type Checked =
  | { go: true; dialId: string; callId: string; from: string; to: string }
  | { go: false; result: DialResult };

/** What a dial needs to know, read in one statement (the target row locked when `lock`). */
const LOAD = `
select t."id", t."phone", t."timeZone", t."campaignId", c."businessId", c."status"::text as "campaignStatus",
  c."callerId", c."windowStartMinute", c."windowEndMinute", c."days", b."active",
  ba."status"::text as "billingStatus", ba."pastDueSince",
  -- billing/dial-guard.ts mayDialOut, in the same read: active, and no owner or a verified one.
  (b."active" and (not exists (select 1 from "Membership" m where m."businessId" = b."id" and m."role" = 'owner')
     or exists (select 1 from "Membership" m join "Account" a on a."id" = m."accountId"
                where m."businessId" = b."id" and m."role" = 'owner' and a."emailVerifiedAt" is not null))) as "mayDial",
  exists (select 1 from "CampaignDial" d where d."targetId" = t."id" and d."attempt" = $2
          and d."status" in ('recorded', 'placed') and d."seconds" is null and d."outcome" is null) as "previousLive"
from "CampaignTarget" t join "Campaign" c on c."id" = t."campaignId" join "Business" b on b."id" = c."businessId"
left join "BillingAccount" ba on ba."businessId" = b."id"
where t."id" = $1 and t."state" = 'dialling' and t."attempts" = $2`;

/**
 * The minute held, the Call row and the dial recorded, the target's attempt counted: one statement, so the
 * business row's lock (the hold) lasts one statement. Nothing is written when the balance holds no minute.
 */
const RECORD = `
with hold as (
  select "id", least($3::int, greatest(0, ceil(("secondsBalance" - "heldSeconds") / 60.0))::int * 60) as "g"
  from "Business" where "id" = $2::uuid for update
), h as (
  update "Business" x set "heldSeconds" = x."heldSeconds" + hold."g" from hold where x."id" = hold."id" and hold."g" >= 60
  returning hold."g"
), k as (
  insert into "Call" ("id", "businessId", "twilioCallSid", "direction", "status", "from", "to", "reservedSeconds", "campaignDialId", "updatedAt")
  select gen_random_uuid(), $2::uuid, $4, 'outbound', 'queued', $5, $6, h."g", $1::uuid, now() from h
  returning "id"
), d as (
  insert into "CampaignDial" ("id", "campaignId", "targetId", "attempt", "status", "callId", "createdAt", "updatedAt")
  select $1::uuid, $7::uuid, $8::uuid, $9, 'recorded', k."id", $10, now() from k
  returning "callId"
)
update "CampaignTarget" t set "attempts" = $9, "lastCallId" = d."callId", "updatedAt" = now() from d where t."id" = $8::uuid
returning d."callId"`;

interface Loaded {
  id: string;
  phone: string;
  timeZone: string;
  campaignId: string;
  businessId: string;
  campaignStatus: string;
  callerId: string;
  windowStartMinute: number;
  windowEndMinute: number;
  days: number[];
  active: boolean;
  mayDial: boolean;
  billingStatus: BillingStatus | null;
  pastDueSince: Date | null;
  previousLive: boolean;
}

async function checkAndRecord(ctx: AppContext, targetId: string, attempt: number, now: Date): Promise<Checked> {
  const pool = sqlOf(ctx.db);
  const skip = (reason: string): Checked => ({ go: false, result: { kind: 'skipped', reason } });
  // Read without a lock first: most of the checks need no transaction, and none of them holds one.
  // Named: parsed and planned once per connection, not at every dial.
  const pre = (await pool.query<Loaded>({ name: 'campaign-dial-load', text: LOAD, values: [targetId, attempt - 1] }))
    .rows[0];
  if (!pre) return skip('target not waiting for this attempt');
  // The previous attempt's call must have ended: a stray job for the next attempt never dials over it.
  if (pre.previousLive) return skip('the previous attempt is still live');
  const billing = effectiveStatus(
    pre.billingStatus ? { status: pre.billingStatus, pastDueSince: pre.pastDueSince } : null,
    now,
    ctx.config.BILLING_GRACE_DAYS,
    Boolean(ctx.config.STRIPE_SECRET_KEY),
  );
  const number = checkDialNumber(pre.phone);
  // Everything that can be judged from the read is judged here; what can change in between (the target's
  // state, the campaign's status, the lists, the counters, the balance) is checked again by the statement
  // that records the dial. Anything it declines goes the step-by-step way below, which decides every case.
  if (
    number.ok &&
    pre.campaignStatus === 'running' &&
    pre.mayDial &&
    answersWithAi(billing) &&
    windowOpen(now, pre.timeZone, pre)
  ) {
    const dialId = randomUUID();
    const r = await recordDialAtOnce(pool, {
      dialId,
      targetId,
      attempt,
      businessId: pre.businessId,
      campaignId: pre.campaignId,
      e164: number.e164,
      phoneHash: subjectHash(ctx.config.jwtSecret, 'phone', pre.phone),
      holdSeconds: HOLD_SECONDS,
      pendingSid: `${PENDING_DIAL_PREFIX}${dialId}`,
      callerId: pre.callerId,
      now,
    });
    if (r.recorded) return { go: true, dialId, callId: r.callId, from: pre.callerId, to: number.e164 };
    return checkStepByStep(ctx, pre, attempt, now, r.counted);
  }
  return checkStepByStep(ctx, pre, attempt, now, {});
}

/**
 * Every check one at a time, under the target's lock: decides what a refused dial does (back to pending,
 * finished as blocked or invalid, the campaign paused). `counted`: counters the one-statement path already
 * took for this dial, not taken twice.
 */
async function checkStepByStep(
  ctx: AppContext,
  t: Loaded,
  attempt: number,
  now: Date,
  counted: Counted,
): Promise<Checked> {
  const pool = sqlOf(ctx.db);
  const targetId = t.id;
  const skip = (reason: string): Checked => ({ go: false, result: { kind: 'skipped', reason } });
  const billing = effectiveStatus(
    t.billingStatus ? { status: t.billingStatus, pastDueSince: t.pastDueSince } : null,
    now,
    ctx.config.BILLING_GRACE_DAYS,
    Boolean(ctx.config.STRIPE_SECRET_KEY),
  );
  const number = checkDialNumber(t.phone);
  const [blocked, mayDial] = await Promise.all([
    dialBlockedReason(ctx.db, t.businessId, t.phone, ctx.config.jwtSecret),
    t.active ? mayDialOut(ctx.db, t.businessId) : Promise.resolve(false),
  ]);

  const client = await pool.connect();
  try {
    await client.query('begin');
    // Locked and read again: a pause, a cancel or another run of this job may have come in between.
    const { rows } = await client.query<Loaded>(`${LOAD} for update of t`, [targetId, attempt - 1]);
    const cur = rows[0];
    const done = async (c: Checked) => {
      await client.query('commit');
      return c;
    };
    if (!cur || cur.previousLive) return done(skip('target not waiting for this attempt'));
    const backToPending = (nextAttemptAt?: Date) =>
      client.query(
        `update "CampaignTarget" set "state" = 'pending', "nextAttemptAt" = coalesce($2, "nextAttemptAt"), "updatedAt" = now() where "id" = $1`,
        [targetId, nextAttemptAt ?? null],
      );
    if (cur.campaignStatus !== 'running') {
      await backToPending();
      return done(skip(`campaign is ${cur.campaignStatus}`));
    }
    if (!windowOpen(now, cur.timeZone, cur)) {
      await backToPending();
      return done(skip('calling window closed'));
    }
    const finish = async (outcome: CampaignOutcome, reason: string) => {
      // A dial row that was never placed still records the attempt and why (reports, audit).
      await client.query(
        `insert into "CampaignDial" ("id", "campaignId", "targetId", "attempt", "status", "outcome", "error", "createdAt", "updatedAt")
         values (gen_random_uuid(), $1, $2, $3, 'skipped', $4::"CampaignOutcome", $5, $6, now())`,
        [cur.campaignId, targetId, attempt, outcome, reason, now],
      );
      await client.query(
        `update "CampaignTarget" set "state" = 'done', "outcome" = $2::"CampaignOutcome", "attempts" = $3, "updatedAt" = now() where "id" = $1`,
        [targetId, outcome, attempt],
      );
      return done({ go: false, result: { kind: 'finished', outcome, reason } });
    };
    if (blocked) return finish('blocked', blocked);
    if (!number.ok) return finish('invalid_number', 'not a number Leadline dials');
    const pause = async (reason: string) => {
      await backToPending();
      await client.query(
        `update "Campaign" set "status" = 'paused', "pausedAt" = $2, "updatedAt" = now() where "id" = $1 and "status" = 'running'`,
        [cur.campaignId, now],
      );
      await client.query(
        `insert into "AuditLog" ("id", "action", "businessId", "target", "meta") values (gen_random_uuid(), 'campaign.paused', $1, $2, $3)`,
        [cur.businessId, cur.campaignId, JSON.stringify({ reason })],
      );
      return done({ go: false, result: { kind: 'paused', reason } });
    };
    if (!mayDial) return pause('business may not place calls');
    if (!answersWithAi(billing)) return pause('billing is restricted');
    // Counted on the pool, not this transaction: a counter row locked until commit would queue every dial
    // of the business behind the one before it.
    const dest = counted.dest ?? (await hit(ctx.db, destKey(number.e164), 86_400));
    if (dest.count > PLATFORM_LIMITS.dialsPerDestinationPerDay) {
      await backToPending(new Date(now.getTime() + dest.resetIn * 1000));
      return done(skip('number called too often today'));
    }
    const daily = counted.daily ?? (await hit(ctx.db, campaignDialsKey(cur.businessId), 86_400));
    if (daily.count > CAMPAIGN_DIALS_PER_DAY) {
      // The campaign keeps running: its ticks claim nothing until the counter's day is over (tick.ts), so a
      // list larger than a day's dials goes on by itself the next day, never past the cap.
      await backToPending(new Date(now.getTime() + daily.resetIn * 1000));
      return done(skip("the platform's daily campaign dials are used up"));
    }
    const dialId = randomUUID();
    const recorded = await client.query<{ callId: string }>(RECORD, [
      dialId,
      cur.businessId,
      HOLD_SECONDS,
      `${PENDING_DIAL_PREFIX}${dialId}`,
      cur.callerId,
      number.e164,
      cur.campaignId,
      targetId,
      attempt,
      now,
    ]);
    if (!recorded.rows[0]) return pause('out of minutes');
    await client.query('commit');
    return { go: true, dialId, callId: recorded.rows[0].callId, from: cur.callerId, to: number.e164 };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export async function dialTarget(
  ctx: AppContext,
  targetId: string,
  attempt: number,
  opts: { now?: Date; lastAttempt?: boolean } = {},
): Promise<DialResult> {
  const now = opts.now ?? new Date();
  if (!ctx.telephony) return { kind: 'skipped', reason: 'calling is not configured' };
  const checked = await checkAndRecord(ctx, targetId, attempt, now);
  if (!checked.go) return checked.result;
  const urls = dialUrls(ctx.config.PUBLIC_BASE_URL, checked.dialId);
  let sid: string;
  try {
    ({ sid } = await ctx.telephony.createCall({
      from: checked.from,
      to: checked.to,
      url: urls.voice,
      statusCallback: urls.status,
      machineDetection: { mode: 'DetectMessageEnd', asyncCallback: urls.amd },
    }));
  } catch (err) {
    const status = (err as { status?: unknown })?.status;
    if (!(typeof status === 'number' && status >= 400 && status < 500 && status !== 429)) {
      // A 5xx or a lost connection: Twilio may have placed the call anyway. Never dial blind; the
      // dial stays `recorded` for its callbacks or reconciliation to settle.
      ctx.log.warn({ err, dialId: checked.dialId }, 'campaign dial outcome unknown; left for reconciliation');
      return { kind: 'failed', outcome: 'failed', reason: 'left for reconciliation' };
    }
    // Refused by Twilio: nothing was dialled, so the attempt ends here (a retry is a new attempt).
    const outcome: CampaignOutcome = isInvalidNumberError(err) ? 'invalid_number' : 'failed';
    ctx.log.warn({ err, dialId: checked.dialId }, 'campaign dial refused by Twilio');
    await abandonDial(
      ctx,
      checked.dialId,
      outcome,
      `Twilio refused the call: ${String((err as Error).message).slice(0, 200)}`,
    );
    return { kind: 'failed', outcome, reason: 'Twilio refused the call' };
  }
  await adoptSid(ctx.db, checked.dialId, sid);
  return { kind: 'placed', dialId: checked.dialId, sid };
}
