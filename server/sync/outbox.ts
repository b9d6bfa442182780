/**
 * The transactional outbox: sync work is written (SyncRecord rows + a graphile-worker job) in the same
 * transaction as the lead it is about, so a lead exists ⇔ its sync work exists.
 */
import type { Db, Tx } from '../db/client.ts';
import { enqueue } from '../jobs/enqueue.ts';
import { UTC_NOW } from './utc-now.ts';

export const PUSH_TASK = 'sync.push';
export const SWEEP_TASK = 'sync.sweep';
export const SWEEP_EVERY_MS = 60_000;

/**
 * A lead's job has its own key (connection + lead): a re-enqueue of the same lead collapses into it, and
 * lead transactions of one business never wait on each other's job row. Whichever job runs first drains
 * every pending record of the connection in batches; the others find nothing left. Follow-ups (lock busy,
 * retries not yet due, time budget spent, the end of a budget wait) use the connection's key, so they
 * collapse into one job.
 */
export async function enqueuePush(
  tx: Pick<Tx, '$executeRaw'>,
  connectionId: string,
  opts: { leadId?: string; runAt?: Date } = {},
): Promise<void> {
  const jobKey = opts.leadId ? `${PUSH_TASK}:${connectionId}:${opts.leadId}` : `${PUSH_TASK}:${connectionId}`;
  await enqueue(
    tx,
    PUSH_TASK,
    { connectionId },
    { jobKey, maxAttempts: 25, ...(opts.runAt ? { runAt: opts.runAt } : {}) },
  );
}

/**
 * For the sweeper: makes sure the connection has a job, without moving one that is waiting on purpose (the
 * follow-up at the end of a budget wait, whose records look overdue because a wait does not touch them).
 * A job locked by a dead worker does not count: graphile-worker then adds a fresh one, to run now.
 */
export async function ensurePush(tx: Pick<Tx, '$executeRaw'>, connectionId: string): Promise<void> {
  await enqueue(
    tx,
    PUSH_TASK,
    { connectionId },
    { jobKey: `${PUSH_TASK}:${connectionId}`, jobKeyMode: 'preserve_run_at', maxAttempts: 25 },
  );
}

/**
 * The sweeper re-queues work whose job was lost with a killed worker (graphile-worker keeps a dead
 * worker's job locked for hours). Scheduled by the push task, outside lead transactions: one shared job
 * row must not serialize every business's lead writes. `preserve_run_at` keeps it to one a minute.
 */
export async function ensureSweep(
  tx: Pick<Tx, '$executeRaw'>,
  runAt: Date = new Date(Date.now() + SWEEP_EVERY_MS),
): Promise<void> {
  await enqueue(tx, SWEEP_TASK, {}, { runAt, jobKey: SWEEP_TASK, jobKeyMode: 'preserve_run_at', maxAttempts: 5 });
}

/**
 * Called by the call pipeline inside the transaction that wrote the lead. For each active connection the
 * lead (and the call, when there is one) becomes pending; for a connection waiting for re-authorization it
 * is parked, so reconnecting sends it.
 */
export async function enqueueLeadSync(
  tx: Tx,
  p: { businessId: string; leadId: string; callId: string | null },
): Promise<void> {
  const conns = await tx.connection.findMany({
    where: { businessId: p.businessId, status: { in: ['active', 'needs_reauth'] } },
    select: { id: true, status: true },
  });
  for (const c of conns) {
    const status = c.status === 'active' ? 'pending' : 'parked';
    await upsertStatus(tx, c.id, p.businessId, 'lead', p.leadId, status, true);
    if (p.callId) {
      await upsertStatus(tx, c.id, p.businessId, 'call', p.callId, status, false);
      await adoptCallEntities(tx, c.id, p.callId, p.leadId);
    }
    if (status === 'pending') await enqueuePush(tx, c.id, { leadId: p.leadId });
  }
}

/**
 * `resync`: a lead changed, so even a synced one goes again (the ledger turns it into an update).
 * A call is logged once: a synced call stays synced.
 */
async function upsertStatus(
  tx: Tx | Db,
  connectionId: string,
  businessId: string,
  kind: 'lead' | 'call',
  localId: string,
  status: 'pending' | 'parked',
  resync: boolean,
): Promise<void> {
  const why = status === 'parked' ? 'connection needs re-authorization' : null;
  await tx.$executeRaw`
    insert into "SyncRecord" ("id", "connectionId", "businessId", "kind", "localId", "status", "lastError", "createdAt", "updatedAt")
    values (gen_random_uuid(), ${connectionId}::uuid, ${businessId}::uuid, ${kind}, ${localId}, ${status}::"SyncStatus", ${why}, ${UTC_NOW}, ${UTC_NOW})
    on conflict ("connectionId", "kind", "localId") do update set
      "status" = excluded."status", "attempts" = 0, "lastError" = excluded."lastError", "updatedAt" = excluded."updatedAt"
    where ${resync} or "SyncRecord"."status" <> 'synced'`;
}

/**
 * Backfill: the business's leads (and their calls) of the last `days` days become pending for this
 * connection, except what is already synced. One statement per kind, whatever the number of leads.
 */
export async function enqueueBackfill(
  tx: Tx,
  p: { connectionId: string; businessId: string; days: number },
): Promise<{ leads: number; calls: number }> {
  // Timestamps are UTC wall time (Prisma's convention for timestamp(3)), whatever the session time zone.
  const since = new Date(Date.now() - p.days * 86_400_000).toISOString();
  const leads = await tx.$executeRaw`
    insert into "SyncRecord" ("id", "connectionId", "businessId", "kind", "localId", "status", "createdAt", "updatedAt")
    select gen_random_uuid(), ${p.connectionId}::uuid, l."businessId", 'lead', l."id"::text, 'pending', l."createdAt", ${UTC_NOW}
    from "Lead" l where l."businessId" = ${p.businessId}::uuid and l."createdAt" >= ${since}::timestamp
    on conflict ("connectionId", "kind", "localId") do update set "status" = 'pending', "attempts" = 0, "lastError" = null, "updatedAt" = excluded."updatedAt"
    where "SyncRecord"."status" <> 'synced'`;
  const calls = await tx.$executeRaw`
    insert into "SyncRecord" ("id", "connectionId", "businessId", "kind", "localId", "status", "createdAt", "updatedAt")
    select gen_random_uuid(), ${p.connectionId}::uuid, c."businessId", 'call', c."id"::text, 'pending', c."createdAt", ${UTC_NOW}
    from "Call" c join "Lead" l on l."id" = c."leadId"
    where l."businessId" = ${p.businessId}::uuid and l."createdAt" >= ${since}::timestamp
    on conflict ("connectionId", "kind", "localId") do update set "status" = 'pending', "attempts" = 0, "lastError" = null, "updatedAt" = excluded."updatedAt"
    where "SyncRecord"."status" <> 'synced'`;
  await enqueuePush(tx, p.connectionId);
  return { leads, calls };
}

/**
 * Inside enqueueLeadSync: entities a connection recorded for the call (a booking made before the lead
 * existed) become the lead's, unless the lead already has its own.
 */
export async function adoptCallEntities(tx: Tx, connectionId: string, callId: string, leadId: string): Promise<void> {
  await tx.$executeRaw`
    insert into "SyncLedgerEntry" ("connectionId", "businessId", "kind", "localId", "externalId", "createdAt", "updatedAt")
    select r."connectionId", r."businessId", r."kind", ${leadId}, r."externalId", ${UTC_NOW}, ${UTC_NOW}
    from "SyncLedgerEntry" r
    where r."connectionId" = ${connectionId}::uuid and r."localId" = ${callId} and r."kind" like 'lead:%'
    on conflict ("connectionId", "kind", "localId") do nothing`;
}
