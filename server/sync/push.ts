/**
 * Drains one connection's pending work: claim a batch of due lead records, build the works, push them
 * through the connector, settle every record (synced / failed with reason / retry with backoff / parked).
 *
 * One pusher per connection at a time, across processes: a transaction-scoped advisory lock held for the
 * whole drain. A killed worker's connection closes and frees the lock at once; what it left pending is
 * due again and the next job (or the sweeper) takes it, the ledger turning re-sent work into updates.
 */
import type { Connector, SyncContext, SyncOutcome } from '../../connectors/types.ts';
import { ConnectorError } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import { claimDue, nextDueMs, writeSettled, type Settled } from './claim.ts';
import { connectionLostAuth } from './connection-state.ts';
import { enqueuePush } from './outbox.ts';
import { activityId, combine, decide, primaryId, type Decision } from './outcomes.ts';
import { findConnector } from './registry.ts';
import { syncContextFor } from './sync-context.ts';
import { buildBatch, type Batch } from './works.ts';

export interface PushOptions {
  signal?: AbortSignal;
  /** Stop claiming new batches after this long and queue a follow-up job (keeps worker slots fair). */
  timeBudgetMs?: number;
  /** Short waits for the next due retry are sat out in the job instead of a job round trip. */
  inlineWaitMs?: number;
  /** Seam for tests and the bench: wrap the SyncContext the connector gets. */
  wrapContext?: (sc: SyncContext) => SyncContext;
}

export interface PushSummary {
  locked: boolean;
  batches: number;
  synced: number;
  failed: number;
  retried: number;
  parked: boolean;
  /** When a follow-up job was queued for not-yet-due retries. */
  nextRunAt: Date | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runPush(ctx: AppContext, connectionId: string, opts: PushOptions = {}): Promise<PushSummary> {
  const timeBudgetMs = opts.timeBudgetMs ?? 60_000;
  const summary: PushSummary = { locked: false, batches: 0, synced: 0, failed: 0, retried: 0, parked: false, nextRunAt: null };
  await ctx.db.$transaction(
    async (lockTx) => {
      const got = await lockTx.$queryRaw<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(hashtext(${`sync.push:${connectionId}`})) as ok`;
      if (!got[0]?.ok) return;
      summary.locked = true;
      await drain(ctx, connectionId, opts, timeBudgetMs, summary);
    },
    // The lock lives as long as this transaction; it must outlast the longest drain (time budget + one batch).
    { maxWait: 60_000, timeout: timeBudgetMs + 15 * 60_000 },
  );
  return summary;
}

async function drain(ctx: AppContext, connectionId: string, opts: PushOptions, timeBudgetMs: number, summary: PushSummary): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (opts.signal?.aborted) return;
    const conn = await ctx.db.connection.findUnique({ where: { id: connectionId } });
    if (!conn || conn.status !== 'active') return;
    const connector = findConnector(ctx, conn.provider);
    if (!connector) {
      ctx.log.warn({ connectionId, provider: conn.provider }, 'provider not configured on this server; work stays pending');
      return;
    }
    if (Date.now() - started > timeBudgetMs) {
      await enqueuePush(ctx.db, connectionId);
      return;
    }
    const claimed = await claimDue(ctx.db, connectionId, connector.maxBatch);
    if (claimed.length === 0) {
      const wait = await nextDueMs(ctx.db, connectionId);
      if (wait === null) return;
      if (wait <= (opts.inlineWaitMs ?? 3_000) && Date.now() - started + wait < timeBudgetMs) {
        await sleep(wait);
        continue;
      }
      summary.nextRunAt = new Date(Date.now() + wait);
      await enqueuePush(ctx.db, connectionId, { runAt: summary.nextRunAt });
      return;
    }
    summary.batches++;
    const batch = await buildBatch(ctx, conn, claimed);
    const dbCtx = syncContextFor(ctx, conn, opts.signal);
    const sc = opts.wrapContext ? opts.wrapContext(dbCtx) : dbCtx;
    const outcomes = await pushSafely(connector, sc, batch);
    // A killed process writes nothing more; an aborted run behaves the same, so tests can stand in for a kill.
    if (opts.signal?.aborted) return;
    await dbCtx.flush();
    const parkedBy = await settle(ctx, batch, outcomes, summary, sc);
    const any = summary.synced > 0;
    await ctx.db.connection.update({
      where: { id: conn.id },
      data: { ...(any ? { lastSyncAt: new Date() } : {}), lastError: parkedBy ?? lastFailure(outcomes) },
    });
    if (parkedBy) {
      summary.parked = true;
      await connectionLostAuth(ctx, conn, parkedBy);
      return;
    }
  }
}

async function pushSafely(connector: Connector, sc: SyncContext, batch: Batch): Promise<Map<string, SyncOutcome>> {
  let list: SyncOutcome[];
  if (batch.works.length === 0) return new Map();
  try {
    list = await connector.push(sc, batch.works);
  } catch (err) {
    // The contract says push does not throw; if it does, nothing is assumed written and all is retried.
    const e = err instanceof ConnectorError ? err : new ConnectorError('transient', `connector failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
    list = batch.works.map((w) => ({ key: w.key, status: 'failed', error: e }));
  }
  return new Map(list.map((o) => [o.key, o]));
}

const lastFailure = (outcomes: Map<string, SyncOutcome>) => {
  for (const o of outcomes.values()) if (o.status === 'failed') return o.error.message.slice(0, 1000);
  return null;
};

/** Writes every claimed record's decision; returns the auth error message when the connection must park. */
async function settle(ctx: AppContext, batch: Batch, outcomes: Map<string, SyncOutcome>, summary: PushSummary, sc: SyncContext): Promise<string | null> {
  const s: Settled = { synced: [], failed: [], retry: [] };
  const byLead = new Map<string, { rec: Batch['orphans'][number]; decisions: Decision[] }>();
  let parked: string | null = null;
  let retryAfter = 0;
  const put = (rec: { id: string; stamp: string }, d: Decision, ids: (x: Record<string, string>) => string | null) => {
    if (d.kind === 'synced') s.synced.push({ id: rec.id, stamp: rec.stamp, externalId: ids(d.externalIds), deepLink: d.deepLink });
    else if (d.kind === 'failed') s.failed.push({ id: rec.id, stamp: rec.stamp, error: d.error });
    else if (d.kind === 'retry') {
      s.retry.push({ id: rec.id, stamp: rec.stamp, error: d.error });
      // 429 waits are already a budget pause set by the connector; other Retry-After hints pause the account here.
      if (d.retryAfterMs && d.httpStatus !== 429) retryAfter = Math.max(retryAfter, d.retryAfterMs);
    } else parked = d.error;
  };
  for (const [key, recs] of batch.records) {
    const d = decide(outcomes.get(key), recs.call?.attempts ?? recs.lead.attempts);
    if (recs.call) put(recs.call, d, activityId);
    const entry = byLead.get(recs.lead.id) ?? { rec: recs.lead, decisions: [] };
    entry.decisions.push(decide(outcomes.get(key), recs.lead.attempts));
    byLead.set(recs.lead.id, entry);
  }
  for (const { rec, decisions } of byLead.values()) {
    const d = combine(decisions);
    put(rec, d, primaryId);
    if (d.kind === 'synced') summary.synced++;
    else if (d.kind === 'failed') summary.failed++;
    else if (d.kind === 'retry') summary.retried++;
  }
  for (const o of batch.orphans) s.failed.push({ id: o.id, stamp: o.stamp, error: 'the lead no longer exists in Leadline' });
  await writeSettled(ctx.db, s);
  if (retryAfter > 0) await sc.budget.pause('*', retryAfter);
  return parked;
}
