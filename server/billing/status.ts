import type { BillingAccount, Business } from '../db/generated/client.ts';
import type { BillingStatus } from '../db/generated/enums.ts';
import { limitsFor, planOf, TRIAL_SECONDS } from './plans.ts';

const DAY_MS = 86_400_000;

/**
 * The status a business is in now. An unpaid invoice leaves it answering (past_due) for the grace period
 * counted from the first failure, then restricted; derived at read time so no timer has to flip it.
 */
export function effectiveStatus(
  account: Pick<BillingAccount, 'status' | 'pastDueSince'> | null,
  now: Date,
  graceDays: number,
  billingOn: boolean,
): BillingStatus {
  // Self-hosted: the operator's ledger is the only limit; nothing from Stripe can restrict.
  if (!billingOn) return 'active';
  if (!account) return 'trialing';
  if (
    account.status === 'past_due' &&
    account.pastDueSince &&
    now.getTime() - account.pastDueSince.getTime() >= graceDays * DAY_MS
  )
    return 'restricted';
  return account.status;
}

/** Statuses in which the AI answers (while minutes last). */
export const answersWithAi = (s: BillingStatus) => s !== 'restricted';

/** `GET /api/v1/businesses/:id/billing`. */
export function billingView(
  b: Pick<Business, 'plan' | 'secondsBalance' | 'heldSeconds'>,
  account: BillingAccount | null,
  now: Date,
  graceDays: number,
  billingOn: boolean,
) {
  const status = effectiveStatus(account, now, graceDays, billingOn);
  // Once a subscription exists, its row says what this period granted (0 once it ended or while unpaid).
  const subscribed = account?.stripeSubscriptionId && status !== 'trialing';
  return {
    plan: b.plan,
    status,
    balanceSeconds: b.secondsBalance,
    /** Held by calls in progress; what a new call can use is balanceSeconds - reservedSeconds. */
    reservedSeconds: b.heldSeconds,
    allowanceSeconds: subscribed
      ? account.allowanceSeconds
      : b.plan === 'trial'
        ? TRIAL_SECONDS
        : planOf(b.plan).monthlyMinutes * 60,
    periodStart: account?.periodStart?.toISOString() ?? null,
    periodEnd: account?.periodEnd?.toISOString() ?? null,
    graceEndsAt:
      account?.status === 'past_due' && account.pastDueSince
        ? new Date(account.pastDueSince.getTime() + graceDays * DAY_MS).toISOString()
        : null,
    billingEnabled: billingOn,
    limits: limitsFor(b.plan, billingOn),
  };
}
