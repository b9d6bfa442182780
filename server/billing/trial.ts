import type { Db, Tx } from '../db/client.ts';
import { record } from './ledger.ts';
import { TRIAL_SECONDS } from './plans.ts';

/**
 * The trial's one-time allowance. Self-service, it is once per owner account, not per business: a verified
 * owner could otherwise mint free minutes by creating businesses. An operator's business (`create-business`)
 * gets its own. The key makes each once, whichever path grants it first.
 */
export function grantTrial(
  db: Pick<Db | Tx, '$executeRaw'>,
  businessId: string,
  ownerAccountId?: string,
): Promise<boolean> {
  return record(db, {
    businessId,
    kind: 'trial',
    seconds: TRIAL_SECONDS,
    key: ownerAccountId ? `trial:owner:${ownerAccountId}` : `trial:${businessId}`,
    note: 'trial minutes',
  });
}

/** When an owner proves their e-mail, their oldest business without trial minutes gets the owner's trial. */
export async function grantTrialsOfOwner(db: Db | Tx, accountId: string): Promise<void> {
  const first = await db.membership.findFirst({
    where: { accountId, role: 'owner', business: { minutes: { none: { kind: 'trial' } } } },
    orderBy: { createdAt: 'asc' },
    select: { businessId: true },
  });
  if (first) await grantTrial(db, first.businessId, accountId);
}

/**
 * At creation. `ownerAccountId` is the self-service owner to check: their business gets the trial now
 * only if they are verified (else when they verify) and have not had it. Without one (an operator's action)
 * it is granted now.
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
  await grantTrial(tx, businessId, ownerAccountId);
}
