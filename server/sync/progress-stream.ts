/**
 * Live sync progress for the connections page: one LISTEN connection per process on `sync_progress` (the
 * migration's statement triggers NOTIFY the business id when its lead sync records are added or change),
 * fanned out to that business's open streams as a `progress` event carrying every connection's counts, read
 * from the database once per business per fold. A burst of settled batches is one read (one per `foldMs`);
 * a missed event is healed by the next. The connection opens with the first stream and closes with the last.
 */
import pg from 'pg';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { leadCounts } from './status.ts';

export const PROGRESS_CHANNEL = 'sync_progress';

export interface ProgressSink {
  write(chunk: string): boolean;
}

export interface ProgressHub {
  /** Registers a stream; it gets the current counts at once (`ready`), then a `progress` event per change. */
  subscribe(businessId: string, sink: ProgressSink): Promise<() => void>;
  size(): number;
}

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

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export function createProgressHub(opts: {
  db: Db;
  connectionString: () => string;
  log: Pick<Logger, 'warn'>;
  foldMs?: number;
  heartbeatMs?: number;
}): ProgressHub {
  const foldMs = opts.foldMs ?? 200;
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  const subs = new Map<string, Set<ProgressSink>>();
  const pending = new Set<string>();
  let count = 0;
  let client: Promise<pg.Client> | null = null;
  let folding = false;
  let heartbeat: NodeJS.Timeout | null = null;

  const deliver = async () => {
    folding = false;
    const due = [...pending];
    pending.clear();
    for (const businessId of due) {
      const sinks = subs.get(businessId);
      if (!sinks?.size) continue;
      try {
        const chunk = frame('progress', await progressOf(opts.db, businessId));
        for (const s of sinks) s.write(chunk);
      } catch (err) {
        opts.log.warn({ err }, 'sync progress read failed; the next change sends it again');
      }
    }
  };

  const listen = async () => {
    const c = new pg.Client({ connectionString: opts.connectionString() });
    c.on('notification', (n) => {
      if (!n.payload || !subs.has(n.payload)) return;
      pending.add(n.payload);
      if (!folding) {
        folding = true;
        setTimeout(() => void deliver(), foldMs);
      }
    });
    c.on('error', (err) => {
      opts.log.warn({ err }, 'sync progress LISTEN connection failed; streams reconnect');
      client = null;
      // The page's reader reconnects and gets the counts afresh in `ready`.
      for (const set of subs.values()) for (const s of set) s.write(frame('reconnect', {}));
    });
    await c.connect();
    await c.query(`listen ${PROGRESS_CHANNEL}`);
    return c;
  };

  const stop = () => {
    const c = client;
    client = null;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    void c?.then((x) => x.end()).catch(() => {});
  };

  return {
    size: () => count,
    async subscribe(businessId, sink) {
      const set = subs.get(businessId) ?? new Set<ProgressSink>();
      subs.set(businessId, set);
      set.add(sink);
      count++;
      let done = false;
      const unsubscribe = () => {
        if (done) return;
        done = true;
        set.delete(sink);
        if (set.size === 0) subs.delete(businessId);
        if (--count === 0) stop();
      };
      if (!client) {
        client = listen();
        client.catch(() => {
          client = null;
        });
      }
      heartbeat ??= setInterval(() => {
        for (const s of subs.values()) for (const x of s) x.write(': heartbeat\n\n');
      }, heartbeatMs);
      heartbeat.unref();
      try {
        await client;
        // Listening before reading: a change committed while this stream connected is in the snapshot or
        // arrives as an event after it, never lost between them.
        sink.write(frame('ready', await progressOf(opts.db, businessId)));
      } catch (err) {
        unsubscribe();
        throw err;
      }
      return unsubscribe;
    },
  };
}
