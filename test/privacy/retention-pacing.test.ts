/**
 * The sweep's batch size follows how long its statements take (statement-timer.ts): on a database of its
 * own, deleting one business's transcript segments is made really slow (a row trigger that sleeps 2 ms per
 * deleted segment of that business), another's is left fast. The slow one's batches shrink to what fits
 * the statement-time target; the fast one's grow to the configured maximum.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { runRetention } from '../../server/privacy/retention.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { ownDatabase } from '../../testkit/own-database.ts';

let own: Awaited<ReturnType<typeof ownDatabase>>;
let app: TestApp;

beforeAll(async () => {
  own = await ownDatabase('retention_pacing');
  app = await startTestApp({ env: { DATABASE_URL: own.url } });
});
afterAll(async () => {
  await app?.close();
  await own?.drop();
});

/** A business with `calls` calls 200 days old, `segments` transcript segments each. */
async function oldCalls(name: string, calls: number, segments: number) {
  const db = app.ctx.db;
  const b = await createBusiness(db, { name });
  await db.$executeRawUnsafe(`
    insert into "Call" ("id", "businessId", "twilioCallSid", "direction", "status", "startedAt", "updatedAt", "from")
    select gen_random_uuid(), '${b.id}'::uuid, 'CA' || md5(random()::text), 'inbound', 'completed',
           timezone('utc', now()) - interval '200 days' + n * interval '1 minute', now(), '+15125550100'
    from generate_series(1, ${calls}) n`);
  await db.$executeRawUnsafe(`
    insert into "TranscriptSegment" ("id", "callId", "businessId", "seq", "speaker", "text", "at")
    select gen_random_uuid(), c."id", c."businessId", s, 'caller', 'My basement is flooding', c."startedAt"
    from "Call" c cross join generate_series(0, ${segments - 1}) s where c."businessId" = '${b.id}'::uuid`);
  return b;
}

async function sweep(businessId: string, statementMs: number) {
  const batches: number[] = [];
  const report = await runRetention(app.ctx, {
    businessId,
    batchSize: 200,
    statementMs,
    duty: 1,
    onBatch: (step, rows) => step === 'transcriptSegments' && batches.push(rows),
  });
  return { report, batches };
}

describe('the retention sweep steers its batch size by statement time', { timeout: 120_000 }, () => {
  it('shrinks its batches when statements are slow, and uses the full batch size when they are fast', async () => {
    const slow = await oldCalls('Slow Deletes Plumbing', 60, 5);
    const fast = await oldCalls('Fast Deletes Plumbing', 60, 5);
    await app.ctx.db.$executeRawUnsafe(`
      create function retention_test_slow_delete() returns trigger language plpgsql as $$
      begin
        if old."businessId" = '${slow.id}'::uuid then perform pg_sleep(0.002); end if;
        return old;
      end $$`);
    await app.ctx.db.$executeRawUnsafe(`
      create trigger retention_test_slow before delete on "TranscriptSegment"
      for each row execute function retention_test_slow_delete()`);

    const s = await sweep(slow.id, 20);
    expect(s.batches.reduce((a, b) => a + b, 0)).toBe(300);
    // The first statement takes its guess (10 calls, 50 rows: ≥ 100 ms here); every later one fits the target.
    expect(s.batches[0]).toBe(50);
    expect(s.report.longestStatementMs).toBeGreaterThanOrEqual(100);
    expect(Math.max(...s.batches.slice(1))).toBeLessThanOrEqual(20);
    expect(s.report.smallestBatch).toBeLessThanOrEqual(20);
    expect(await app.ctx.db.transcriptSegment.count({ where: { businessId: slow.id } })).toBe(0);

    const f = await sweep(fast.id, 500);
    expect(f.batches.reduce((a, b) => a + b, 0)).toBe(300);
    expect(f.batches).toEqual([50, 200, 50]);
    expect(f.report.smallestBatch).toBe(200);
  });
});
