/**
 * Settles a pushed batch: each claimed status row gets its decision (outcomes.ts) — synced with its ids,
 * failed with a reason, retried with backoff, parked — in one fenced write (claim.ts's writeSettled). A lead
 * with several calls is settled once, from all its works' decisions.
 */
import type { OutcomeIds } from '../../connectors/manifest.ts';
import type { SyncContext, SyncOutcome } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import type { Batch } from './build-batch.ts';
import { writeSettled, type Settled } from './claim.ts';
import type { Lease } from './lease.ts';
import { activityId, combine, decide, primaryId, type Decision } from './outcomes.ts';

export interface Settlement {
  /** The auth error message when the connection must park. */
  parkedBy: string | null;
  /** Shortest budget wait that left records of this batch pending, if any did. */
  waitMs: number | null;
  /** Lead records by what became of them. */
  counts: { synced: number; failed: number; retried: number; deferred: number };
}

/** Writes every claimed record's decision (a budget wait writes nothing: the record stays as it was). */
export async function settleBatch(
  ctx: AppContext,
  batch: Batch,
  outcomes: Map<string, SyncOutcome>,
  sc: SyncContext,
  keys: OutcomeIds,
  lease: Lease,
): Promise<Settlement> {
  const counts = { synced: 0, failed: 0, retried: 0, deferred: 0 };
  const s: Settled = { synced: [], failed: [], retry: [] };
  const byLead = new Map<string, { rec: Batch['orphans'][number]; decisions: Decision[] }>();
  let parked: string | null = null;
  let retryAfter = 0;
  let waitMs: number | null = null;
  const put = (
    rec: { id: string; claimedVersion: string },
    d: Decision,
    ids: (x: Record<string, string>) => string | null,
  ) => {
    if (d.kind === 'synced')
      s.synced.push({
        id: rec.id,
        claimedVersion: rec.claimedVersion,
        externalId: ids(d.externalIds),
        deepLink: d.deepLink,
        externalIds: d.externalIds,
      });
    else if (d.kind === 'failed') s.failed.push({ id: rec.id, claimedVersion: rec.claimedVersion, error: d.error });
    else if (d.kind === 'retry') {
      s.retry.push({ id: rec.id, claimedVersion: rec.claimedVersion, error: d.error });
      // 429 waits are already a budget pause set by the connector; other Retry-After hints pause the account here.
      if (d.retryAfterMs && d.httpStatus !== 429) retryAfter = Math.max(retryAfter, d.retryAfterMs);
    } else if (d.kind === 'wait') waitMs = Math.min(waitMs ?? Infinity, d.waitMs);
    else parked = d.error;
  };
  for (const [key, recs] of batch.records) {
    const d = decide(outcomes.get(key), recs.call?.attempts ?? recs.lead.attempts);
    if (recs.call) put(recs.call, d, (ids) => activityId(ids, keys));
    const entry = byLead.get(recs.lead.id) ?? { rec: recs.lead, decisions: [] };
    entry.decisions.push(decide(outcomes.get(key), recs.lead.attempts));
    byLead.set(recs.lead.id, entry);
  }
  for (const { rec, decisions } of byLead.values()) {
    const d = combine(decisions);
    put(rec, d, (ids) => primaryId(ids, keys));
    if (d.kind === 'synced') counts.synced++;
    else if (d.kind === 'failed') counts.failed++;
    else if (d.kind === 'retry') counts.retried++;
    else if (d.kind === 'wait') counts.deferred++;
  }
  for (const o of batch.orphans)
    s.failed.push({ id: o.id, claimedVersion: o.claimedVersion, error: 'the lead no longer exists in Leadline' });
  await writeSettled(ctx.db, s, lease);
  if (retryAfter > 0) await sc.budget.pause('*', retryAfter);
  return { parkedBy: parked, waitMs, counts };
}
