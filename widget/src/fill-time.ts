/**
 * Resolves once at least `minMs` whole milliseconds have passed since `since` (a performance.now() reading),
 * with that count. The API answers a request reporting less than its minFillMs as a bot's: a decoy 201 and
 * no call. One timer is not enough: setTimeout drops a delay's fraction of a millisecond and may fire that
 * early, so the count is rounded down and checked again after each wait.
 */
export async function waitFillTime(since: number, minMs: number): Promise<number> {
  const elapsed = Math.floor(performance.now() - since);
  if (elapsed >= minMs) return elapsed;
  await new Promise((r) => setTimeout(r, minMs - elapsed));
  return waitFillTime(since, minMs);
}
