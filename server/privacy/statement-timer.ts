/** Measures each statement a sweep runs, so a report (and the bench) can say how long the longest held its locks. */
export interface StatementTimer {
  time<T>(fn: () => Promise<T>): Promise<T>;
  longest(): number;
}

export function statementTimer(): StatementTimer {
  let longest = 0;
  return {
    async time(fn) {
      const t = performance.now();
      try {
        return await fn();
      } finally {
        longest = Math.max(longest, performance.now() - t);
      }
    },
    longest: () => longest,
  };
}
