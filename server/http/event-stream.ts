/**
 * Server-Sent Events shared by every stream: the headers and first frame, and the per-business LISTEN hub
 * behind the console's live pages. A hub holds one LISTEN connection per process on its channel (migration
 * triggers NOTIFY a business id), folds a burst per business into one delivery per `foldMs`, and fans it
 * out to that business's open streams. The database stays the only truth: a missed event is healed by the
 * next, and a lost connection tells every stream to reconnect and read afresh. The connection opens with
 * the first stream and closes with the last, so web nodes hold no state beyond their open sockets.
 */
import type { Request, Response } from 'express';
import pg from 'pg';
import type { Logger } from '../log.ts';

/** The first frame of every stream: how long EventSource waits before reconnecting. */
export const RETRY_FRAME = 'retry: 3000\n\n';

/** Response headers of an open stream, besides CORS. */
export const STREAM_HEADERS: [string, string][] = [
  ['Content-Type', 'text/event-stream; charset=utf-8'],
  ['Cache-Control', 'no-cache, no-transform'],
  ['X-Accel-Buffering', 'no'],
];

export const sseFrame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Turns an Express response into an open event stream: headers sent at once, frames not held back by Nagle,
 * dead peers found by TCP keep-alive, and no request timeout (a stream outlives any the server has).
 */
export function openEventStream(req: Request, res: Response): void {
  res.status(200);
  for (const [k, v] of STREAM_HEADERS) res.setHeader(k, v);
  req.socket.setNoDelay(true);
  req.socket.setKeepAlive(true);
  req.setTimeout(0);
  res.flushHeaders();
  res.write(RETRY_FRAME);
}

export interface StreamSink {
  write(chunk: string): boolean;
}

export interface ListenHub {
  /**
   * Registers a stream and resolves once the hub is listening; then writes `ready()`'s frame, so a change
   * committed while the stream connected is in that frame's read or arrives after it, never lost between.
   */
  subscribe(businessId: string, sink: StreamSink, ready: () => Promise<string> | string): Promise<() => void>;
  size(): number;
}

/**
 * Serves one business's stream from a hub: opens it, subscribes (the `ready` frame goes first, once the hub
 * listens), and unsubscribes when the peer goes.
 */
export async function streamFromHub(
  req: Request,
  res: Response,
  hub: ListenHub,
  businessId: string,
  ready: () => Promise<string> | string,
): Promise<void> {
  openEventStream(req, res);
  const unsubscribe = await hub.subscribe(businessId, res, ready);
  res.on('close', unsubscribe);
  if (res.destroyed) unsubscribe();
}

export function createListenHub(opts: {
  channel: string;
  connectionString: () => string;
  log: Pick<Logger, 'warn'>;
  /** The frame a business's streams get after a burst of its notifications; a throw is logged and skipped. */
  deliver: (businessId: string) => Promise<string> | string;
  foldMs: number;
  heartbeatMs?: number;
}): ListenHub {
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  const subs = new Map<string, Set<StreamSink>>();
  const pending = new Set<string>();
  let count = 0;
  let client: Promise<pg.Client> | null = null;
  let folding = false;
  let heartbeat: NodeJS.Timeout | null = null;

  const flush = async () => {
    folding = false;
    const due = [...pending];
    pending.clear();
    for (const businessId of due) {
      const sinks = subs.get(businessId);
      if (!sinks?.size) continue;
      try {
        const chunk = await opts.deliver(businessId);
        for (const s of sinks) s.write(chunk);
      } catch (err) {
        opts.log.warn({ err, channel: opts.channel }, 'live stream read failed; the next change sends it again');
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
        setTimeout(() => void flush(), opts.foldMs);
      }
    });
    c.on('error', (err) => {
      opts.log.warn({ err, channel: opts.channel }, 'LISTEN connection failed; streams reconnect');
      client = null;
      for (const set of subs.values()) for (const s of set) s.write(sseFrame('reconnect', {}));
    });
    await c.connect();
    await c.query(`listen ${opts.channel}`);
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
    async subscribe(businessId, sink, ready) {
      const set = subs.get(businessId) ?? new Set<StreamSink>();
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
        sink.write(await ready());
      } catch (err) {
        unsubscribe();
        throw err;
      }
      return unsubscribe;
    },
  };
}
