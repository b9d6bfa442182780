import type Stripe from 'stripe';
import type { Config } from '../config.ts';
import type { Tx } from '../db/client.ts';
import type { BillingAccount } from '../db/generated/client.ts';
import type { BillingStatus } from '../db/generated/enums.ts';
import { rearmUsageAlerts } from './alerts.ts';
import { record } from './ledger.ts';
import { planOfPrice } from './plans.ts';

const at = (epochSeconds: number) => new Date(epochSeconds * 1000);

/** Stripe's subscription status in our terms; null leaves ours as it is (checkout not finished yet). */
export function statusOfSubscription(s: Stripe.Subscription.Status): BillingStatus | null {
  switch (s) {
    case 'active':
    case 'trialing':
      return 'active';
    case 'past_due':
      return 'past_due';
    case 'unpaid':
    case 'paused':
      return 'restricted';
    case 'canceled':
    case 'incomplete_expired':
      return 'canceled';
    default:
      return null;
  }
}

/**
 * The business's billing row, locked for the rest of the transaction, found by subscription, customer or
 * the business id Leadline put in the metadata. Everything a webhook changes happens under this lock,
 * after re-reading Stripe, so events handled at the same time or out of order still end at Stripe's state.
 */
export async function lockAccount(
  tx: Tx,
  ref: { subscriptionId?: string | null; customerId?: string | null; businessId?: string | null },
): Promise<BillingAccount | null> {
  const rows = await tx.$queryRaw<{ businessId: string }[]>`
    select "businessId" from "BillingAccount"
    where (${ref.subscriptionId ?? null}::text is not null and "stripeSubscriptionId" = ${ref.subscriptionId ?? null})
       or (${ref.customerId ?? null}::text is not null and "stripeCustomerId" = ${ref.customerId ?? null})
       or (${ref.businessId ?? null}::text is not null and "businessId" = ${ref.businessId ?? null}::uuid)
    order by "businessId" limit 1 for update`;
  const id = rows[0]?.businessId;
  return id ? tx.billingAccount.findUnique({ where: { businessId: id } }) : null;
}

/** What is left of a period's allowance: usage draws on the allowance first, top-ups after. */
async function unusedAllowance(tx: Tx, a: BillingAccount): Promise<number> {
  if (!a.periodStart || a.allowanceSeconds <= 0) return 0;
  const used = await tx.minuteEntry.aggregate({
    where: { businessId: a.businessId, kind: 'usage', createdAt: { gte: a.periodStart } },
    _sum: { seconds: true },
  });
  const b = await tx.business.findUniqueOrThrow({ where: { id: a.businessId }, select: { secondsBalance: true } });
  return Math.max(0, Math.min(b.secondsBalance, a.allowanceSeconds + (used._sum.seconds ?? 0)));
}

/**
 * Brings a locked billing row to what the subscription (as just read from Stripe) says: status, plan,
 * period (`unpaidSince`: its latest invoice is still open after a payment attempt, so it is past due whatever
 * the subscription says). A new period expires what was left of the last one's allowance and, once paid for (active),
 * grants the plan's minutes; both are ledger entries keyed by subscription and period, so any number of
 * events for the same period grant it once.
 */
export async function applySubscription(
  tx: Tx,
  config: Config,
  account: BillingAccount,
  sub: Stripe.Subscription,
  unpaidSince: Date | null = null,
  now = new Date(),
): Promise<void> {
  // A subscription that ended is not the business's any more once another has replaced it: its late
  // events (a replay of the old one's deletion) must not undo the new one.
  if (
    account.stripeSubscriptionId &&
    account.stripeSubscriptionId !== sub.id &&
    statusOfSubscription(sub.status) === 'canceled'
  )
    return;
  const item = sub.items.data[0];
  const plan = planOfPrice(config, item?.price.id);
  const stated = statusOfSubscription(sub.status) ?? account.status;
  const status = stated === 'active' && unpaidSince ? 'past_due' : stated;
  const periodStart = item ? at(item.current_period_start) : account.periodStart;
  const periodEnd = item ? at(item.current_period_end) : account.periodEnd;
  const newPeriod = Boolean(
    periodStart && (!account.periodStart || periodStart.getTime() > account.periodStart.getTime()),
  );
  const ended = status === 'canceled';
  const base = { businessId: account.businessId, stripeRef: sub.id };

  if ((newPeriod || ended) && account.periodStart && account.allowanceSeconds > 0) {
    const left = await unusedAllowance(tx, account);
    await record(tx, {
      ...base,
      kind: 'expiry',
      seconds: -left,
      key: `expiry:${sub.id}:${account.periodStart.getTime() / 1000}`,
      note: ended ? 'plan ended' : 'period ended',
    });
  }
  let allowanceSeconds = newPeriod || ended ? 0 : account.allowanceSeconds;
  if (status === 'active' && plan && periodStart) {
    const granted = await record(tx, {
      ...base,
      kind: 'grant',
      seconds: plan.monthlyMinutes * 60,
      key: `grant:${sub.id}:${periodStart.getTime() / 1000}`,
      note: `${plan.name} allowance`,
    });
    if (granted || newPeriod) allowanceSeconds = plan.monthlyMinutes * 60;
    else if (plan.monthlyMinutes * 60 > allowanceSeconds) {
      // An upgrade within the period (the portal charges the prorated difference now): the owner gets the
      // bigger allowance now, as the difference. A downgrade keeps what this period granted; the smaller
      // allowance starts with the next period. Keyed by plan, so switching back and forth grants it once.
      await record(tx, {
        ...base,
        kind: 'grant',
        seconds: plan.monthlyMinutes * 60 - allowanceSeconds,
        key: `upgrade:${sub.id}:${periodStart.getTime() / 1000}:${plan.id}`,
        note: `upgraded to ${plan.name}`,
      });
      allowanceSeconds = plan.monthlyMinutes * 60;
    }
  }
  await tx.billingAccount.update({
    where: { businessId: account.businessId },
    data: {
      status,
      stripeSubscriptionId: sub.id,
      periodStart,
      periodEnd,
      allowanceSeconds,
      pastDueSince:
        status === 'past_due'
          ? (account.pastDueSince ?? unpaidSince ?? now)
          : status === 'restricted'
            ? account.pastDueSince
            : null,
      ...(newPeriod ? { alertedPercent: 0, alertPeriodStart: periodStart } : {}),
    },
  });
  // Ended, the business is on no paid plan: it shows (and works under) the trial's plan, status canceled.
  // An incomplete checkout (no status of ours yet) changes no plan: limits follow what is paid for.
  const nowOn = ended ? 'trial' : statusOfSubscription(sub.status) ? plan?.id : undefined;
  if (nowOn) await tx.business.update({ where: { id: account.businessId }, data: { plan: nowOn } });
  await rearmUsageAlerts(tx, account.businessId);
}
