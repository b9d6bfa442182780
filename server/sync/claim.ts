/**
 * Which pending records are due, and writing decisions back in bulk (one statement per kind of decision,
 * not one per record: a 500-work batch settles in a handful of round trips).
 *
 * Every write is guarded by the `updatedAt` the record had when it was claimed: if the lead was enqueued
 * again meanwhile (a new call), the stale outcome is dropped and the record stays pending for the next batch.
 */
import { Prisma, type Db, type Tx } from '../db/client.ts';
import { emitWebhookEvents } from '../webhooks/outbox.ts';
import { UTC_NOW } from './utc-now.ts';
import { type ClaimedRecord, CLAIMED_VERSION } from './claimed-record.ts';
import { FencedError, type Lease } from './lease.ts';

/**
 * SQL twin of backoffSeconds(). The jitter comes from the time the record last failed (plus its connection),
 * so records that failed together (one 5xx answer to a 100-input batch) come back together, as one batch,
 * while different failures spread out.
 */
const DUE_DELAY = Prisma.sql`(case when "attempts" = 0 then interval '0' else
  make_interval(secs => least(3600, power(2, "attempts" - 1)) * (0.5 + (abs(hashtext("connectionId"::text || "updatedAt"::text)) % 1000) / 1000.0)) end)`;

/** `skip`: records already in flight (or held back) in this drain. */
export async function claimDue(
  db: Db,
  connectionId: string,
  limit: number,
  skip: readonly string[] = [],
): Promise<ClaimedRecord[]> {
  return db.$queryRaw<ClaimedRecord[]>`
    select "id"::text as id, "localId", "attempts", ${CLAIMED_VERSION} as "claimedVersion" from "SyncRecord"
    where "connectionId" = ${connectionId}::uuid and "kind" = 'lead' and "status" = 'pending'
      and "updatedAt" + ${DUE_DELAY} <= ${UTC_NOW} and not ("id" = any(${skip as string[]}::uuid[]))
    order by "createdAt", "id" limit ${limit}`;
}

/** Milliseconds until the next pending record is due (0 if one is due now), or null when none is pending. */
export async function nextDueMs(db: Db, connectionId: string): Promise<number | null> {
  const rows = await db.$queryRaw<{ ms: number | null }[]>`
    select (extract(epoch from (min("updatedAt" + ${DUE_DELAY}) - ${UTC_NOW})) * 1000)::float8 as ms
    from "SyncRecord" where "connectionId" = ${connectionId}::uuid and "kind" = 'lead' and "status" = 'pending'`;
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? null : Math.max(0, Math.ceil(ms));
}

export interface Settled {
  synced: {
    id: string;
    claimedVersion: string;
    externalId: string | null;
    deepLink: string | null;
    /** Every id the connector reported (for the lead.synced webhook). */
    externalIds?: Record<string, string>;
  }[];
  failed: { id: string; claimedVersion: string; error: string }[];
  retry: { id: string; claimedVersion: string; error: string }[];
}

interface SyncedRow {
  id: string;
  kind: string;
  localId: string;
  businessId: string;
  externalId: string | null;
  deepLink: string | null;
}

async function emitLeadSynced(tx: Tx, rows: SyncedRow[], s: Settled, connectionId: string): Promise<void> {
  const leads = rows.filter((r) => r.kind === 'lead');
  if (!leads.length) return;
  const conn = await tx.connection.findUnique({ where: { id: connectionId }, select: { provider: true } });
  const idsOf = new Map(s.synced.map((x) => [x.id, x.externalIds ?? {}]));
  await emitWebhookEvents(
    tx,
    leads.map((r) => ({
      businessId: r.businessId,
      type: 'lead.synced' as const,
      data: {
        leadId: r.localId,
        businessId: r.businessId,
        connectionId,
        provider: conn?.provider ?? 'unknown',
        externalId: r.externalId,
        externalIds: idsOf.get(r.id) ?? {},
        deepLink: r.deepLink,
      },
    })),
  );
}

/**
 * Each statement also carries the lease guard: outcomes of a drain that lost its lease match nothing, and
 * a shortfall that the lease explains is a FencedError (one that the version guard explains is not).
 */
export async function writeSettled(db: Db, s: Settled, lease: Lease): Promise<void> {
  const clip = (e: string) => e.slice(0, 1000);
  let written = 0;
  if (s.synced.length) {
    // With its lead.synced webhook events, in one transaction: an event exactly when the record turned synced.
    written += await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<SyncedRow[]>`
        update "SyncRecord" r set "status" = 'synced', "externalId" = coalesce(u.ext, r."externalId"), "deepLink" = coalesce(u.link, r."deepLink"),
          "lastError" = null, "syncedAt" = ${UTC_NOW}, "updatedAt" = ${UTC_NOW}
        from unnest(${s.synced.map((x) => x.id)}::uuid[], ${s.synced.map((x) => x.claimedVersion)}::text[], ${s.synced.map((x) => x.externalId)}::text[], ${s.synced.map((x) => x.deepLink)}::text[]) as u(id, version, ext, link)
        where r."id" = u.id and r."status" = 'pending' and r."updatedAt" = u.version::timestamp(3) and ${lease.guard}
        returning r."id"::text as "id", r."kind", r."localId", r."businessId"::text as "businessId", r."externalId", r."deepLink"`;
      await emitLeadSynced(tx, rows, s, lease.connectionId);
      return rows.length;
    });
  }
  if (s.failed.length) {
    written += await db.$executeRaw`
      update "SyncRecord" r set "status" = 'failed', "lastError" = u.err, "attempts" = r."attempts" + 1, "updatedAt" = ${UTC_NOW}
      from unnest(${s.failed.map((x) => x.id)}::uuid[], ${s.failed.map((x) => x.claimedVersion)}::text[], ${s.failed.map((x) => clip(x.error))}::text[]) as u(id, version, err)
      where r."id" = u.id and r."status" = 'pending' and r."updatedAt" = u.version::timestamp(3) and ${lease.guard}`;
  }
  if (s.retry.length) {
    written += await db.$executeRaw`
      update "SyncRecord" r set "lastError" = u.err, "attempts" = r."attempts" + 1, "updatedAt" = ${UTC_NOW}
      from unnest(${s.retry.map((x) => x.id)}::uuid[], ${s.retry.map((x) => x.claimedVersion)}::text[], ${s.retry.map((x) => clip(x.error))}::text[]) as u(id, version, err)
      where r."id" = u.id and r."status" = 'pending' and r."updatedAt" = u.version::timestamp(3) and ${lease.guard}`;
  }
  if (written < s.synced.length + s.failed.length + s.retry.length && !(await lease.stillHeld())) {
    throw new FencedError(`outcomes not written: the sync lease of connection ${lease.connectionId} passed on`);
  }
}
