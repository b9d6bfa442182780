import type { Db, Tx } from '../db/client.ts';
import { Problem } from '../http/problem.ts';
import { limitsFor, type PlanLimits, planOf } from './plans.ts';

/** The countable limits a plan sets (campaign access is a yes/no, read from `limitsFor`). */
export type CountedLimit = 'phoneNumbers' | 'seats' | 'crmConnections' | 'callbacksPerDay';

const WHAT: Record<CountedLimit, string> = {
  phoneNumbers: 'phone numbers',
  seats: 'seats (members)',
  crmConnections: 'CRM connections',
  callbacksPerDay: 'callbacks a day',
};

/** What the business already uses of a limit; `exceptProvider` leaves out the connection being (re)made. */
async function used(
  db: Pick<Db | Tx, 'phoneNumber' | 'membership' | 'connection' | 'callbackRequest'>,
  businessId: string,
  limit: CountedLimit,
  exceptProvider: string | undefined,
): Promise<number> {
  switch (limit) {
    case 'phoneNumbers':
      return db.phoneNumber.count({ where: { businessId } });
    case 'seats':
      return db.membership.count({ where: { businessId } });
    case 'crmConnections':
      // A disconnected connection keeps its row (and ledger) but no longer takes a place.
      return db.connection.count({
        where: {
          businessId,
          status: { not: 'disconnected' },
          ...(exceptProvider ? { provider: { not: exceptProvider } } : {}),
        },
      });
    case 'callbacksPerDay':
      // A rolling day: no reset at midnight in some zone for a burst to straddle.
      return db.callbackRequest.count({
        where: { businessId, createdAt: { gt: new Date(Date.now() - 86_400_000) } },
      });
  }
}

export const planLimitProblem = (planName: string, limit: CountedLimit, allowed: number) =>
  new Problem(
    403,
    'plan-limit',
    'Plan limit reached',
    `The ${planName} plan allows ${allowed} ${WHAT[limit]}; this business has reached that. Upgrade the plan to add more.`,
    { plan: planName.toLowerCase(), limit, allowed },
  );

export interface LimitCheck {
  businessId: string;
  limit: CountedLimit;
  /** Billing on (STRIPE_SECRET_KEY set); off, every business works under the largest plan's limits. */
  billingOn: boolean;
  /** For crmConnections: the provider being connected (its own row, if any, is not counted against it). */
  provider?: string;
}

/**
 * Refuses (403 plan-limit) when adding one more would go past the business's plan. Call it inside the
 * transaction that adds the row: it takes a per-business, per-limit transaction lock first, so two
 * requests racing for the last place are counted one after the other and only one gets it.
 */
export async function enforcePlanLimit(tx: Tx, c: LimitCheck): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`plan-limit:${c.limit}:${c.businessId}`}))`;
  await checkPlanLimit(tx, c);
}

/**
 * The same check without the lock, for refusing early (before an OAuth round trip); the write that
 * follows must still call `enforcePlanLimit`.
 */
export async function checkPlanLimit(db: Db | Tx, c: LimitCheck): Promise<void> {
  const b = await db.business.findUniqueOrThrow({ where: { id: c.businessId }, select: { plan: true } });
  const limits: PlanLimits = limitsFor(b.plan, c.billingOn);
  const allowed = limits[c.limit];
  if ((await used(db, c.businessId, c.limit, c.provider)) + 1 > allowed)
    throw planLimitProblem(c.billingOn ? planOf(b.plan).name : 'self-hosted', c.limit, allowed);
}
