/**
 * The PostgreSQL request budget (createDbBudget) itself: the limits every worker process shares. Two budget
 * instances on one prefix stand for two workers on one vendor account.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ConnectorError } from '../../connectors/types.ts';
import { createDb } from '../../server/db/client.ts';
import { budgetWaitOf, createDbBudget, type BucketLimit } from '../../server/sync/budget.ts';

const db = createDb(inject('databaseUrl'), { max: 6 });
afterAll(() => db.$disconnect());

const freshPrefix = () => `budget:test:${randomUUID()}`;

/** Rejects with what take() threw, or fails the test when it let the request through. */
async function refused(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof ConnectorError)) throw new Error(`expected take() to refuse, got ${String(e)}`);
  return e;
}

describe('createDbBudget', () => {
  it('two workers on one account never exceed max takes in any rolling window', async () => {
    const limit: BucketLimit = { max: 4, windowMs: 500, marginMs: 200 };
    const prefix = freshPrefix();
    const workers = [0, 1].map(() => createDbBudget(db, { prefix, limits: { objects: limit } }));
    const stamps: number[] = [];
    const started = Date.now();
    // 2 workers × 2 concurrent senders × 5 requests = 20 takes.
    await Promise.all(
      workers.flatMap((b) =>
        [0, 1].map(async () => {
          for (let i = 0; i < 5; i++) {
            await b.take('objects');
            stamps.push(Date.now());
          }
        }),
      ),
    );
    const elapsed = Date.now() - started;
    stamps.sort((a, b) => a - b);
    expect(stamps).toHaveLength(20);
    // Slots are re-stamped only windowMs + marginMs after their last use, so the (i + max)-th take comes at
    // least a window after the i-th. Stamps here are taken after take() returns; the margin covers that skew.
    const gaps = stamps.slice(limit.max).map((t, i) => t - stamps[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(limit.windowMs);
    // 20 takes at 4 per window need 4 full windows after the first; budgets kept per worker would need 2.
    expect(elapsed).toBeGreaterThanOrEqual(4 * limit.windowMs);
  });

  it("pause('*') pauses every bucket of the account, limited or not; a bucket pause only its bucket", async () => {
    const prefix = freshPrefix();
    const limits = {
      objects: { max: 100, windowMs: 10_000, marginMs: 0 },
      search: { max: 5, windowMs: 1_000, marginMs: 0 },
    };
    const a = createDbBudget(db, { prefix, limits });
    const b = createDbBudget(db, { prefix, limits, maxWaitMs: 1_000 });
    await b.take('objects');

    await a.pause('search', 60_000);
    await b.take('objects'); // other buckets still go
    const search = await refused(b.take('search'));
    expect(search.retryAfterMs).toBeGreaterThan(58_000);

    await a.pause('*', 3_600_000);
    for (const bucket of ['objects', 'search', 'unlimited']) {
      const e = await refused(b.take(bucket));
      expect(e.kind).toBe('transient');
      expect(e.retryAfterMs).toBeGreaterThan(3_590_000);
      // The pause is stored to the millisecond (rounded, so up to 0.5 ms later) and the wait rounded up.
      expect(e.retryAfterMs).toBeLessThanOrEqual(3_600_001);
      expect(budgetWaitOf(e)).toBe(e);
    }
    // A shorter pause never shortens a longer one.
    await a.pause('*', 1_000);
    expect((await refused(b.take('objects'))).retryAfterMs).toBeGreaterThan(3_590_000);
    // Another account is not affected.
    await createDbBudget(db, { prefix: freshPrefix(), limits, maxWaitMs: 1_000 }).take('objects');
  });

  it('sits out a wait up to maxWaitMs and throws transient with retryAfterMs beyond it', async () => {
    const prefix = freshPrefix();
    const limits = { api: { max: 1, windowMs: 10_000, marginMs: 0 } };
    const budget = createDbBudget(db, { prefix, limits, maxWaitMs: 2_000 });

    await budget.pause('api', 300);
    const t0 = Date.now();
    await budget.take('api'); // a 300 ms pause is waited out
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);

    // The one slot is used for 10 s: longer than maxWaitMs, so no sleeping inside the job.
    const t1 = Date.now();
    const full = await refused(budget.take('api'));
    expect(Date.now() - t1).toBeLessThan(1_000);
    expect(full).toMatchObject({ kind: 'transient', httpStatus: null });
    expect(full.retryAfterMs).toBeGreaterThan(9_000);
    expect(full.retryAfterMs).toBeLessThanOrEqual(10_000);
    expect(full.message).toMatch(/api window full/);
    expect(budgetWaitOf(new ConnectorError('transient', 'wrapped', { cause: full }))).toBe(full);

    // Slot rows deleted under a running process (a manual cleanup) are made again instead of waited on forever.
    await db.rateWindow.deleteMany({ where: { key: { startsWith: prefix } } });
    await budget.take('api');
    expect(await db.rateWindow.count({ where: { key: { startsWith: `${prefix}:api:` } } })).toBe(1);

    const tooBig = await refused(budget.take('api', 2));
    expect(tooBig.kind).toBe('permanent');
    expect(budgetWaitOf(tooBig)).toBeNull();
  });

  it("re-stamps a slot when the vendor's answer arrives, so a slow request's slot frees a window after its answer", async () => {
    const prefix = freshPrefix();
    const limit: BucketLimit = { max: 1, windowMs: 10_000, marginMs: 0 };
    const budget = createDbBudget(db, { prefix, limits: { api: limit }, maxWaitMs: 60_000 });
    const stamp = async () =>
      (await db.rateWindow.findUniqueOrThrow({ where: { key: `${prefix}:api:0` } })).windowStart.getTime();

    const taken = await budget.take('api');
    const atTake = await stamp();
    await new Promise((r) => setTimeout(r, 400)); // the request in flight
    taken!.answered();
    await expect.poll(stamp).toBeGreaterThanOrEqual(atTake + 400);
    // The slot is now held a full window from the answer: a take waits that long, not from the take.
    const full = await refused(createDbBudget(db, { prefix, limits: { api: limit }, maxWaitMs: 1_000 }).take('api'));
    expect(full.retryAfterMs).toBeGreaterThan(9_000);
    expect((await stamp()) - atTake).toBeGreaterThanOrEqual(400);

    // Never moved back: a late answer of an older request does not shorten a newer stamp.
    const newer = await stamp();
    await db.$executeRaw`update "RateWindow" set "windowStart" = "windowStart" + interval '5 seconds' where "key" = ${`${prefix}:api:0`}`;
    taken!.answered();
    await new Promise((r) => setTimeout(r, 200));
    expect(await stamp()).toBe(newer + 5_000);
  });
});
