/**
 * The batch's read of its leads' pending calls keeps its plan on a table whose statistics are not there yet
 * (a backfill has just written thousands of status rows, autovacuum has not analysed them): each call's
 * status row is looked up through the (connectionId, kind, localId) index. Written as a plain join, the
 * planner trusted the missing statistics and walked every pair of rows; the CRM sync bench's first push
 * waited 60 s on it. The join is planned here too, so the test shows the trap is real in this set-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../server/db/client.ts';
import { enqueueBackfill } from '../../server/sync/outbox.ts';
import { pendingCallsQuery } from '../../server/sync/build-batch.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { freshHubId, hubspotConnection, leadSpec, writeLeads } from '../../testkit/seed-leads.ts';

let app: TestApp;
// Its own database: statistics of the shared one depend on what other files wrote before.
let own: Awaited<ReturnType<typeof ownDatabase>>;
beforeAll(async () => {
  own = await ownDatabase('pending_calls_plan');
  app = await startTestApp({ env: { DATABASE_URL: own.url } });
});
afterAll(async () => {
  await app?.close();
  await own?.drop();
});

const plan = async (q: Prisma.Sql) =>
  (await app.ctx.db.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`explain ${q}`))
    .map((r) => r['QUERY PLAN'])
    .join('\n');

describe('the pending-calls read of a batch', { timeout: 60_000 }, () => {
  it('looks each status row up by index on fresh statistics, where a join walks every pair', async () => {
    const db = app.ctx.db;
    // The moment after a backfill, held still: autovacuum would analyse these tables within a minute.
    for (const t of ['SyncRecord', 'Call', 'Lead'])
      await db.$executeRawUnsafe(`alter table "${t}" set (autovacuum_enabled = false)`);
    const { conn, businessId } = await hubspotConnection(app.ctx, { hubId: freshHubId(), token: 't' });
    await db.connection.update({ where: { id: conn.id }, data: { status: 'disconnected' } });
    const leads = await writeLeads(
      db,
      businessId,
      Array.from({ length: 1500 }, (_, i) => leadSpec('plan', i)),
      { concurrency: 8 },
    );
    await db.$transaction(async (tx) => {
      await tx.connection.update({ where: { id: conn.id }, data: { status: 'active' } });
      await enqueueBackfill(tx, { connectionId: conn.id, businessId, days: 30 });
    });
    const leadIds = leads.slice(0, 300).map((l) => l.leadId);

    const ours = await plan(pendingCallsQuery(conn, leadIds));
    expect(ours).toMatch(
      /Index Scan using "SyncRecord_connectionId_kind_localId_key"[\s\S]*"localId" = \(c\.id\)::text/,
    );
    expect(ours).not.toMatch(/Join Filter/);

    // The same read as a plain join: on these statistics its status rows are matched by a filter, pair by pair.
    const join = await plan(Prisma.sql`
      select r."id" from "Call" c join "SyncRecord" r
        on r."connectionId" = ${conn.id}::uuid and r."kind" = 'call' and r."localId" = c."id"::text and r."status" = 'pending'
      where c."businessId" = ${businessId}::uuid and c."leadId" = any(${leadIds}::uuid[])`);
    expect(join).toMatch(
      /Join Filter: \("?r"?\."localId" = \(c\.id\)::text\)|Join Filter: \(\(c\.id\)::text = r\."localId"\)/,
    );

    // And it reads what the batch needs: every claimed lead's pending call, once.
    const rows = await db.$queryRaw<{ leadId: string }[]>(pendingCallsQuery(conn, leadIds));
    expect(new Set(rows.map((r) => r.leadId))).toEqual(new Set(leadIds));
    expect(rows).toHaveLength(300);
  });
});
