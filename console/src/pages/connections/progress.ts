export interface SyncCounts {
  pending: number;
  synced: number;
  failed: number;
  parked: number;
}

/**
 * One run of sending (a backfill, or a backlog the page found waiting): how many leads were already settled
 * when it began, so the bar measures this run rather than the connection's whole history; `finished` once
 * nothing waits.
 */
export interface SyncRun {
  from: number;
  finished: boolean;
}

/** Leads that are no longer waiting: sent, failed for good, or parked with a dead grant. */
const settled = (c: SyncCounts) => c.synced + c.failed + c.parked;

/** Pure: a run starting now (the owner asked for a backfill), measured from these counts. */
export const startRun = (c: SyncCounts): SyncRun => ({ from: settled(c), finished: false });

/**
 * Pure: the run after new counts. Leads waiting with no run under way start one (from what is settled now);
 * nothing waiting finishes the run, which stays (the bar at 100 %, "done") until leads wait again.
 */
export function nextRun(run: SyncRun | null, c: SyncCounts): SyncRun | null {
  if (c.pending > 0) return !run || run.finished ? startRun(c) : run;
  return run ? { ...run, finished: true } : null;
}

/** Pure: how far a run has come, 0–100, and its size in leads. */
export function runProgress(run: SyncRun, c: SyncCounts): { percent: number; sent: number; total: number } {
  const sent = Math.max(0, settled(c) - run.from);
  const total = sent + c.pending;
  return { percent: total === 0 ? 100 : Math.floor((sent / total) * 100), sent, total };
}
