/**
 * Fan-out of CallbackEvents to SSE subscribers in this process. One dedicated `pg` connection LISTENs on
 * `callback_events`; a NOTIFY names a callback id, and the new rows are read from the database (the
 * source of truth) in one query per batch, however many callbacks changed. Any process can serve any
 * subscriber because nothing here is business state: only who is connected and what they have seen.
 *
 * One batch runs at a time and every subscriber's first read (the Last-Event-ID replay) goes through the
 * same batches, so a subscriber never receives events out of order or twice.
 */
import pg from 'pg';
import { sqlOf, type Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { CALLBACK_CHANNEL, isFinalEvent, type CallbackStatus } from './progress.ts';
import {
  type Admission,
  createStreamAdmission,
  DEFAULT_STREAM_LIMITS,
  type Refusal,
  type StreamLimits,
} from './stream-admission.ts';

export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  readonly writableLength: number;
}

export interface EventRow {
  id: bigint;
  cid: string;
  status: CallbackStatus;
  data: { leadCaptured?: boolean; retryScheduled?: boolean } | null;
  createdAt: Date;
}

interface Subscriber {
  callbackId: string;
  lastId: bigint;
  sink: SseSink;
  closed: boolean;
  /** ms since the epoch; streams older than the limits' maxAgeMs are ended at the next heartbeat */
  openedAt: number;
  admission: Admission | null;
}

export interface EventsHubOptions {
  db: Db;
  /** Resolved when the first subscriber arrives. */
  connectionString: () => string;
  log: Pick<Logger, 'warn' | 'error' | 'debug'>;
  /** `: heartbeat` comment interval; one timer for all subscribers. */
  heartbeatMs?: number;
  /** Keep the LISTEN connection this long after the last subscriber left (reconnecting costs a round trip). */
  lingerMs?: number;
  /** Subscribers whose unsent output exceeds this are dropped; they reconnect with Last-Event-ID. */
  maxBufferedBytes?: number;
  /** Ids per fetch query. */
  batchSize?: number;
  /** Streams per client, callback and business, and their longest life (stream-admission.ts). */
  limits?: Partial<StreamLimits>;
}

/** The SSE frame of one event; `data` carries only what the widget contract names. */
export function formatEvent(row: Pick<EventRow, 'id' | 'status' | 'data' | 'createdAt'>): string {
  const data: Record<string, unknown> = { status: row.status };
  if (row.status === 'completed') data.leadCaptured = row.data?.leadCaptured ?? false;
  if (row.status === 'no_answer') data.retryScheduled = row.data?.retryScheduled ?? false;
  data.at = row.createdAt.toISOString();
  return `id: ${row.id}\nevent: status\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface EventsHub {
  /** A place for a new stream within the limits (taken now), or which limit refuses it. */
  admit(p: { client: string; callbackId: string; businessId: string }): Admission | Refusal;
  /**
   * Registers a subscriber; events after `lastId` are replayed, then new ones streamed. Returns unsubscribe.
   * `admission` (from admit) is released when the subscriber goes.
   */
  subscribe(callbackId: string, lastId: bigint, sink: SseSink, admission?: Admission): Promise<() => void>;
  /** Subscriber count, for health and benchmarks. */
  size(): number;
  close(): Promise<void>;
}

export function createEventsHub(opts: EventsHubOptions): EventsHub {
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const lingerMs = opts.lingerMs ?? 30_000;
  const maxBuffered = opts.maxBufferedBytes ?? 256 * 1024;
  const batchSize = opts.batchSize ?? 2000;
  const limits = { ...DEFAULT_STREAM_LIMITS, ...opts.limits };
  const admission = createStreamAdmission(limits);
  const subs = new Map<string, Set<Subscriber>>();
  let count = 0;
  let client: pg.Client | null = null;
  let listening: Promise<void> | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let linger: NodeJS.Timeout | null = null;
  let reconnect: NodeJS.Timeout | null = null;
  let closed = false;

  const dirty = new Set<string>();
  let running = false;

  function drop(s: Subscriber) {
    if (s.closed) return;
    s.closed = true;
    s.admission?.release();
    const set = subs.get(s.callbackId);
    if (set?.delete(s)) {
      count--;
      if (!set.size) subs.delete(s.callbackId);
    }
    s.sink.end();
    if (count === 0) idle();
  }

  function idle() {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    if (linger) clearTimeout(linger);
    linger = setTimeout(() => void disconnect(), lingerMs);
    linger.unref();
  }

  async function disconnect() {
    linger = null;
    if (reconnect) clearTimeout(reconnect);
    reconnect = null;
    const c = client;
    client = null;
    listening = null;
    if (c) await c.end().catch(() => {});
  }

  function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: opts.connectionString(), keepAlive: true });
    client = c;
    const lost = (err?: Error) => {
      if (client !== c) return; // an intentional disconnect
      client = null;
      listening = null;
      opts.log.warn({ err }, 'callback events listener lost; reconnecting');
      if (count > 0 && !closed) {
        reconnect = setTimeout(() => {
          reconnect = null;
          // Whatever was committed while we were away is fetched by poking every subscribed callback.
          void ensureListening().then(
            () => {
              for (const id of subs.keys()) poke(id);
            },
            (e) => opts.log.error({ err: e }, 'listener reconnect failed'),
          );
        }, 1000);
        reconnect.unref();
      }
    };
    c.on('error', (err) => lost(err));
    c.on('end', () => lost());
    c.on('notification', (msg) => {
      if (msg.payload) poke(msg.payload);
    });
    return (async () => {
      await c.connect();
      await c.query(`LISTEN ${CALLBACK_CHANNEL}`);
    })().catch((err) => {
      if (client === c) {
        client = null;
        listening = null;
      }
      void c.end().catch(() => {});
      throw err;
    });
  }

  function ensureListening(): Promise<void> {
    listening ??= connect();
    return listening;
  }

  function poke(callbackId: string) {
    if (!subs.has(callbackId)) return;
    dirty.add(callbackId);
    if (!running) {
      running = true;
      // setImmediate coalesces the NOTIFYs of one transaction (and connects arriving together) into one batch.
      setImmediate(() => void run());
    }
  }

  async function run() {
    try {
      while (dirty.size) {
        const ids = [...dirty].filter((id) => subs.has(id));
        dirty.clear();
        for (let i = 0; i < ids.length; i += batchSize) await fetchAndSend(ids.slice(i, i + batchSize));
      }
    } catch (err) {
      opts.log.error({ err }, 'callback events fetch failed');
    } finally {
      running = false;
      if (dirty.size) {
        running = true;
        setImmediate(() => void run());
      }
    }
  }

  async function fetchAndSend(ids: string[]) {
    const afters = ids.map((id) => {
      let min: bigint | null = null;
      for (const s of subs.get(id) ?? []) if (min === null || s.lastId < min) min = s.lastId;
      return String(min ?? 0n);
    });
    // On the driver pool: a reconnect storm replays thousands of streams, and Prisma's raw path costs more.
    // "createdAt" is stored without a zone and means UTC (as Prisma reads it).
    const { rows } = await sqlOf(opts.db).query<Omit<EventRow, 'id'> & { id: string }>(
      `select e."id", e."callbackRequestId"::text as "cid", e."status"::text as "status", e."data", e."createdAt" at time zone 'UTC' as "createdAt"
       from "CallbackEvent" e
       join unnest($1::text[]::uuid[], $2::text[]::bigint[]) as w("cid", "after")
         on e."callbackRequestId" = w."cid" and e."id" > w."after"
       order by e."id"`,
      [ids, afters],
    );
    for (const row of rows) {
      const id = BigInt(row.id);
      const frame = formatEvent({ ...row, id });
      const final = isFinalEvent(row.status, row.data ?? {});
      for (const s of subs.get(row.cid) ?? []) {
        if (s.closed || id <= s.lastId) continue;
        s.lastId = id;
        s.sink.write(frame);
        if (final || s.sink.writableLength > maxBuffered) drop(s);
      }
    }
  }

  return {
    admit: (p) => admission.admit(p),
    async subscribe(callbackId, lastId, sink, admitted) {
      if (closed) {
        admitted?.release();
        throw new Error('events hub is closed');
      }
      if (linger) clearTimeout(linger);
      linger = null;
      // LISTEN before the first read: a NOTIFY committed in between is then seen, never lost.
      try {
        await ensureListening();
      } catch (err) {
        admitted?.release();
        throw err;
      }
      const s: Subscriber = {
        callbackId,
        lastId,
        sink,
        closed: false,
        openedAt: Date.now(),
        admission: admitted ?? null,
      };
      let set = subs.get(callbackId);
      if (!set) {
        set = new Set();
        subs.set(callbackId, set);
      }
      set.add(s);
      count++;
      if (!heartbeat) {
        heartbeat = setInterval(() => {
          const oldest = Date.now() - limits.maxAgeMs;
          for (const set of [...subs.values()])
            for (const sub of [...set]) {
              // A stream on a callback that never settles must not live for ever; EventSource comes back if needed.
              if (sub.openedAt < oldest) drop(sub);
              else sub.sink.write(': heartbeat\n\n');
            }
        }, heartbeatMs);
        heartbeat.unref();
      }
      poke(callbackId);
      return () => drop(s);
    },
    size: () => count,
    async close() {
      closed = true;
      for (const set of [...subs.values()]) for (const s of [...set]) drop(s);
      if (linger) clearTimeout(linger);
      linger = null;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      await disconnect();
    },
  };
}
