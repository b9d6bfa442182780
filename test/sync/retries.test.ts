/**
 * When work goes again: transient failures back off exponentially (DUE_DELAY) and give up after
 * MAX_ATTEMPTS with the last reason; waits of our own request budget (a vendor's daily limit) never count
 * as attempts: the records stay pending as they were and one job comes back when the wait ends.
 */
import { describe, expect, it } from 'vitest';
import { ConnectorError, type SyncContext } from '../../connectors/types.ts';
import type { AppContext } from '../../server/context.ts';
import { hubspotManifest } from '../../connectors/hubspot/manifest.ts';
import { budgetPrefix, createDbBudget } from '../../server/sync/budget.ts';
import { claimDue, nextDueMs } from '../../server/sync/claim.ts';
import { ensurePush } from '../../server/sync/outbox.ts';
import { MAX_ATTEMPTS } from '../../server/sync/outcomes.ts';
import { runPush } from '../../server/sync/push.ts';
import { leadSpec, statusCounts, writeLeads } from '../../testkit/seed-leads.ts';
import { hubAccount, useHubApp } from '../../testkit/hubspot-account.ts';

const app = useHubApp();

const records = (ctx: AppContext, connectionId: string) =>
  ctx.db.syncRecord.findMany({
    where: { connectionId, kind: { in: ['lead', 'call'] } },
    orderBy: { id: 'asc' },
    select: { id: true, kind: true, status: true, attempts: true, lastError: true, updatedAt: true },
  });

/** As if `ms` had passed since every record of the connection last changed. */
const age = (ctx: AppContext, connectionId: string, ms: number) =>
  ctx.db
    .$executeRaw`update "SyncRecord" set "updatedAt" = "updatedAt" - make_interval(secs => ${ms / 1000}::float8) where "connectionId" = ${connectionId}::uuid`;

/** The vendor's limit resets: the account's pauses end (its rolling-window slots stay). */
const endPause = (ctx: AppContext, hubId: number) =>
  ctx.db.rateWindow.updateMany({
    where: { key: { startsWith: budgetPrefix('hubspot', String(hubId)), endsWith: ':pause' } },
    data: { pausedUntil: null },
  });

const followUps = (ctx: AppContext, connectionId: string) =>
  ctx.db.$queryRaw<
    { run_at: Date }[]
  >`select run_at from graphile_worker.jobs where key = ${`sync.push:${connectionId}`}`;

/** A connector whose every request fails the way a HubSpot outage does, with a different reason each round. */
function outage(reason: () => string) {
  return (sc: SyncContext): SyncContext => ({
    ...sc,
    budget: {
      take: async (bucket, cost) => {
        await sc.budget.take(bucket, cost);
        throw new ConnectorError('transient', reason(), { httpStatus: 503 });
      },
      pause: (b, ms) => sc.budget.pause(b, ms),
    },
  });
}

describe('backoff', () => {
  it('retries after 2^(n-1) s × [0.5, 1.5), failed together come back together, and gives up after MAX_ATTEMPTS with the last reason', async () => {
    const { ctx, conn, businessId, standin } = await hubAccount(app());
    await writeLeads(ctx.db, businessId, [leadSpec('bo', 0), leadSpec('bo', 1)]);
    let round = 0;
    const wrapContext = outage(() => `HubSpot answered 503 (round ${round})`);

    for (round = 1; round < MAX_ATTEMPTS; round++) {
      const before = Date.now();
      const r = await runPush(ctx, conn.id, { wrapContext, inlineWaitMs: 0 });
      // One batch: the failed records were not claimed again before their delay.
      expect({ round, batches: r.batches, retried: r.retried, failed: r.failed }).toEqual({
        round,
        batches: 1,
        retried: 2,
        failed: 0,
      });
      const recs = await records(ctx, conn.id);
      expect(recs.map((x) => [x.status, x.attempts, x.lastError])).toEqual(
        recs.map(() => ['pending', round, `HubSpot answered 503 (round ${round})`]),
      );
      // Both failed in one statement: same time, same jitter, so they come back as one batch.
      expect(new Set(recs.map((x) => x.updatedAt.getTime())).size).toBe(1);

      const base = Math.min(3600, 2 ** (round - 1)) * 1000;
      const due = (await nextDueMs(ctx.db, conn.id))!;
      const after = Date.now();
      expect(due).toBeGreaterThanOrEqual(base * 0.5 - (after - before));
      expect(due).toBeLessThanOrEqual(base * 1.5);
      expect(await claimDue(ctx.db, conn.id, 10)).toEqual([]);
      // The follow-up job is queued for when they are due.
      expect(r.nextRunAt!.getTime()).toBeGreaterThanOrEqual(before + due - 250);
      expect(r.nextRunAt!.getTime()).toBeLessThanOrEqual(after + due + 250);

      if (round === 1) {
        await new Promise((ok) => setTimeout(ok, due + 50));
        expect((await claimDue(ctx.db, conn.id, 10)).map((c) => c.attempts)).toEqual([1, 1]);
      } else await age(ctx, conn.id, base * 1.5);
    }

    const last = await runPush(ctx, conn.id, { wrapContext, inlineWaitMs: 0 });
    expect(last).toMatchObject({ batches: 1, failed: 2, retried: 0, nextRunAt: null });
    const recs = await records(ctx, conn.id);
    expect(recs.map((x) => [x.status, x.attempts, x.lastError])).toEqual(
      recs.map(() => [
        'failed',
        MAX_ATTEMPTS,
        `gave up after ${MAX_ATTEMPTS} attempts: HubSpot answered 503 (round ${MAX_ATTEMPTS})`,
      ]),
    );
    expect(await nextDueMs(ctx.db, conn.id)).toBeNull();
    expect(standin.stats().total).toBe(0);
  });

  it('caps the delay at an hour (× jitter) however many attempts', async () => {
    const { ctx, conn, businessId } = await hubAccount(app());
    await writeLeads(ctx.db, businessId, [leadSpec('cap', 0)]);
    await ctx.db.syncRecord.updateMany({ where: { connectionId: conn.id, kind: 'lead' }, data: { attempts: 20 } });
    await age(ctx, conn.id, 1_790_000); // under half an hour: not due whatever the jitter
    expect(await claimDue(ctx.db, conn.id, 10)).toEqual([]);
    const due = (await nextDueMs(ctx.db, conn.id))!;
    expect(due).toBeGreaterThan(0);
    expect(due).toBeLessThanOrEqual(5_400_000 - 1_790_000);
    await age(ctx, conn.id, 5_400_000 - 1_790_000); // 1.5 h in all: due whatever the jitter
    expect(await claimDue(ctx.db, conn.id, 10)).toHaveLength(1);
  });
});

describe('budget waits', () => {
  it('an account paused for an hour leaves its records pending and untouched, with one job at the pause end', async () => {
    const { ctx, conn, businessId, standin, account } = await hubAccount(app());
    await writeLeads(ctx.db, businessId, [leadSpec('rl', 0), leadSpec('rl', 1), leadSpec('rl', 2)]);
    // One of them is on its last attempt: a rate limit must not be what fails it.
    const [lastChance] = await ctx.db.syncRecord.findMany({ where: { connectionId: conn.id, kind: 'lead' }, take: 1 });
    await ctx.db.syncRecord.update({ where: { id: lastChance!.id }, data: { attempts: MAX_ATTEMPTS - 1 } });
    await age(ctx, conn.id, 7_200_000); // due now, even the one on its last attempt
    const budget = createDbBudget(ctx.db, {
      prefix: budgetPrefix('hubspot', String(account.hubId)),
      limits: hubspotManifest.limits,
    });
    await budget.pause('*', 3_600_000); // e.g. HubSpot's DAILY limit
    const pauseEnd = Date.now() + 3_600_000;
    const before = await records(ctx, conn.id);

    for (let run = 0; run < 3; run++) {
      const r = await runPush(ctx, conn.id);
      expect(r).toMatchObject({ batches: 1, deferred: 3, retried: 0, failed: 0, synced: 0 });
      expect(Math.abs(r.nextRunAt!.getTime() - pauseEnd)).toBeLessThan(10_000);
      expect(await records(ctx, conn.id)).toEqual(before);
    }
    expect(
      before
        .filter((x) => x.kind === 'lead')
        .map((x) => x.attempts)
        .sort(),
    ).toEqual([0, 0, MAX_ATTEMPTS - 1]);
    expect(standin.stats().total).toBe(0);

    const jobs = await followUps(ctx, conn.id);
    expect(jobs).toHaveLength(1);
    expect(Math.abs(jobs[0]!.run_at.getTime() - pauseEnd)).toBeLessThan(10_000);
    // The sweeper sees overdue pending work, but does not pull the waiting job forward.
    await ensurePush(ctx.db, conn.id);
    expect((await followUps(ctx, conn.id))[0]!.run_at).toEqual(jobs[0]!.run_at);

    // The pause is over: everything goes, the last-attempt lead included.
    await endPause(ctx, account.hubId);
    const r = await runPush(ctx, conn.id);
    expect(r).toMatchObject({ synced: 3, deferred: 0 });
    expect(await statusCounts(ctx.db, conn.id)).toEqual({ synced: 3 });
    expect(await statusCounts(ctx.db, conn.id, 'call')).toEqual({ synced: 3 });
  });

  it('a pause starting mid-batch defers the rest without an attempt and without duplicates later', async () => {
    const { ctx, conn, businessId, standin, account } = await hubAccount(app());
    await writeLeads(
      ctx.db,
      businessId,
      Array.from({ length: 6 }, (_, i) => leadSpec('mid', i)),
    );
    let takes = 0;
    let first: Promise<unknown> | undefined;
    let paused: Promise<void> | undefined;
    // The first request goes out; then the account hits its daily limit and the connector's pause lands
    // (after the first take has completed: the push's lanes ask for the budget at the same moment, and
    // every later take sees the pause).
    const wrapContext = (sc: SyncContext): SyncContext => ({
      ...sc,
      budget: {
        take: async (bucket, cost) => {
          const n = ++takes;
          if (n === 1) return (first = sc.budget.take(bucket, cost));
          paused ??= (async () => {
            await first;
            await sc.budget.pause('*', 3_600_000);
          })();
          await paused;
          await sc.budget.take(bucket, cost);
        },
        pause: (b, ms) => sc.budget.pause(b, ms),
      },
    });
    const r = await runPush(ctx, conn.id, { wrapContext });
    expect(r).toMatchObject({ deferred: 6, retried: 0, failed: 0 });
    expect(standin.stats().total).toBe(1);
    const recs = await records(ctx, conn.id);
    expect(recs.map((x) => [x.status, x.attempts])).toEqual(recs.map(() => ['pending', 0]));

    await endPause(ctx, account.hubId);
    await runPush(ctx, conn.id);
    expect(await statusCounts(ctx.db, conn.id)).toEqual({ synced: 6 });
    expect(standin.contacts(account.hubId)).toHaveLength(6);
    expect(standin.stats().duplicates).toEqual({ email: [], phone: [] });
    expect(standin.calls(account.hubId)).toHaveLength(6);
  });
});
