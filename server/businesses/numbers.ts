/**
 * Which phone numbers a business may route to itself. Calls route by the PhoneNumber row, so attaching a
 * number is claiming its callers: it must be in the configured Twilio account (looked up there) or bought
 * through Leadline, and a number another business let go rests in quarantine first, so its old callers do
 * not reach a new tenant the next minute.
 */
import { enforcePlanLimit } from '../billing/limits.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { conflict, Problem } from '../http/problem.ts';

export const twilioMissing = () =>
  new Problem(
    503,
    'telephony-unavailable',
    'Telephony not configured',
    'Numbers can only be attached from the configured Twilio account, and TWILIO_ACCOUNT_SID is not set.',
  );

export const notOwned = (e164: string) =>
  new Problem(
    422,
    'number-not-owned',
    'Number not in the Twilio account',
    `${e164} is not a number of this Leadline service's Twilio account. Buy one through Leadline (POST …/phone-numbers/search, then …/phone-numbers/purchase) or ask the operator to port it in.`,
  );

/** Refuses a number that is attached elsewhere or still in quarantine after another business detached it. */
export async function checkAttachable(tx: Tx, businessId: string, e164: string): Promise<void> {
  const taken = await tx.phoneNumber.findUnique({ where: { e164 }, select: { businessId: true } });
  if (taken) throw conflict(`${e164} is already attached to a business`);
  const resting = await tx.releasedNumber.findUnique({ where: { e164 } });
  if (resting && resting.fromBusinessId !== businessId && resting.availableAt > new Date())
    throw new Problem(
      409,
      'number-quarantined',
      'Number in quarantine',
      `${e164} was detached from another business recently; it can be attached from ${resting.availableAt.toISOString()}.`,
      { availableAt: resting.availableAt.toISOString() },
    );
}

/** The number and its label in one statement, after the checks, all inside the caller's transaction. */
export async function insertNumber(
  tx: Tx,
  p: { businessId: string; e164: string; label: string | null; twilioSid: string | null },
  opts: { billingOn: boolean },
) {
  // Serialises attaches of one number, so quarantine and uniqueness are checked against a settled state.
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`number:${p.e164}`}))`;
  await checkAttachable(tx, p.businessId, p.e164);
  await enforcePlanLimit(tx, { businessId: p.businessId, limit: 'phoneNumbers', billingOn: opts.billingOn });
  await tx.releasedNumber.deleteMany({ where: { e164: p.e164 } });
  return tx.phoneNumber.create({ data: p, select: { id: true, e164: true, label: true } });
}

/** Detaches and starts the quarantine; false when the business has no such number. */
export async function releaseNumber(ctx: AppContext, businessId: string, numberId: string) {
  return ctx.db.$transaction(async (tx) => {
    const n = await tx.phoneNumber.findFirst({ where: { id: numberId, businessId } });
    if (!n) return null;
    await tx.phoneNumber.delete({ where: { id: n.id } });
    const availableAt = new Date(Date.now() + ctx.config.NUMBER_QUARANTINE_DAYS * 86_400_000);
    await tx.releasedNumber.upsert({
      where: { e164: n.e164 },
      create: { e164: n.e164, fromBusinessId: businessId, availableAt },
      update: { fromBusinessId: businessId, availableAt },
    });
    return { e164: n.e164, availableAt };
  });
}
