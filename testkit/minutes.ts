import { randomUUID } from 'node:crypto';
import { record } from '../server/billing/ledger.ts';
import type { Db } from '../server/db/client.ts';

/** Brings a business's balance to `seconds` the way an operator would: one ledger adjustment. */
export async function setBalance(db: Db, businessId: string, seconds: number): Promise<void> {
  const { secondsBalance } = await db.business.findUniqueOrThrow({
    where: { id: businessId },
    select: { secondsBalance: true },
  });
  await record(db, {
    businessId,
    kind: 'adjustment',
    seconds: seconds - secondsBalance,
    key: `test:${randomUUID()}`,
    note: 'test',
  });
}
