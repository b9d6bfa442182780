/**
 * Measures each statement a sweep runs, so a report (and the bench) can say how long the longest held its
 * locks, and paces the sweep: after each statement it rests in proportion to the time the statement took,
 * so the sweep uses at most `duty` of one connection (and of one database core). Live traffic (the voice
 * webhook answers on Twilio's clock) then finds the database between batches instead of behind a queue of
 * back-to-back deletes; the sweep takes longer, which nothing waits on.
 */
export interface StatementTimer {
  time<T>(fn: () => Promise<T>): Promise<T>;
  longest(): number;
  /** Time spent resting between statements (ms). */
  rested(): number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function statementTimer(o: { duty?: number } = {}): StatementTimer {
  const duty = Math.min(1, Math.max(0.01, o.duty ?? 1));
  let longest = 0;
  let rested = 0;
  return {
    async time(fn) {
      const t = performance.now();
      try {
        return await fn();
      } finally {
        const took = performance.now() - t;
        longest = Math.max(longest, took);
        // Resting after a failed statement too: a struggling database is the last one to hurry.
        const rest = (took * (1 - duty)) / duty;
        if (rest >= 1) {
          rested += rest;
          await sleep(rest);
        }
      }
    },
    longest: () => longest,
    rested: () => rested,
  };
}
