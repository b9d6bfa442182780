import type { Db, Tx } from '../db/client.ts';

/** Where a number on a do-not-call list came from. */
export type DoNotCallSource = 'manual' | 'import' | 'call_opt_out' | 'sms_stop' | 'platform';

export type DialBlock = 'business_do_not_call' | 'platform_do_not_call' | 'sms_stop';

/**
 * Puts a number on a business's list, or the platform's when `businessId` is null. Idempotent: a number
 * already listed keeps its first row (its source and time are the record of when it was asked).
 */
export async function addToDoNotCall(
  tx: Tx | Db,
  entry: { businessId: string | null; phone: string; source: DoNotCallSource; note?: string; createdById?: string },
): Promise<void> {
  const existing = await tx.doNotCall.findFirst({
    where: { businessId: entry.businessId, phone: entry.phone },
    select: { id: true },
  });
  if (existing) return;
  await tx.doNotCall.create({
    data: {
      businessId: entry.businessId,
      phone: entry.phone,
      source: entry.source,
      note: entry.note ?? null,
      createdById: entry.createdById ?? null,
    },
  });
}

/**
 * Why a campaign must not dial this number now, or null. Checked at dial time (lists change while a
 * campaign runs): the business's list, the platform's, and numbers that texted STOP.
 */
export async function dialBlockedReason(db: Tx | Db, businessId: string, phone: string): Promise<DialBlock | null> {
  const [listed, smsStop] = await Promise.all([
    db.doNotCall.findFirst({
      where: { phone, OR: [{ businessId }, { businessId: null }] },
      select: { businessId: true },
      orderBy: { createdAt: 'asc' },
    }),
    db.smsOptOut.findUnique({ where: { phone }, select: { phone: true } }),
  ]);
  if (listed) return listed.businessId ? 'business_do_not_call' : 'platform_do_not_call';
  return smsStop ? 'sms_stop' : null;
}
