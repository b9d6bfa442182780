import { Prisma } from '../db/client.ts';
import { roomTasks } from '../jobs/handlers.ts';
import { enqueuePush, ensurePush, ensureSweep, PUSH_TASK, SWEEP_TASK } from './outbox.ts';
import { runPush } from './push.ts';

/** Pending work untouched this long after it fell due has lost its job (a killed worker): queue it again. */
const ORPHAN_AFTER_S = 30;

export const syncTasks = roomTasks((ctx) => ({
  [PUSH_TASK]: async ({ connectionId }, helpers) => {
    const r = await runPush(ctx, connectionId, { signal: helpers.abortSignal });
    // Another worker is draining this connection (or took it over from this run); look again shortly in case
    // it finished before our rows landed.
    if (!r.locked || r.fenced) await enqueuePush(ctx.db, connectionId, { runAt: new Date(Date.now() + 2_000) });
    await ensureSweep(ctx.db);
    if (r.batches)
      helpers.logger.debug(
        `sync.push ${connectionId}: ${r.synced} synced, ${r.failed} failed, ${r.retried} to retry, ${r.deferred} waiting for the request budget${r.parked ? ', parked' : ''}`,
      );
  },

  [SWEEP_TASK]: async () => {
    const rows = await ctx.db.$queryRaw<{ id: string }[]>`
      select distinct r."connectionId"::text as id from "SyncRecord" r join "Connection" c on c."id" = r."connectionId"
      where c."status" = 'active' and r."kind" = 'lead' and r."status" = 'pending'
        and r."updatedAt" + ${Prisma.sql`make_interval(secs => ${ORPHAN_AFTER_S}::float8 + least(3600, power(2, greatest(r."attempts", 1) - 1)) * 1.5)`} <= timezone('utc', now())`;
    for (const r of rows) await ensurePush(ctx.db, r.id);
    await ensureSweep(ctx.db);
  },
}));
