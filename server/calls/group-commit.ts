/**
 * Group commit: concurrent callers' writes go to PostgreSQL as one statement per batch. On this hot path
 * a round trip costs more than the rows it carries (a socket write on each side, a transaction, a
 * commit), so while `maxInFlight` batches are out, newcomers queue and leave together in the next one.
 * An idle system sends each item alone on the next turn of the event loop, so nothing waits for a timer.
 */

export interface GroupCommitOptions<I, O> {
  /** Runs one batch in one statement; returns one result per item, in the same order. */
  run(items: I[]): Promise<O[]>;
  /** Items with the same key never share a batch: the later one waits for the next (an upsert cannot touch a row twice). */
  key(item: I): string;
  maxBatch?: number;
  maxInFlight?: number;
  /**
   * Whether a failed batch is worth retrying item by item (an error one item caused, or a deadlock
   * with another batch); if not (the database is unreachable), every item gets the error.
   */
  retryAlone?(err: unknown): boolean;
}

interface Pending<I, O> {
  item: I;
  resolve(o: O): void;
  reject(e: unknown): void;
}

export function groupCommit<I, O>(opts: GroupCommitOptions<I, O>): (item: I) => Promise<O> {
  const maxBatch = opts.maxBatch ?? 64;
  const maxInFlight = opts.maxInFlight ?? 2;
  let queue: Pending<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  function schedule() {
    if (scheduled || inFlight >= maxInFlight || !queue.length) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush() {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length) {
      const batch: Pending<I, O>[] = [];
      const later: Pending<I, O>[] = [];
      const keys = new Set<string>();
      for (const p of queue) {
        const k = opts.key(p.item);
        if (batch.length < maxBatch && !keys.has(k)) {
          keys.add(k);
          batch.push(p);
        } else later.push(p);
      }
      queue = later;
      inFlight++;
      void send(batch).finally(() => {
        inFlight--;
        schedule();
      });
    }
  }

  async function send(batch: Pending<I, O>[]) {
    try {
      const out = await opts.run(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(out[i]!);
    } catch (err) {
      if (batch.length === 1 || !(opts.retryAlone?.(err) ?? true)) {
        for (const p of batch) p.reject(err);
        return;
      }
      // One bad item must not fail its neighbours: each goes alone.
      await Promise.all(batch.map((p) => opts.run([p.item]).then((o) => p.resolve(o[0]!), p.reject)));
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
