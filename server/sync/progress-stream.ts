/**
 * Live sync progress for the connections page, on the shared LISTEN hub (http/event-stream.ts): the
 * migration's statement triggers NOTIFY `sync_progress` with the business id when its lead sync records are
 * added or change, and that business's streams get a `progress` event carrying every connection's counts,
 * read from the database once per business per fold (a burst of settled batches is one read).
 */
import { databaseUrlOf, type Db } from '../db/client.ts';
import { createListenHub, type ListenHub, sseFrame } from '../http/event-stream.ts';
import type { Logger } from '../log.ts';
import { leadCounts } from './status.ts';

export const PROGRESS_CHANNEL = 'sync_progress';

/** The counts of every connection of a business, as the `ready` and `progress` events carry them. */
export async function progressOf(db: Db, businessId: string) {
  const conns = await db.connection.findMany({
    where: { businessId },
    select: { id: true, provider: true, status: true },
    orderBy: { createdAt: 'asc' },
  });
  const counts = await leadCounts(
    db,
    conns.map((c) => c.id),
  );
  return {
    items: conns.map((c) => ({
      provider: c.provider,
      status: c.status,
      counts: counts.get(c.id) ?? { pending: 0, synced: 0, failed: 0, parked: 0 },
    })),
  };
}

/** The hub behind `…/connections/events`: a `progress` frame with every connection's counts per fold. */
export function createProgressHub(opts: { db: Db; log: Pick<Logger, 'warn'>; foldMs?: number }): ListenHub {
  return createListenHub({
    channel: PROGRESS_CHANNEL,
    connectionString: () => databaseUrlOf(opts.db),
    log: opts.log,
    foldMs: opts.foldMs ?? 200,
    deliver: async (businessId) => sseFrame('progress', await progressOf(opts.db, businessId)),
  });
}
