/**
 * Campaign lifecycle: create (checked against the business's numbers and plan), start (plans one target
 * per contact and queues the first tick), pause, resume, cancel, and live progress. Every change is one
 * transaction with its audit row.
 */
import { audit } from '../auth/audit.ts';
import { limitsFor, planOf } from '../billing/plans.ts';
import { PLATFORM_LIMITS } from '../businesses/dial-policy.ts';
import type { Db, Tx } from '../db/client.ts';
import { conflict, notFound, Problem } from '../http/problem.ts';
import { enqueue } from '../jobs/enqueue.ts';
import { dailyLimitResetsAt } from './daily-limit.ts';
import type { CreateCampaign } from './schema.ts';
import { clampWindow } from './window.ts';

const fieldProblem = (status: number, path: string, message: string) =>
  new Problem(status, 'validation', 'Invalid request', `${path}: ${message}`, { errors: [{ path, message }] });

export interface Actor {
  accountId: string;
  ip: string | undefined;
}

/** The first tick of a campaign, or the next one (one pending tick per campaign: the job key). */
export const queueTick = (tx: Tx, campaignId: string, runAt?: Date) =>
  enqueue(
    tx,
    'campaign.tick',
    { campaignId },
    {
      jobKey: `campaign-tick:${campaignId}`,
      maxAttempts: 5,
      ...(runAt ? { runAt } : {}),
    },
  );

export async function createCampaign(
  db: Db,
  businessId: string,
  body: CreateCampaign,
  actor: Actor,
  billingOn: boolean,
) {
  const b = await db.business.findUniqueOrThrow({
    where: { id: businessId },
    select: { plan: true, numbers: { where: { e164: body.callerId }, select: { id: true } } },
  });
  // Caller ID is someone's identity: only a number this business holds, or nothing is written.
  if (!b.numbers.length) throw fieldProblem(400, 'callerId', "not one of this business's phone numbers");
  const limits = limitsFor(b.plan, billingOn);
  const planName = billingOn ? planOf(b.plan).name : 'self-hosted';
  if (!limits.campaigns)
    throw new Problem(403, 'plan-limit', 'Plan limit reached', `The ${planName} plan has no campaigns`, {
      plan: planName.toLowerCase(),
      limit: 'campaigns',
      allowed: 0,
    });
  // A plan never lifts pacing past the platform's ceilings (PLATFORM_LIMITS), whatever it says.
  const concurrent = Math.min(limits.campaignConcurrentCalls, PLATFORM_LIMITS.campaignConcurrentCalls);
  const perMinute = Math.min(limits.campaignCallsPerMinute, PLATFORM_LIMITS.campaignCallsPerMinute);
  if (body.maxConcurrent > concurrent)
    throw fieldProblem(422, 'maxConcurrent', `the ${planName} plan allows at most ${concurrent}`);
  if (body.callsPerMinute > perMinute)
    throw fieldProblem(422, 'callsPerMinute', `the ${planName} plan allows at most ${perMinute}`);
  const w = clampWindow(body.window.start, body.window.end);
  if (w.end - w.start < 15)
    throw fieldProblem(422, 'window', 'within 08:00–21:00 recipient time the window must be at least 15 minutes');
  const list = await db.leadList.findFirst({ where: { id: body.listId, businessId }, select: { id: true } });
  if (!list) throw fieldProblem(422, 'listId', 'no such list in this business');

  return db.$transaction(async (tx) => {
    const c = await tx.campaign.create({
      data: {
        businessId,
        listId: body.listId,
        name: body.name,
        goal: body.goal,
        script: body.script,
        greeting: body.greeting,
        disclosure: body.disclosure,
        voice: body.voice,
        callerId: body.callerId,
        windowStartMinute: w.start,
        windowEndMinute: w.end,
        days: [...new Set(body.window.days)].sort(),
        maxAttempts: body.maxAttempts,
        retrySpacingMinutes: body.retrySpacingMinutes,
        maxConcurrent: body.maxConcurrent,
        callsPerMinute: body.callsPerMinute,
        machineAction: body.machineAction,
        voicemailMessage: body.voicemailMessage ?? null,
        createdById: actor.accountId,
      },
    });
    await audit(tx, { action: 'campaign.created', accountId: actor.accountId, businessId, target: c.id, ip: actor.ip });
    return c;
  });
}

/** The campaign of this business, locked for the transaction; 404 for anyone else's. */
async function lockCampaign(tx: Tx, businessId: string, campaignId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    select "id" from "Campaign" where "id" = ${campaignId}::uuid and "businessId" = ${businessId}::uuid for update`;
  if (!rows.length) throw notFound('Campaign');
  return tx.campaign.findUniqueOrThrow({ where: { id: campaignId } });
}

export type Transition = 'start' | 'pause' | 'resume' | 'cancel';

/**
 * Start plans one target per contact (zone: the contact's, else the business's) in one statement and
 * queues the first tick. Pause and cancel take effect at the next claim and at dial time (both read the
 * status); resume queues a tick at once.
 */
export async function transition(db: Db, businessId: string, campaignId: string, t: Transition, actor: Actor) {
  return db.$transaction(async (tx) => {
    const c = await lockCampaign(tx, businessId, campaignId);
    const now = new Date();
    const allowed: Record<Transition, string[]> = {
      start: ['draft'],
      pause: ['running'],
      resume: ['paused'],
      cancel: ['draft', 'running', 'paused'],
    };
    if (!allowed[t].includes(c.status)) throw conflict(`A ${c.status} campaign cannot ${t}`);
    if (t === 'start') {
      await tx.$executeRaw`
        insert into "CampaignTarget" ("id", "campaignId", "contactId", "businessId", "phone", "timeZone", "nextAttemptAt", "updatedAt")
        select gen_random_uuid(), ${c.id}::uuid, lc."id", lc."businessId", lc."phone", coalesce(lc."timeZone", b."timezone"), ${now}, ${now}
        from "ListContact" lc join "Business" b on b."id" = lc."businessId"
        where lc."listId" = ${c.listId}::uuid and lc."businessId" = ${businessId}::uuid
        on conflict ("campaignId", "contactId") do nothing`;
    }
    const status = t === 'pause' ? 'paused' : t === 'cancel' ? 'cancelled' : 'running';
    const updated = await tx.campaign.update({
      where: { id: c.id },
      data: {
        status,
        ...(t === 'start' ? { startedAt: now } : {}),
        ...(t === 'pause' ? { pausedAt: now } : {}),
        ...(t === 'resume' ? { pausedAt: null } : {}),
        ...(t === 'cancel' ? { finishedAt: now } : {}),
      },
    });
    if (status === 'running') await queueTick(tx, c.id);
    await audit(tx, {
      action: `campaign.${t === 'start' ? 'started' : t === 'pause' ? 'paused' : t === 'resume' ? 'resumed' : 'cancelled'}`,
      accountId: actor.accountId,
      businessId,
      target: c.id,
      ip: actor.ip,
    });
    return updated;
  });
}

/** Live counts: targets by state, dials made, and outcomes so far; and whether the day's dials are used up. */
export async function progressOf(db: Db | Tx, campaignId: string, businessId: string) {
  return (await progressOfMany(db, [campaignId], businessId)).get(campaignId)!;
}

/** progressOf for a page of one business's campaigns, in four queries whatever the page's size. */
export async function progressOfMany(db: Db | Tx, ids: string[], businessId: string) {
  const [states, outcomes, dials, resetsAt] = await Promise.all([
    db.campaignTarget.groupBy({
      by: ['campaignId', 'state'],
      where: { campaignId: { in: ids } },
      _count: { _all: true },
    }),
    db.campaignTarget.groupBy({
      by: ['campaignId', 'outcome'],
      where: { campaignId: { in: ids }, outcome: { not: null } },
      _count: { _all: true },
    }),
    db.campaignDial.groupBy({ by: ['campaignId'], where: { campaignId: { in: ids } }, _count: { _all: true } }),
    dailyLimitResetsAt(db, businessId),
  ]);
  return new Map(
    ids.map((id) => {
      const mine = states.filter((x) => x.campaignId === id);
      const n = (s: string) => mine.find((x) => x.state === s)?._count._all ?? 0;
      return [
        id,
        {
          targets: mine.reduce((a, x) => a + x._count._all, 0),
          pending: n('pending'),
          dialling: n('dialling'),
          done: n('done'),
          dials: dials.find((d) => d.campaignId === id)?._count._all ?? 0,
          outcomes: Object.fromEntries(
            outcomes.filter((o) => o.campaignId === id).map((o) => [o.outcome!, o._count._all]),
          ),
          dailyLimitResetsAt: resetsAt?.toISOString() ?? null,
        },
      ];
    }),
  );
}
