/**
 * enqueueBackfill, what connecting a CRM (server/oauth/install.ts), the backfill route and the CLI run:
 * leads from before the connection, within the window, become pending with their calls and a job, and sync;
 * synced ones are never queued twice, failed ones are given another go.
 */
import { describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { enqueueBackfill } from '../../server/sync/outbox.ts';
import { runPush } from '../../server/sync/push.ts';
import { leadSpec, statusCounts, writeLeads } from '../../testkit/seed-leads.ts';
import { hubAccount, useHubApp } from '../../testkit/hubspot-account.ts';

const app = useHubApp();

describe('backfill', () => {
  it('queues the older leads of the window (not just 0), syncs them, and never queues a synced one twice', async () => {
    const { db } = app().ctx;
    const biz = await createBusiness(db, { name: 'Older Leads Plumbing' });
    const specs = Array.from({ length: 4 }, (_, i) => leadSpec(`bf-${biz.id}`, i));
    const written = await writeLeads(db, biz.id, specs); // no connection yet: nothing queued
    await db.lead.update({
      where: { id: written[3]!.leadId },
      data: { createdAt: new Date(Date.now() - 40 * 86_400_000) },
    });
    await db.lead.update({
      where: { id: written[2]!.leadId },
      data: { createdAt: new Date(Date.now() - 29 * 86_400_000) },
    });
    const { ctx, conn, standin, account } = await hubAccount(app(), { businessId: biz.id });
    expect(await db.syncRecord.count({ where: { connectionId: conn.id } })).toBe(0);

    const queued = await db.$transaction((tx) =>
      enqueueBackfill(tx, { connectionId: conn.id, businessId: biz.id, days: 30 }),
    );
    expect(queued).toEqual({ leads: 3, calls: 3 });
    expect(await statusCounts(db, conn.id)).toEqual({ pending: 3 });
    const jobs = await db.$queryRaw<
      { n: number }[]
    >`select count(*)::int as n from graphile_worker.jobs where key = ${`sync.push:${conn.id}`}`;
    expect(jobs[0]!.n).toBe(1);

    expect(await runPush(ctx, conn.id)).toMatchObject({ synced: 3, failed: 0 });
    expect(
      standin
        .contacts(account.hubId)
        .map((c) => c.properties.phone)
        .sort(),
    ).toEqual(
      specs
        .slice(0, 3)
        .map((s) => s.phone)
        .sort(),
    );
    expect(standin.calls(account.hubId)).toHaveLength(3);
    expect(await db.syncRecord.count({ where: { connectionId: conn.id, localId: written[3]!.leadId } })).toBe(0);

    // Again (a reconnect, a second CLI run): synced leads stay synced; a failed one goes again.
    await db.syncRecord.updateMany({
      where: { connectionId: conn.id, kind: 'lead', localId: written[0]!.leadId },
      data: { status: 'failed', attempts: 12, lastError: 'gave up' },
    });
    const again = await db.$transaction((tx) =>
      enqueueBackfill(tx, { connectionId: conn.id, businessId: biz.id, days: 30 }),
    );
    expect(again).toEqual({ leads: 1, calls: 0 });
    expect(
      await db.syncRecord.findFirstOrThrow({
        where: { connectionId: conn.id, kind: 'lead', localId: written[0]!.leadId },
      }),
    ).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    await runPush(ctx, conn.id);
    expect(await statusCounts(db, conn.id)).toEqual({ synced: 3 });
    expect(standin.contacts(account.hubId)).toHaveLength(3);
    expect(standin.calls(account.hubId)).toHaveLength(3);
  });
});
