/**
 * Per-account request budgets shared by every worker process, kept in PostgreSQL (RateWindow rows).
 *
 * Each limited bucket is an exact rolling window: `max` slot rows, each holding the time it was last used.
 * Taking = atomically re-stamping a slot last used more than `windowMs + marginMs` ago; so no rolling window
 * of that length ever sees more than `max` requests, whatever the number of workers. (A fixed-window counter
 * would allow 2×max across a window edge, which is exactly what HubSpot's rolling 10 s limit punishes.)
 * The margin absorbs the time between our take and the vendor counting the request.
 *
 * Pauses (a 429 said "wait", a 5xx sent Retry-After) are a `pausedUntil` on `<prefix>:<bucket>:pause`;
 * bucket `*` pauses every bucket of the account.
 */
import type { BucketLimit } from '../../connectors/manifest.ts';
import type { RateBudget, TakenSlots } from '../../connectors/types.ts';
import { ConnectorError } from '../../connectors/types.ts';
import type { Db } from '../db/client.ts';

// Each connector's buckets and their limits are in its manifest (`limits`).
export type { BucketLimit };

export interface BudgetOptions {
  /** e.g. `budget:hubspot:<portal id>`: accounts, not connections, are what vendors limit. */
  prefix: string;
  limits: Record<string, BucketLimit>;
  /** A longer wait is not sat out inside a job: take() throws a BudgetWaitError carrying the wait. */
  maxWaitMs?: number;
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

const ensuredId = (keys: string[]) => keys[0] + ':' + keys.length;

/**
 * How much later a low-priority taker tries again for a freed slot than a normal one waiting for the same
 * slot: enough for the normal one's claim to land first (one short statement), small against the window.
 */
const LOW_PRIORITY_LAG_MS = 25;

/**
 * take() refusing to wait: the account is paused or its window is full for longer than a job should sit
 * out. Nothing was sent, so server/sync leaves the work pending without counting an attempt and comes back
 * when the wait is over (see push.ts); only the vendor's own answers count as attempts.
 */
export class BudgetWaitError extends ConnectorError {
  constructor(message: string, waitMs: number) {
    super('transient', message, { retryAfterMs: waitMs });
    this.name = 'BudgetWaitError';
  }
}

/** Connectors keep ConnectorErrors as they are, but a wrapped one still counts (its cause chain is searched). */
export function budgetWaitOf(err: unknown): BudgetWaitError | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof BudgetWaitError) return e;
  }
  return null;
}

export function budgetPrefix(provider: string, externalAccountId: string): string {
  return `budget:${provider}:${externalAccountId}`;
}

/**
 * Slot rows this process has created, per database (creating them is idempotent; this only saves a round
 * trip). Shared by every budget of the process: a drain makes one per push, and a push's lanes take at once.
 */
const ensuredByDb = new WeakMap<Db, Map<string, Promise<void>>>();

export function createDbBudget(db: Db, opts: BudgetOptions): RateBudget {
  const maxWaitMs = opts.maxWaitMs ?? 30_000;
  const made = ensuredByDb.get(db) ?? new Map<string, Promise<void>>();
  ensuredByDb.set(db, made);
  const pauseKey = (bucket: string) => `${opts.prefix}:${bucket}:pause`;
  const slotKeys = (bucket: string, limit: BucketLimit) =>
    Array.from({ length: limit.max }, (_, i) => `${opts.prefix}:${bucket}:${i}`);

  function aborted(): void {
    if (opts.signal?.aborted) throw new ConnectorError('transient', 'sync aborted', { retryAfterMs: 0 });
  }

  /** Milliseconds until neither this bucket nor the whole account is paused (0 when not paused). */
  async function pausedFor(bucket: string): Promise<number> {
    const rows = await db.$queryRaw<{ ms: number | null }[]>`
      select (extract(epoch from (max("pausedUntil") - clock_timestamp())) * 1000)::float8 as ms
      from "RateWindow" where "key" in (${pauseKey(bucket)}, ${pauseKey('*')})`;
    return Math.max(0, Math.ceil(rows[0]?.ms ?? 0));
  }

  function ensureSlots(keys: string[]): Promise<void> {
    const id = ensuredId(keys);
    let p = made.get(id);
    if (!p) {
      p = db.$executeRaw`
        insert into "RateWindow" ("key", "windowStart", "used", "updatedAt")
        select k, 'epoch'::timestamptz, 0, now() from unnest(${keys}::text[]) as k
        on conflict ("key") do nothing`.then(() => undefined);
      made.set(id, p);
      p.catch(() => made.delete(id)); // a failed insert is tried again by the next take
    }
    return p;
  }

  /** Takes one free slot (its key into `got`), or answers how many ms until the oldest slot frees. */
  async function claim(keys: string[], limit: BucketLimit, taken: string[]): Promise<number> {
    const secs = (limit.windowMs + limit.marginMs) / 1000;
    const got = await db.$queryRaw<{ key: string }[]>`
      update "RateWindow" r set "windowStart" = clock_timestamp(), "used" = r."used" + 1, "updatedAt" = clock_timestamp()
      from (
        select "key" from "RateWindow"
        where "key" = any(${keys}::text[]) and "windowStart" <= clock_timestamp() - make_interval(secs => ${secs}::float8)
        order by "windowStart" limit 1 for update skip locked
      ) f
      where r."key" = f."key" returning r."key"`;
    if (got.length) {
      taken.push(got[0]!.key);
      return 0;
    }
    const rows = await db.$queryRaw<{ ms: number | null }[]>`
      select (extract(epoch from (min("windowStart") + make_interval(secs => ${secs}::float8) - clock_timestamp())) * 1000)::float8 as ms
      from "RateWindow" where "key" = any(${keys}::text[])`;
    const ms = rows[0]?.ms ?? null;
    if (ms === null) {
      // No slot rows (deleted after this process created them): create them again rather than wait forever.
      made.delete(ensuredId(keys));
      await ensureSlots(keys);
      return claim(keys, limit, taken);
    }
    // Several workers may race for the slot that frees; a short floor keeps the losers from spinning.
    return Math.max(5, Math.ceil(ms));
  }

  /** Moves the slots' last use to now (never back): see TakenSlots. */
  function restamp(keys: string[]): void {
    db.$executeRaw`
      update "RateWindow" set "windowStart" = greatest("windowStart", clock_timestamp()), "updatedAt" = clock_timestamp()
      where "key" = any(${keys}::text[])`.catch(() => {});
  }

  async function waitOut(ms: number, what: string): Promise<void> {
    if (ms > maxWaitMs) throw new BudgetWaitError(`${what}: waiting ${ms} ms for the request budget`, ms);
    await sleep(ms, opts.signal);
    aborted();
  }

  return {
    async take(bucket: string, cost = 1, priority: 'normal' | 'low' = 'normal'): Promise<TakenSlots | void> {
      const limit = opts.limits[bucket];
      const keys = limit ? slotKeys(bucket, limit) : [];
      if (limit) {
        if (cost > limit.max)
          throw new ConnectorError(
            'permanent',
            `a request costing ${cost} can never fit bucket ${bucket} (max ${limit.max})`,
          );
        await ensureSlots(keys);
      }
      const taken: string[] = [];
      while (taken.length < cost) {
        aborted();
        const paused = await pausedFor(bucket);
        if (paused > 0) {
          await waitOut(paused, `${bucket} paused`);
          continue;
        }
        if (!limit) return undefined;
        const wait = await claim(keys, limit, taken);
        if (wait > 0) await waitOut(wait + (priority === 'low' ? LOW_PRIORITY_LAG_MS : 0), `${bucket} window full`);
      }
      return { answered: () => restamp(taken) };
    },

    async pause(bucket: string, ms: number): Promise<void> {
      const key = pauseKey(bucket);
      await db.$executeRaw`
        insert into "RateWindow" ("key", "windowStart", "used", "pausedUntil", "updatedAt")
        values (${key}, now(), 0, clock_timestamp() + make_interval(secs => ${ms / 1000}::float8), now())
        on conflict ("key") do update set
          "pausedUntil" = greatest(coalesce("RateWindow"."pausedUntil", 'epoch'::timestamptz), excluded."pausedUntil"),
          "updatedAt" = now()`;
    },
  };
}
