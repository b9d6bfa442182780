import type { AppContext } from '../context.ts';
import type { Db, Tx } from '../db/client.ts';

/** Thresholds of the period's minutes used at which owners and admins are e-mailed, once each per period. */
export const ALERT_PERCENTS = [80, 100] as const;

/** The highest threshold reached: usage against what the period made available (used + what is left). */
export function alertLevel(usedSeconds: number, balanceSeconds: number): number {
  const available = usedSeconds + Math.max(0, balanceSeconds);
  if (usedSeconds <= 0 || available <= 0) return 0;
  const pct = (usedSeconds / available) * 100;
  return [...ALERT_PERCENTS].reverse().find((t) => pct >= t) ?? 0;
}

type Reader = Pick<Db | Tx, 'minuteEntry' | 'business'>;

/** The threshold the business's usage has reached in the period that began at `periodStart` (all time if none). */
async function levelNow(db: Reader, businessId: string, periodStart: Date | null) {
  const [used, business] = await Promise.all([
    db.minuteEntry.aggregate({
      where: { businessId, kind: 'usage', createdAt: { gte: periodStart ?? new Date(0) } },
      _sum: { seconds: true },
    }),
    db.business.findUniqueOrThrow({ where: { id: businessId }, select: { name: true, secondsBalance: true } }),
  ]);
  return { level: alertLevel(-(used._sum.seconds ?? 0), business.secondsBalance), business };
}

/**
 * After minutes are added within a period (a top-up, an upgrade, an operator's grant): a threshold the
 * usage is now back under is armed again. An owner who topped up after "all minutes used" expects to be
 * told again when the new minutes run low, not silence until the next period.
 */
export async function rearmUsageAlerts(db: Reader & Pick<Db | Tx, 'billingAccount'>, businessId: string) {
  const account = await db.billingAccount.findUnique({ where: { businessId } });
  if (!account || account.alertedPercent === 0) return;
  const { level } = await levelNow(db, businessId, account.periodStart);
  if (level < account.alertedPercent)
    await db.billingAccount.updateMany({
      where: { businessId, alertedPercent: { gt: level } },
      data: { alertedPercent: level },
    });
}

/**
 * After a call is charged: e-mails the business's owners and admins when its usage crosses 80 % or 100 %
 * of the period's minutes. The threshold is claimed with one conditional update first, so concurrent
 * calls ending together send each alert once. Best effort: a failure is logged, the call is unaffected.
 */
export async function checkUsageAlerts(ctx: AppContext, businessId: string): Promise<void> {
  const { db } = ctx;
  try {
    await db.$executeRaw`insert into "BillingAccount" ("businessId", "updatedAt") values (${businessId}::uuid, now()) on conflict do nothing`;
    const account = await db.billingAccount.findUniqueOrThrow({ where: { businessId } });
    const { level, business } = await levelNow(db, businessId, account.periodStart);
    if (level === 0) return;
    const claimed = await db.billingAccount.updateMany({
      where: { businessId, alertedPercent: { lt: level } },
      data: { alertedPercent: level },
    });
    if (claimed.count === 0) return;
    const people = await db.membership.findMany({
      where: { businessId, role: { in: ['owner', 'admin'] } },
      select: { account: { select: { email: true } } },
    });
    const left = Math.max(0, Math.floor(business.secondsBalance / 60));
    const subject =
      level >= 100
        ? `${business.name} has used all its Leadline minutes`
        : `${business.name} has used ${level}% of its Leadline minutes`;
    const text =
      level >= 100
        ? `All minutes for this period are used. New calls are forwarded or go to voicemail instead of the AI receptionist until you add minutes (a top-up or a larger plan) or the next period begins.`
        : `${business.name} has used ${level}% of this period's minutes; ${left} minutes are left. Add a top-up or change plan in billing to keep the AI receptionist answering.`;
    for (const p of people)
      await ctx.mailer.send({ to: p.account.email, subject, text: `${text}\n\n${ctx.config.PUBLIC_BASE_URL}/billing` });
  } catch (err) {
    ctx.log.warn({ err, businessId }, 'usage alert check failed');
  }
}
