/**
 * A dial's common path in one statement: the target locked and checked again (still waiting for this
 * attempt, the campaign still running, no live earlier attempt, not on either do-not-call list, no SMS
 * STOP), the platform's counters taken (dials to the number, the business's campaign dials), a minute held,
 * the Call row and the dial recorded and the attempt counted — all before Twilio is asked. One round trip
 * where the step-by-step path (dial.ts) takes a dozen; the step-by-step path still decides every case this
 * statement declines, so the two cannot disagree about what a refusal does.
 */
import type pg from 'pg';
import { PLATFORM_LIMITS } from '../businesses/dial-policy.ts';

/** The counter keys the dial takes; dial.ts's step-by-step path counts the same ones. */
export const destKey = (e164: string) => `dial:dest:${e164}`;
export const campaignDialsKey = (businessId: string) => `campaign:dials:${businessId}`;

/** http/rate-limit.ts `hit`, a day's window, as a CTE body: `$key` → used and seconds to reset. */
const hitSql = (key: string, from: string) => `
  insert into "RateWindow" ("key", "windowStart", "used", "updatedAt")
  select ${key}, now(), 1, now() ${from}
  on conflict ("key") do update set
    "used" = case when "RateWindow"."windowStart" <= now() - interval '1 day' then 1 else "RateWindow"."used" + 1 end,
    "windowStart" = case when "RateWindow"."windowStart" <= now() - interval '1 day' then now() else "RateWindow"."windowStart" end,
    "updatedAt" = now()
  returning "used", greatest(1, ceil(extract(epoch from ("windowStart" + interval '1 day' - now())))::int) as "resetIn"`;

/*
 * $1 dial id, $2 target, $3 previous attempt, $4 business, $5 campaign, $6 the number dialled (E.164),
 * $7 the keyed hash of the target's phone (erased people's rows keep only that), $8 dest counter key, $9 per-destination cap, $10 campaign-dials key,
 * $11 daily campaign-dial cap, $12 seconds to hold, $13 pending SID, $14 caller ID, $15 dialler's clock.
 * Each stage reads the one before, so a stage that refuses stops every write after it (a refused
 * destination takes no campaign dial; a full day holds no minute).
 */
const RECORD_AT_ONCE = `
with t as (
  select t."id" from "CampaignTarget" t join "Campaign" c on c."id" = t."campaignId"
  where t."id" = $2::uuid and t."state" = 'dialling' and t."attempts" = $3 and c."status" = 'running'
    and not exists (select 1 from "CampaignDial" d where d."targetId" = t."id" and d."attempt" = $3
                    and d."status" in ('recorded', 'placed') and d."seconds" is null and d."outcome" is null)
    and not exists (select 1 from "DoNotCall" n where (n."phone" = t."phone" or n."phoneHash" = $7)
                    and (n."businessId" = $4::uuid or n."businessId" is null))
    and not exists (select 1 from "SmsOptOut" s where s."phone" = t."phone")
    and not exists (select 1 from "ErasureTombstone" e where e."subjectHash" = $7 and e."smsOptOut")
  for update of t
), dest as (${hitSql('$8', 'from t')}
), daily as (${hitSql('$10', 'from dest where dest."used" <= $9')}
), hold as (
  select b."id", least($12::int, greatest(0, ceil((b."secondsBalance" - b."heldSeconds") / 60.0))::int * 60) as "g"
  from "Business" b, daily where b."id" = $4::uuid and daily."used" <= $11 for update of b
), h as (
  update "Business" x set "heldSeconds" = x."heldSeconds" + hold."g" from hold where x."id" = hold."id" and hold."g" >= 60
  returning hold."g"
), k as (
  insert into "Call" ("id", "businessId", "twilioCallSid", "direction", "status", "from", "to", "reservedSeconds", "campaignDialId", "updatedAt")
  select gen_random_uuid(), $4::uuid, $13, 'outbound', 'queued', $14, $6, h."g", $1::uuid, now() from h
  returning "id"
), d as (
  insert into "CampaignDial" ("id", "campaignId", "targetId", "attempt", "status", "callId", "createdAt", "updatedAt")
  select $1::uuid, $5::uuid, $2::uuid, $3 + 1, 'recorded', k."id", $15, now() from k
  returning "callId"
), u as (
  update "CampaignTarget" x set "attempts" = $3 + 1, "lastCallId" = d."callId", "updatedAt" = now() from d where x."id" = $2::uuid
  returning d."callId"
)
select (select count(*) from t)::int as "locked",
  (select "used" from dest) as "destUsed", (select "resetIn" from dest) as "destResetIn",
  (select "used" from daily) as "dailyUsed", (select "resetIn" from daily) as "dailyResetIn",
  (select "callId" from u) as "callId"`;

export interface Counted {
  dest?: { count: number; resetIn: number };
  daily?: { count: number; resetIn: number };
}

export type AtOnce =
  | { recorded: true; callId: string }
  /** Declined: the step-by-step path decides, reusing the counters this statement already took. */
  | { recorded: false; counted: Counted };

export async function recordDialAtOnce(
  pool: pg.Pool,
  p: {
    dialId: string;
    targetId: string;
    attempt: number;
    businessId: string;
    campaignId: string;
    e164: string;
    phoneHash: string;
    holdSeconds: number;
    pendingSid: string;
    callerId: string;
    now: Date;
  },
): Promise<AtOnce> {
  const { rows } = await pool.query<{
    locked: number;
    destUsed: number | null;
    destResetIn: number | null;
    dailyUsed: number | null;
    dailyResetIn: number | null;
    callId: string | null;
  }>({
    // Named: the statement is parsed and planned once per connection, not at every dial.
    name: 'campaign-record-dial',
    text: RECORD_AT_ONCE,
    values: [
      p.dialId,
      p.targetId,
      p.attempt - 1,
      p.businessId,
      p.campaignId,
      p.e164,
      p.phoneHash,
      destKey(p.e164),
      PLATFORM_LIMITS.dialsPerDestinationPerDay,
      campaignDialsKey(p.businessId),
      PLATFORM_LIMITS.campaignDialsPerDay,
      p.holdSeconds,
      p.pendingSid,
      p.callerId,
      p.now,
    ],
  });
  const r = rows[0]!;
  if (r.callId) return { recorded: true, callId: r.callId };
  const counted: Counted = {};
  if (r.destUsed !== null) counted.dest = { count: r.destUsed, resetIn: r.destResetIn ?? 1 };
  if (r.dailyUsed !== null) counted.daily = { count: r.dailyUsed, resetIn: r.dailyResetIn ?? 1 };
  return { recorded: false, counted };
}
