/**
 * Drains one connection's pending work: claim a batch of due lead records, build the works, push them
 * through the connector, settle every record (synced / failed with reason / retry with backoff / parked).
 * Work our own request budget would not let through (the account is paused for longer than a job waits)
 * is left pending as it was, no attempt counted, and a follow-up job is queued for when the wait ends: a
 * vendor's daily limit delays leads, it never fails them.
 *
 * One pusher per connection at a time, across processes: the connection's lease (lease.ts), which no
 * database session holds, so losing a session (a restart, a terminated backend) does not free it. The drain
 * checks it before each claim and each vendor request, and its ledger and outcome writes are fenced by its
 * epoch: a drain that paused past its lease stops at its next step and writes nothing. A finished drain
 * hands the lease back; a killed or aborted one leaves it to expire, which also covers its requests still
 * in flight. What it left pending is due again and the next holder takes it, the ledger turning re-sent
 * work into updates.
 */
import type { Connector, SyncContext, SyncOutcome } from '../../connectors/types.ts';
import { ConnectorError } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import { claimDue, nextDueMs } from './claim.ts';
import { connectionLostAuth } from './connection-state.ts';
import { acquireLease, FencedError, type Lease, type LeaseOptions } from './lease.ts';
import { enqueuePush } from './outbox.ts';
import { findConnector, findManifest } from './registry.ts';
import { syncContextFor } from './sync-context.ts';
import { UTC_NOW } from './utc-now.ts';
import { buildBatch, holdBackConflicts, type Batch } from './build-batch.ts';
import { type Settlement, settleBatch } from './settle-batch.ts';
import type { Connection } from '../db/generated/client.ts';

export interface PushOptions {
  signal?: AbortSignal;
  /** Stop claiming new batches after this long and queue a follow-up job (keeps worker slots fair). */
  timeBudgetMs?: number;
  /** Short waits for the next due retry are sat out in the job instead of a job round trip. */
  inlineWaitMs?: number;
  /** Seam for tests and the bench: wrap the SyncContext the connector gets. */
  wrapContext?: (sc: SyncContext) => SyncContext;
  /** Seam for tests: smaller batches than the connector's own maximum. */
  maxBatch?: number;
  /** Seam for tests: a shorter lease (or no renewals), to see it lapse. */
  lease?: LeaseOptions;
}

export interface PushSummary {
  /** Whether this run held the connection's lease (false: another drain has it). */
  locked: boolean;
  /** The lease passed to another drain mid-run: this one stopped and wrote nothing more. */
  fenced: boolean;
  batches: number;
  synced: number;
  failed: number;
  retried: number;
  /** Leads left pending untouched because the request budget said wait (no attempt counted). */
  deferred: number;
  parked: boolean;
  /** When a follow-up job was queued: for not-yet-due retries, or for the end of a budget wait. */
  nextRunAt: Date | null;
  /** Most batches that were being pushed at the same time. */
  peakConcurrency: number;
}

/** Size of a drain's first claim; see drain(). */
const FIRST_BATCH = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runPush(ctx: AppContext, connectionId: string, opts: PushOptions = {}): Promise<PushSummary> {
  const timeBudgetMs = opts.timeBudgetMs ?? 60_000;
  const summary: PushSummary = {
    locked: false,
    fenced: false,
    batches: 0,
    synced: 0,
    failed: 0,
    retried: 0,
    deferred: 0,
    parked: false,
    nextRunAt: null,
    peakConcurrency: 0,
  };
  const lease = await acquireLease(ctx.db, connectionId, opts.lease);
  if (!lease) return summary;
  summary.locked = true;
  try {
    await drain(ctx, connectionId, opts, timeBudgetMs, summary, lease);
  } catch (e) {
    if (!(e instanceof FencedError)) throw e;
    summary.fenced = true;
    ctx.log.warn({ connectionId, epoch: String(lease.epoch) }, 'sync lease passed to another drain; this one stopped');
  } finally {
    // Requests of an aborted (killed) run may still be in flight: its lease expires rather than being handed back.
    await lease.end({ handBack: !summary.fenced && !opts.signal?.aborted }).catch(() => undefined);
  }
  return summary;
}

/**
 * Claims and pushes batches, up to `connector.maxConcurrentPushes` at once. A claimed lead whose person
 * (lead id, e-mail or phone) is already in a running batch is held back until that batch settles, so two
 * concurrent pushes never both look up, miss and create the same contact.
 *
 * Building a batch (reading leads, calls and transcripts) is a few hundred ms for a large one, so the next
 * claim does not wait for it: builds overlap, and only the conflict check waits for the people of the
 * batches claimed before — a backlog's first pushes start together and spend the first rate window at once.
 */
async function drain(
  ctx: AppContext,
  connectionId: string,
  opts: PushOptions,
  timeBudgetMs: number,
  summary: PushSummary,
  lease: Lease,
): Promise<void> {
  const started = Date.now();
  const running = new Map<Promise<BatchResult>, { ids: string[]; people: Promise<string[]> }>();
  const heldBack = new Set<string>();
  let claims = 0;
  let parkedBy: string | null = null;
  let failure: unknown = null;
  /** Earliest end of a budget wait a batch ran into: claiming more now would only meet it again. */
  let waitUntil: number | null = null;
  const busy = () => [...running.values()];

  const finishOne = async () => {
    const { done } = await Promise.race(
      [...running.keys()].map((p) =>
        p.then(
          () => ({ done: p }),
          () => ({ done: p }),
        ),
      ),
    );
    running.delete(done);
    try {
      const r = await done;
      if (r.pushed) heldBack.clear(); // whatever it held back may go now
      parkedBy ??= r.parkedBy;
      // take() only refuses waits longer than its maxWaitMs; the floor just keeps a 0 from looping jobs.
      if (r.waitMs !== null) waitUntil = Math.min(waitUntil ?? Infinity, Date.now() + Math.max(r.waitMs, 1_000));
    } catch (e) {
      failure ??= e;
    }
  };

  try {
    for (;;) {
      if (opts.signal?.aborted || parkedBy || failure || waitUntil !== null) return;
      await lease.assertHeld();
      const conn = await ctx.db.connection.findUnique({ where: { id: connectionId } });
      if (conn?.status !== 'active') return;
      const connector = findConnector(ctx, conn.provider);
      if (!connector) {
        ctx.log.warn(
          { connectionId, provider: conn.provider },
          'provider not configured on this server; work stays pending',
        );
        return;
      }
      if (running.size >= (connector.maxConcurrentPushes ?? 1)) {
        await finishOne();
        continue;
      }
      if (Date.now() - started > timeBudgetMs) {
        await enqueuePush(ctx.db, connectionId);
        return;
      }
      const skip = [...busy().flatMap((b) => b.ids), ...heldBack];
      // The first batch of a drain is small: it starts pushing while the full-size ones are still being read.
      const size = Math.min(connector.maxBatch, opts.maxBatch ?? Infinity, claims++ === 0 ? FIRST_BATCH : Infinity);
      const claimed = await claimDue(ctx.db, connectionId, size, skip);
      if (claimed.length === 0) {
        if (running.size > 0) {
          await finishOne();
          continue;
        }
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
      const earlier = busy().map((b) => b.people);
      let resolvePeople!: (people: string[]) => void;
      const people = new Promise<string[]>((resolve) => (resolvePeople = resolve));
      const task = (async (): Promise<BatchResult> => {
        try {
          const built = await buildBatch(ctx, conn, claimed);
          const batch = holdBackConflicts(built, new Set((await Promise.all(earlier)).flat()), heldBack);
          resolvePeople(batch.people);
          if (batch.records.size === 0 && batch.orphans.length === 0)
            return { parkedBy: null, waitMs: null, pushed: false };
          summary.batches++;
          return await pushBatch(ctx, conn, connector, batch, opts, summary, lease);
        } finally {
          resolvePeople([]); // a failed build pushes nothing; later batches must not wait on it
        }
      })();
      // finishOne() awaits it later; until then a rejection (a lost database session) must not count as
      // unhandled, which would crash the worker process.
      task.catch(() => {});
      running.set(task, { ids: claimed.map((c) => c.id), people });
      summary.peakConcurrency = Math.max(summary.peakConcurrency, running.size);
    }
  } finally {
    while (running.size > 0) await finishOne();
    // biome-ignore lint/correctness/noUnsafeFinally: a batch's failure outranks the claim loop's own error, and in-flight batches must settle first
    if (failure) throw failure;
    if (parkedBy && !opts.signal?.aborted) {
      summary.parked = true;
      const conn = await ctx.db.connection.findUnique({ where: { id: connectionId } });
      if (conn) await connectionLostAuth(ctx, conn, parkedBy);
    } else if (waitUntil !== null && !opts.signal?.aborted) {
      // The deferred records look due (they were not touched), so only this job brings them back, once.
      summary.nextRunAt = new Date(waitUntil);
      await enqueuePush(ctx.db, connectionId, { runAt: summary.nextRunAt });
    }
  }
}

interface BatchResult extends Omit<Settlement, 'counts'> {
  /** Whether anything was pushed (a batch whose every lead was held back pushes nothing). */
  pushed: boolean;
}

/** Pushes one batch and settles it. */
async function pushBatch(
  ctx: AppContext,
  conn: Connection,
  connector: Connector,
  batch: Batch & { people: string[] },
  opts: PushOptions,
  summary: PushSummary,
  lease: Lease,
): Promise<BatchResult> {
  const dbCtx = syncContextFor(ctx, conn, opts.signal, lease);
  const sc = opts.wrapContext ? opts.wrapContext(dbCtx) : dbCtx;
  const outcomes = await pushSafely(connector, sc, batch);
  // A killed process writes nothing more; an aborted run behaves the same, so tests can stand in for a kill.
  if (opts.signal?.aborted) return { parkedBy: null, waitMs: null, pushed: true };
  await dbCtx.flush();
  const settled = await settleBatch(
    ctx,
    batch,
    outcomes,
    sc,
    findManifest(ctx, conn.provider)?.outcomeIds ?? {},
    lease,
  );
  for (const k of ['synced', 'failed', 'retried', 'deferred'] as const) summary[k] += settled.counts[k];
  const result: BatchResult = { parkedBy: settled.parkedBy, waitMs: settled.waitMs, pushed: true };
  // Fenced like the outcomes: a drain that lost its lease must not overwrite what the new holder reports.
  const shown = await ctx.db.$executeRaw`
    update "Connection" set
      "lastSyncAt" = case when ${summary.synced > 0} then ${UTC_NOW} else "lastSyncAt" end,
      "lastError" = ${result.parkedBy ?? lastFailure(outcomes)}, "updatedAt" = ${UTC_NOW}
    where "id" = ${conn.id}::uuid and ${lease.guard}`;
  if (shown === 0 && !(await lease.stillHeld()))
    throw new FencedError(`connection status not written: the sync lease of connection ${conn.id} passed on`);
  return result;
}

async function pushSafely(connector: Connector, sc: SyncContext, batch: Batch): Promise<Map<string, SyncOutcome>> {
  let list: SyncOutcome[];
  if (batch.works.length === 0) return new Map();
  try {
    list = await connector.push(sc, batch.works);
  } catch (err) {
    // The contract says push does not throw; if it does, nothing is assumed written and all is retried.
    const e =
      err instanceof ConnectorError
        ? err
        : new ConnectorError('transient', `connector failed: ${(err as Error)?.message ?? String(err)}`, {
            cause: err,
          });
    list = batch.works.map((w) => ({ key: w.key, status: 'failed', error: e }));
  }
  return new Map(list.map((o) => [o.key, o]));
}

const lastFailure = (outcomes: Map<string, SyncOutcome>) => {
  for (const o of outcomes.values()) if (o.status === 'failed') return o.error.message.slice(0, 1000);
  return null;
};
