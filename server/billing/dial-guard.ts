/**
 * The checks before Leadline pays for an outbound leg (a website callback, a transfer): the number is one
 * the platform dials, the business may place calls at all (active, not restricted, an owner whose e-mail is
 * verified), its daily outbound minutes and the destination's daily dials (across every business) are
 * under the platform's caps, and the balance covers a reservation. The reservation itself is made by the
 * caller, in the transaction that records the leg (`reserveSeconds`).
 */
import { checkDialNumber, PLATFORM_DIAL_COUNTRIES, PLATFORM_LIMITS } from '../businesses/dial-policy.ts';
import type { Db, Tx } from '../db/client.ts';
import { hit } from '../http/rate-limit.ts';
import { answersWithAi, effectiveStatus } from './status.ts';

export interface DialRequest {
  businessId: string;
  to: string;
  kind: 'callback' | 'transfer';
  /** The business's own narrowing of the platform's countries (the widget's allowedCountries). */
  allowedCountries?: readonly string[];
  /** Most minutes the leg may hold; it gets what the balance covers, up to this. */
  maxMinutes: number;
}

export interface BillingOptions {
  graceDays: number;
  billingOn: boolean;
}

export type DialDecision = { ok: true; e164: string; minutes: number } | { ok: false; reason: string };

/**
 * Whether the business may place outbound calls at all: active, and either created by the operator (no
 * owner) or owned by someone whose e-mail is verified. Sign-up is open; an unverified account must not
 * be able to make Leadline dial anyone.
 */
export async function mayDialOut(db: Pick<Db, 'business'>, businessId: string): Promise<boolean> {
  const b = await db.business.findUnique({
    where: { id: businessId },
    select: {
      active: true,
      memberships: { where: { role: 'owner' }, select: { account: { select: { emailVerifiedAt: true } } } },
    },
  });
  if (!b?.active) return false;
  return b.memberships.length === 0 || b.memberships.some((m) => m.account.emailVerifiedAt !== null);
}

export async function authorizeDial(db: Db, req: DialRequest, opts: BillingOptions): Promise<DialDecision> {
  const number = checkDialNumber(req.to, req.allowedCountries ?? PLATFORM_DIAL_COUNTRIES);
  if (!number.ok) return { ok: false, reason: 'the number is not one Leadline calls' };
  if (!(await mayDialOut(db, req.businessId)))
    return { ok: false, reason: 'outbound calls need an active business with a verified owner' };
  const b = await db.business.findUniqueOrThrow({
    where: { id: req.businessId },
    select: { secondsBalance: true, heldSeconds: true, billing: true },
  });
  if (!answersWithAi(effectiveStatus(b.billing, new Date(), opts.graceDays, opts.billingOn)))
    return { ok: false, reason: 'billing is restricted' };
  const free = b.secondsBalance - b.heldSeconds;
  const minutes = Math.min(req.maxMinutes, Math.ceil(free / 60));
  if (free <= 0 || minutes < 1) return { ok: false, reason: 'the business has no minutes left' };
  // Counted last, so refusals above spend neither budget.
  const dest = await hit(db, `dial:dest:${number.e164}`, 86_400);
  if (dest.count > PLATFORM_LIMITS.dialsPerDestinationPerDay)
    return { ok: false, reason: 'this number has been called too often today' };
  const spend = await hit(db, `dial:minutes:${req.businessId}`, 86_400, minutes);
  if (spend.count > PLATFORM_LIMITS.dialMinutesPerDay)
    return { ok: false, reason: "the business's daily outbound minutes are used up" };
  return { ok: true, e164: number.e164, minutes };
}

/**
 * Holds up to `seconds` of the balance for an outbound leg (whole minutes; at least one, else nothing):
 * granted only from what other calls do not already hold, under the business row's lock.
 */
export async function reserveSeconds(tx: Pick<Tx, '$queryRaw'>, businessId: string, seconds: number): Promise<number> {
  const rows = await tx.$queryRaw<{ granted: number }[]>`
    with b as (select "id", least(${seconds}::int, greatest(0, ceil(("secondsBalance" - "heldSeconds") / 60.0))::int * 60) as "g"
               from "Business" where "id" = ${businessId}::uuid for update)
    update "Business" x set "heldSeconds" = x."heldSeconds" + b."g" from b where x."id" = b."id" and b."g" >= 60
    returning b."g" as "granted"`;
  return rows[0]?.granted ?? 0;
}
