export interface SyncCounts {
  pending: number;
  synced: number;
  failed: number;
  parked: number;
}

/** Pure: how far a backfill (or any sync backlog) has come, 0–100, or null when nothing is waiting. */
export function syncProgress(c: SyncCounts): number | null {
  if (c.pending === 0) return null;
  const total = c.pending + c.synced + c.failed;
  return Math.round(((c.synced + c.failed) / total) * 100);
}
