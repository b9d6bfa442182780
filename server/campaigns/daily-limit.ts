/** The platform's cap on a business's campaign dials per day (PLATFORM_LIMITS.campaignDialsPerDay), read. */
import { PLATFORM_LIMITS } from '../businesses/dial-policy.ts';
import type { Tx } from '../db/client.ts';
import { campaignDialsKey } from './record-dial.ts';

/**
 * When the business's campaign-dial counter (the one every dial counts on, record-dial.ts) resets, if it is
 * used up now; null while dials are left. Its window runs on the database's clock, as the dials count it.
 */
export async function dailyLimitResetsAt(db: Pick<Tx, '$queryRaw'>, businessId: string): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ resetsAt: Date }[]>`
    select "windowStart" + interval '1 day' as "resetsAt" from "RateWindow"
    where "key" = ${campaignDialsKey(businessId)} and "used" >= ${PLATFORM_LIMITS.campaignDialsPerDay}
      and "windowStart" > now() - interval '1 day'`;
  return row?.resetsAt ?? null;
}
