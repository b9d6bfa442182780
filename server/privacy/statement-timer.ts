/**
 * Measures each statement a sweep runs, so a report (and the bench) can say how long the longest held its
 * locks, and paces the sweep: after each statement it rests in proportion to the time the statement took,
 * so the sweep uses at most `duty` of one connection (and of one database core). Live traffic (the voice
 * webhook answers on Twilio's clock) then finds the database between batches instead of behind a queue of
 * back-to-back deletes; the sweep takes longer, which nothing waits on. A database that slows down (other
 * work on it, or on the machine) makes every statement take longer, so the rests grow with it.
 */
export interface StatementTimer {
  time<T>(fn: () => Promise<T>, step?: string): Promise<T>;
  longest(): number;
  /** The step whose statement took longest. */
  longestStep(): string;
  /** How long the last statement took (ms), rest excluded. */
  last(): number;
  /** Time spent resting between statements (ms). */
  rested(): number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function statementTimer(o: { duty?: number } = {}): StatementTimer {
  const duty = Math.min(1, Math.max(0.01, o.duty ?? 1));
  let longest = 0;
  let longestStep = '';
  let last = 0;
  let rested = 0;
  return {
    async time(fn, step = '') {
      const t = performance.now();
      try {
        return await fn();
      } finally {
        const took = performance.now() - t;
        last = took;
        if (took > longest) [longest, longestStep] = [took, step];
        // Resting after a failed statement too: a struggling database is the last one to hurry.
        const rest = (took * (1 - duty)) / duty;
        if (rest >= 1) {
          rested += rest;
          await sleep(rest);
        }
      }
    },
    longest: () => longest,
    longestStep: () => longestStep,
    last: () => last,
    rested: () => rested,
  };
}

/**
 * Rows per statement, steered by how long statements take: a fixed batch is 5 ms on a quiet database and
 * 150 ms on a busy one (and a statement's time is how long its row locks are held). After each batch the
 * size is scaled towards `targetMs` — cut at once when a statement ran over, grown by at most half when a
 * full one ran well under — within [`min`, `max`]. The floor (default a tenth of `max`) is there because
 * on a starved machine a statement's time is mostly waiting for a CPU, not its rows: below it, smaller
 * batches would only mean more statements, each waiting as long.
 */
export interface BatchSizer {
  size(): number;
  /** A statement over `rows` rows (of a batch of `size()`) took `ms`. */
  observe(ms: number, rows: number): void;
}

export function batchSizer(o: { max: number; targetMs: number; min?: number }): BatchSizer {
  const min = Math.max(1, Math.min(o.max, o.min ?? Math.floor(o.max / 10)));
  let size = o.max;
  return {
    size: () => size,
    observe(ms, rows) {
      if (ms > o.targetMs) {
        // Proportional, with a margin: most of a statement's time scales with its rows.
        const fits = Math.floor((Math.max(rows, 1) * o.targetMs * 0.8) / ms);
        size = Math.max(min, Math.min(size, fits));
      } else if (rows >= size * 0.75 && ms < o.targetMs / 2) {
        size = Math.min(o.max, Math.ceil(size * Math.min(1.5, (o.targetMs * 0.8) / Math.max(ms, 0.1))));
      }
    },
  };
}
