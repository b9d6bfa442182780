import type { Db, Tx } from '../db/client.ts';
import { record } from './ledger.ts';
import { TRIAL_SECONDS } from './plans.ts';

/**
 * The trial's one-time allowance. Only for a business an operator created or whose owner has verified
 * their e-mail; the key makes it once per business whichever path grants it first.
 */
export function grantTrial(db: Pick<Db | Tx, '$executeRaw'>, businessId: string): Promise<boolean> {
  return record(db, {
    businessId,
    kind: 'trial',
    seconds: TRIAL_SECONDS,
    key: `trial:${businessId}`,
    note: 'trial minutes',
  });
}

/** When an owner verifies their e-mail, the businesses they own get their trial minutes. */
export async function grantTrialsOfOwner(db: Db, accountId: string): Promise<void> {
  const owned = await db.membership.findMany({ where: { accountId, role: 'owner' }, select: { businessId: true } });
  for (const m of owned) await grantTrial(db, m.businessId);
}

/**
 * At creation. `ownerAccountId` is the self-service owner to check: their business gets the trial now
 * only if they are verified (else when they verify). Without one (an operator's action) it is granted now.
 */
export async function grantTrialAtCreation(
  tx: Tx,
  businessId: string,
  ownerAccountId: string | undefined,
): Promise<void> {
  if (ownerAccountId) {
    const owner = await tx.account.findUnique({ where: { id: ownerAccountId }, select: { emailVerifiedAt: true } });
    if (!owner?.emailVerifiedAt) return;
  }
  await grantTrial(tx, businessId);
}
