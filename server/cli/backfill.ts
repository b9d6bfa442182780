/**
 * `leadline backfill --business ID --provider P [--days N]`: queues the business's leads of the last N days
 * for the connection and shows a progress bar until every one is synced, failed or parked. It also runs
 * sync workers itself, so it finishes even when no server is running (the per-connection lock keeps it
 * from racing a running server's workers).
 */
import { z } from 'zod';
import { SingleBar, Presets } from 'cli-progress';
import { BUILT_IN_MANIFESTS } from '../../connectors/index.ts';
import { startWorker } from '../jobs/worker.ts';
import { prepare } from '../runtime.ts';
import { enqueueBackfill } from '../sync/outbox.ts';
import { findConnector, findManifest } from '../sync/registry.ts';
import { syncTasks } from '../sync/tasks.ts';
import type { Command } from './command.ts';

type Counts = { synced: number; failed: number; parked: number };

/**
 * A progress bar on a terminal; elsewhere (a pipe, a log file, CI), where cli-progress prints nothing,
 * one plain line whenever the numbers move.
 */
function progressReporter(total: number): { update(done: number, c: Counts): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        format: 'backfill |{bar}| {value}/{total} done · {synced} synced · {failed} failed · {parked} parked',
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0, { synced: 0, failed: 0, parked: 0 });
    return { update: (done, c) => bar.update(done, c), stop: () => bar.stop() };
  }
  let last = '';
  return {
    update(done, c) {
      const line = `backfill ${done}/${total} done · ${c.synced} synced · ${c.failed} failed · ${c.parked} parked`;
      if (line !== last) {
        last = line;
        console.log(line);
      }
    },
    stop() {},
  };
}

const backfillArgs = z.object({
  business: z.uuid({ message: 'must be the business id' }),
  provider: z.string().min(1),
  days: z.coerce.number().int().min(1).max(365).default(30),
});

export const backfillCommand: Command = {
  name: 'backfill',
  usage: `backfill --business ID --provider ${BUILT_IN_MANIFESTS.map((m) => m.provider).join('|')} [--days 30]`,
  summary: "Send a business's recent leads to a connected CRM, with progress",
  options: {
    help: { type: 'boolean', short: 'h' },
    business: { type: 'string' },
    provider: { type: 'string' },
    days: { type: 'string' },
  },
  async run(v) {
    const args = backfillArgs.safeParse(v);
    if (!args.success) {
      console.error(
        `usage: leadline backfill --business ID --provider P [--days N] (N from 1 to 365)\n${args.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`).join('\n')}`,
      );
      return 2;
    }
    const { business: businessId, provider, days } = args.data;
    const { ctx, database } = await prepare();
    let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
    try {
      const conn = await ctx.db.connection.findUnique({ where: { businessId_provider: { businessId, provider } } });
      if (!conn) {
        console.error(`No ${provider} connection for business ${businessId}.`);
        return 1;
      }
      if (conn.status !== 'active') {
        console.error(`The ${provider} connection is ${conn.status}: reconnect it first.`);
        return 1;
      }
      // Without the provider's OAuth client this process cannot push, and the progress would never move.
      if (!findConnector(ctx, provider)) {
        const m = findManifest(ctx, provider);
        const names = m
          ? `${m.credentials.clientId} and ${m.credentials.clientSecret}`
          : 'its OAuth client id and secret';
        console.error(`${provider} is not configured here (${names} are missing from the environment).`);
        return 1;
      }
      worker = await startWorker(ctx, database.url, [syncTasks], 2);
      const queued = await ctx.db.$transaction((tx) =>
        enqueueBackfill(tx, { connectionId: conn.id, businessId, days }),
      );
      const since = new Date(Date.now() - days * 86_400_000);
      const leadIds = (
        await ctx.db.lead.findMany({ where: { businessId, createdAt: { gte: since } }, select: { id: true } })
      ).map((l) => l.id);
      console.log(`${leadIds.length} leads from the last ${days} days; ${queued.leads} queued for ${provider}.`);
      const progress = progressReporter(leadIds.length);
      let counts: Record<string, number> = {};
      for (;;) {
        const rows = await ctx.db.syncRecord.groupBy({
          by: ['status'],
          where: { connectionId: conn.id, kind: 'lead', localId: { in: leadIds } },
          _count: { _all: true },
        });
        counts = Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
        const done = (counts.synced ?? 0) + (counts.failed ?? 0) + (counts.parked ?? 0);
        progress.update(done, { synced: counts.synced ?? 0, failed: counts.failed ?? 0, parked: counts.parked ?? 0 });
        if (done >= leadIds.length) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      progress.stop();
      console.log(
        `Backfill finished: ${counts.synced ?? 0} synced, ${counts.failed ?? 0} failed, ${counts.parked ?? 0} parked.`,
      );
      if (counts.parked)
        console.log(`The connection lost its authorization: reconnect ${provider}; parked leads are sent then.`);
      if (counts.failed) console.log(`${counts.failed} failed; see GET /api/v1/leads/:id for each reason.`);
      return counts.failed || counts.parked ? 1 : 0;
    } finally {
      await worker?.stop();
      await ctx.db.$disconnect();
      await database.stop();
    }
  },
};
