import pg from 'pg';
import type { CallMode } from '../db/generated/enums.ts';
import { consentPrompt } from './consent.ts';
import { groupCommit } from './group-commit.ts';

/** How an answered call is handled (the business's state decides); Prisma's CallMode less 'rejected', never an answer. */
export type AnswerMode = Exclude<CallMode, 'rejected'>;

export interface AnswerInput {
  callSid: string;
  /** The business's number: To for inbound calls, From for outbound callbacks. */
  businessNumber: string;
  direction: 'inbound' | 'outbound';
  from: string | null;
  to: string | null;
  callbackRequestId: string | null;
}

/** The business fields the consent prompt is made of, and that prompt. */
interface PromptFields {
  businessId: string;
  name: string;
  consentPrompt: string | null;
  recordingEnabled: boolean;
  transcriptionEnabled: boolean;
  prompt: string;
}

export interface AnsweredCall {
  callId: string;
  callbackRequestId: string | null;
  mode: AnswerMode;
  businessName: string;
  forwardingNumber: string | null;
  /** What the consent record says the caller is asked (mode 'ai' only). */
  prompt: string | null;
}

interface Row {
  callId: string;
  callbackRequestId: string | null;
  mode: AnswerMode;
  businessId: string;
  name: string;
  consentPrompt: string | null;
  recordingEnabled: boolean;
  transcriptionEnabled: boolean;
  forwardingNumber: string | null;
  promptText: string | null;
}

/**
 * One statement for a whole batch of answered calls: look up each business by number, reserve minutes for
 * the calls the AI may take, upsert the Call rows (a retried CallSid updates its row), and insert the
 * pending consent records whose prompt the caller predicted from what it saw last. A prediction is
 * checked against the business row in the same statement, so a stale one never reaches the database:
 * that row comes back with promptText null and the fields to build the right prompt from.
 * Unknown numbers come back as no row. Prepared once per connection (a named statement): planning
 * this CTE costs more than running it.
 *
 * Reservations (no overrun): each AI call holds one minute (Business.heldSeconds, Call.reservedSeconds)
 * until its final status releases it. The business rows are locked (`lk`, in id order) before the
 * admission is computed, so concurrent batches on any node see each other's holds: a business with
 * 3 minutes left admits 3 calls, however many arrive at once. A retried webhook for a call that already
 * holds minutes stays an AI call without holding more. Restricted billing (unpaid past the grace days,
 * $13) never gets the AI.
 */
const ANSWER_BATCH = `
with input as (
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::boolean[], $11::text[], $14::boolean[])
    as i("sid", "number", "direction", "from", "to", "cbid", "expId", "expName", "expPrompt", "expRecording", "prompt", "expTranscription")
), r0 as (
  select i.*, b."id" as "businessId", b."name", b."consentPrompt", b."recordingEnabled", b."transcriptionEnabled", b."forwardingNumber",
    (b."active" and $12::boolean and coalesce(ba."status" <> 'restricted'
       and not (ba."status" = 'past_due' and ba."pastDueSince" <= now() - make_interval(days => $13::int)), true)) as "eligible",
    coalesce(ex."reservedSeconds", 0) > 0 as "holding",
    coalesce(b."id" = i."expId" and b."name" = i."expName" and b."consentPrompt" is not distinct from i."expPrompt"
             and b."recordingEnabled" = i."expRecording"
             and b."transcriptionEnabled" = i."expTranscription", false) as "predicted"
  from input i join "PhoneNumber" p on p."e164" = i."number" join "Business" b on b."id" = p."businessId"
  left join "BillingAccount" ba on ba."businessId" = b."id"
  left join "Call" ex on ex."twilioCallSid" = i."sid"
), r1 as (
  select r0.*, case when r0."eligible" and not r0."holding" then row_number() over (partition by r0."businessId", r0."eligible" and not r0."holding" order by r0."sid") end as "rank"
  from r0
), want as (
  select "businessId", count("rank") as "n" from r1 group by "businessId" having count("rank") > 0
), lk as (
  select b."id", b."secondsBalance", b."heldSeconds", w."n" from "Business" b join want w on w."businessId" = b."id" order by b."id" for update of b
), k as (
  select "id", "heldSeconds", least("n", greatest(0, ceil(("secondsBalance" - "heldSeconds") / 60.0)))::int as "k" from lk
), h as (
  update "Business" b set "heldSeconds" = k."heldSeconds" + 60 * k."k" from k where b."id" = k."id" and k."k" > 0
), r as (
  select r1.*, (r1."rank" is not null and r1."rank" <= coalesce(k."k", 0)) as "admitted",
    (case when r1."eligible" and r1."holding" then 'ai'
          when r1."rank" is not null and r1."rank" <= coalesce(k."k", 0) then 'ai'
          when r1."forwardingNumber" is not null then 'forwarded' else 'voicemail' end)::"CallMode" as "mode"
  from r1 left join k on k."id" = r1."businessId"
), c as (
  insert into "Call" ("id", "businessId", "twilioCallSid", "direction", "mode", "from", "to", "status", "answeredAt", "callbackRequestId", "reservedSeconds", "updatedAt")
  select gen_random_uuid(), r."businessId", r."sid", r."direction"::"CallDirection", r."mode", r."from", r."to", 'in_progress', now(), r."cbid", case when r."admitted" then 60 else 0 end, now()
  from r order by r."sid"
  on conflict ("twilioCallSid") do update set "status" = 'in_progress', "answeredAt" = now(), "mode" = excluded."mode",
    "reservedSeconds" = "Call"."reservedSeconds" + excluded."reservedSeconds", "updatedAt" = now()
  returning "id", "twilioCallSid", "callbackRequestId", "mode", "direction", "from", "to", "startedAt", (xmax = 0) as "inserted"
), k2 as (
  insert into "ConsentRecord" ("id", "callId", "businessId", "promptText")
  select gen_random_uuid(), c."id", r."businessId", r."prompt" from c join r on r."sid" = c."twilioCallSid"
  where c."mode" = 'ai' and r."predicted" and r."prompt" is not null
  on conflict ("callId") do nothing
  returning "callId", "promptText"
), wep as (
  -- call.started webhooks, in this statement so they exist exactly when the new Call row does (a retried
  -- webhook updating its row sends none). The envelope mirrors server/webhooks/events.ts (a test parses it).
  select e."id", e."businessId" from "WebhookEndpoint" e
  where e."businessId" in (select "businessId" from r) and e."disabledAt" is null and 'call.started' = any(e."events")
), wev as (
  insert into "WebhookEvent" ("id", "businessId", "type", "payload")
  select 'msg_' || replace(gen_random_uuid()::text, '-', ''), r."businessId", 'call.started', jsonb_build_object(
    'type', 'call.started', 'timestamp', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'data', jsonb_build_object('callId', c."id", 'businessId', r."businessId", 'direction', c."direction", 'from', c."from",
      'to', c."to", 'mode', c."mode", 'startedAt', to_char(c."startedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
  from c join r on r."sid" = c."twilioCallSid"
  where c."inserted" and exists (select 1 from wep where wep."businessId" = r."businessId")
  returning "id", "businessId"
), wdl as (
  insert into "WebhookDelivery" ("id", "eventId", "endpointId", "businessId", "updatedAt")
  select gen_random_uuid(), wev."id", wep."id", wev."businessId", now() from wev join wep on wep."businessId" = wev."businessId"
)
select r."sid", c."id" as "callId", c."callbackRequestId", c."mode", r."businessId", r."name", r."consentPrompt", r."recordingEnabled",
  r."transcriptionEnabled", r."forwardingNumber", k2."promptText"
from r join c on c."twilioCallSid" = r."sid"
left join k2 on k2."callId" = c."id"`;

/**
 * The consent record when the batch did not write it: the prediction missed (first call of a number in
 * this process, or the business changed its wording since), or the call is a retried webhook whose
 * record exists. Whatever the record holds is what the caller is asked, so a retry asks the same.
 */
const CONSENT_ONE = `
with k as (
  insert into "ConsentRecord" ("id", "callId", "businessId", "promptText") values (gen_random_uuid(), $1::uuid, $2::uuid, $3)
  on conflict ("callId") do nothing returning "promptText"
)
select "promptText" from k union all select "promptText" from "ConsentRecord" where "callId" = $1::uuid`;

export interface AnswererOptions {
  /** Whether an AI conversation can happen at all (an OpenAI key is configured). */
  aiAvailable: boolean;
  /** Days an unpaid business keeps the AI before it is restricted (BILLING_GRACE_DAYS). */
  graceDays?: number;
  maxBatch?: number;
  maxInFlight?: number;
  /** Numbers whose prompt fields are remembered; the least recently answered are forgotten first. */
  maxCached?: number;
}

/**
 * Records answered calls (Call row and, for AI calls, the pending consent record) through group commit.
 * The per-process memory of each number's prompt fields is a prediction only, verified by the statement
 * that uses it, so it needs no invalidation: a business's change is on the very next call, on every node.
 */
/** The wording for this call: the number's inbound prompt, or the callback opening for a website callback. */
const promptFor = (f: PromptFields, i: AnswerInput) =>
  i.callbackRequestId ? consentPrompt(f, { callback: true }) : f.prompt;

export function createAnswerer(
  pool: pg.Pool,
  opts: AnswererOptions,
): (input: AnswerInput) => Promise<AnsweredCall | null> {
  const maxCached = opts.maxCached ?? 10_000;
  const seen = new Map<string, PromptFields>();

  function remember(number: string, row: Row): PromptFields {
    const known = seen.get(number);
    seen.delete(number);
    const same =
      known &&
      known.businessId === row.businessId &&
      known.name === row.name &&
      known.consentPrompt === row.consentPrompt &&
      known.recordingEnabled === row.recordingEnabled &&
      known.transcriptionEnabled === row.transcriptionEnabled;
    const f = same
      ? known
      : {
          businessId: row.businessId,
          name: row.name,
          consentPrompt: row.consentPrompt,
          recordingEnabled: row.recordingEnabled,
          transcriptionEnabled: row.transcriptionEnabled,
          prompt: consentPrompt(row),
        };
    seen.set(number, f);
    if (seen.size > maxCached) seen.delete(seen.keys().next().value!);
    return f;
  }

  const submit = groupCommit<AnswerInput, Row | null>({
    key: (i) => i.callSid,
    maxBatch: opts.maxBatch,
    maxInFlight: opts.maxInFlight,
    // An error PostgreSQL reports for the statement (a foreign key one call broke, a deadlock) is one
    // call's problem; a lost connection is everyone's.
    retryAlone: (err) => err instanceof pg.DatabaseError,
    async run(items) {
      const known = items.map((i) => seen.get(i.businessNumber));
      const col = <T>(f: (i: AnswerInput, p: PromptFields | undefined) => T) => items.map((i, n) => f(i, known[n]));
      const { rows } = await pool.query<Row & { sid: string }>({
        name: 'calls.answer_batch',
        text: ANSWER_BATCH,
        values: [
          col((i) => i.callSid),
          col((i) => i.businessNumber),
          col((i) => i.direction),
          col((i) => i.from),
          col((i) => i.to),
          col((i) => i.callbackRequestId),
          col((_i, p) => p?.businessId ?? null),
          col((_i, p) => p?.name ?? null),
          col((_i, p) => p?.consentPrompt ?? null),
          col((_i, p) => p?.recordingEnabled ?? null),
          col((i, p) => (p ? promptFor(p, i) : null)),
          opts.aiAvailable,
          opts.graceDays ?? 7,
          col((_i, p) => p?.transcriptionEnabled ?? null),
        ],
      });
      const bySid = new Map(rows.map((r) => [r.sid, r]));
      return items.map((i) => bySid.get(i.callSid) ?? null);
    },
  });

  return async (input) => {
    const row = await submit(input);
    if (!row) return null;
    const fields = remember(input.businessNumber, row);
    let prompt = row.promptText;
    if (row.mode === 'ai' && prompt === null) {
      const { rows } = await pool.query<{ promptText: string }>({
        name: 'calls.consent_one',
        text: CONSENT_ONE,
        values: [row.callId, row.businessId, promptFor(fields, input)],
      });
      prompt = rows[0]!.promptText;
    }
    return {
      callId: row.callId,
      callbackRequestId: row.callbackRequestId,
      mode: row.mode,
      businessName: row.name,
      forwardingNumber: row.forwardingNumber,
      prompt: row.mode === 'ai' ? prompt : null,
    };
  };
}
