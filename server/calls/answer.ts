import { sqlOf, type Db } from '../db/client.ts';

/** The business a dialled number belongs to, with what the voice webhook needs to decide; null if unknown. */
export async function businessForNumber(db: Db, e164: string, aiAvailable: boolean) {
  const { rows } = await sqlOf(db).query<{ id: string; name: string; consentPrompt: string | null; recordingEnabled: boolean; forwardingNumber: string | null; canPay: boolean }>(
    `select b."id", b."name", b."consentPrompt", b."recordingEnabled", b."forwardingNumber",
            (b."active" and b."secondsBalance" > 0 and $2::boolean) as "canPay"
     from "PhoneNumber" p join "Business" b on b."id" = p."businessId" where p."e164" = $1`,
    [e164, aiAvailable],
  );
  return rows[0] ?? null;
}

/**
 * Records an answered call (and, for AI calls, its pending consent record) in ONE statement: the voice
 * webhook is on Twilio's clock, so it costs two round trips in all and holds no transaction open.
 * A retried webhook for the same CallSid updates the row instead of adding one.
 */
export async function recordAnsweredCall(
  db: Db,
  p: { businessId: string; callSid: string; direction: 'inbound' | 'outbound'; mode: 'ai' | 'forwarded' | 'voicemail'; from: string | null; to: string | null; callbackRequestId: string | null; consentPrompt: string | null },
): Promise<{ callId: string; callbackRequestId: string | null }> {
  const { rows } = await sqlOf(db).query<{ id: string; callbackRequestId: string | null }>(
    `with c as (
       insert into "Call" ("id", "businessId", "twilioCallSid", "direction", "mode", "from", "to", "status", "answeredAt", "callbackRequestId", "updatedAt")
       values (gen_random_uuid(), $1::uuid, $2, $3::"CallDirection", $4::"CallMode", $5, $6, 'in_progress', now(), $7::uuid, now())
       on conflict ("twilioCallSid") do update set "status" = 'in_progress', "answeredAt" = now(), "mode" = excluded."mode", "updatedAt" = now()
       returning "id", "callbackRequestId"
     ), k as (
       insert into "ConsentRecord" ("id", "callId", "businessId", "promptText")
       select gen_random_uuid(), c."id", $1::uuid, $8 from c where $8::text is not null
       on conflict ("callId") do nothing
     )
     select "id", "callbackRequestId" from c`,
    [p.businessId, p.callSid, p.direction, p.mode, p.from, p.to, p.callbackRequestId, p.consentPrompt],
  );
  return { callId: rows[0]!.id, callbackRequestId: rows[0]!.callbackRequestId };
}
