/**
 * Live inbox: one LISTEN connection per process on `console_inbox` (the migration's triggers NOTIFY the
 * business id when a call, lead or note of it changes), fanned out to that business's open streams as a
 * bare `inbox` event; the page then re-reads its first page, so the database stays the only truth and a
 * missed event costs nothing but a moment's staleness. Bursts are folded per business (one event per
 * `foldMs`). The connection opens with the first stream and closes with the last.
 */
import pg from 'pg';
import type { Logger } from '../log.ts';

export const INBOX_CHANNEL = 'console_inbox';

export interface InboxSink {
  write(chunk: string): boolean;
}

export interface InboxHub {
  subscribe(businessId: string, sink: InboxSink): Promise<() => void>;
  size(): number;
}

export function createInboxHub(opts: {
  connectionString: () => string;
  log: Pick<Logger, 'warn'>;
  foldMs?: number;
  heartbeatMs?: number;
}): InboxHub {
  const foldMs = opts.foldMs ?? 150;
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  const subs = new Map<string, Set<InboxSink>>();
  const pending = new Set<string>();
  let count = 0;
  let client: Promise<pg.Client> | null = null;
  let flushing = false;
  let heartbeat: NodeJS.Timeout | null = null;

  const deliver = () => {
    flushing = false;
    for (const businessId of pending)
      for (const s of subs.get(businessId) ?? []) s.write(`event: inbox\ndata: {"businessId":"${businessId}"}\n\n`);
    pending.clear();
  };

  const listen = async () => {
    const c = new pg.Client({ connectionString: opts.connectionString() });
    c.on('notification', (n) => {
      if (!n.payload || !subs.has(n.payload)) return;
      pending.add(n.payload);
      if (!flushing) {
        flushing = true;
        setTimeout(deliver, foldMs);
      }
    });
    c.on('error', (err) => {
      opts.log.warn({ err }, 'inbox LISTEN connection failed; streams reconnect');
      client = null;
      // The page's EventSource-like reader reconnects and re-reads; nothing is lost but the socket.
      for (const set of subs.values()) for (const s of set) s.write('event: reconnect\ndata: {}\n\n');
    });
    await c.connect();
    await c.query(`listen ${INBOX_CHANNEL}`);
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
      const set = subs.get(businessId) ?? new Set<InboxSink>();
      subs.set(businessId, set);
      set.add(sink);
      count++;
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
      await client;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        set.delete(sink);
        if (set.size === 0) subs.delete(businessId);
        if (--count === 0) stop();
      };
    },
  };
}
