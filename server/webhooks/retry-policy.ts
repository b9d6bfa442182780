/**
 * When a failed delivery is tried again. Exponential (5 s × 4ⁿ, capped at 8 h) with ±25 % jitter, so
 * endpoints that failed together do not come back in lockstep; an event is retried for at least three
 * days (the attempt that finds it older than that is the last), then the delivery is given up.
 */
export const RETRY_FOR_MS = 3 * 24 * 3600_000;
const BASE_MS = 5000;
const CAP_MS = 8 * 3600_000;

/** Delay before attempt `attempts + 1`, after `attempts` failed ones (≥ 1); `jitter01` in [0, 1). */
export function retryDelayMs(attempts: number, jitter01: number): number {
  const raw = Math.min(CAP_MS, BASE_MS * 4 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.75 + jitter01 * 0.5));
}

/** Whether a failed delivery of an event first written at `createdAt` is tried again. */
export const keepTrying = (createdAt: Date, now: Date) => now.getTime() - createdAt.getTime() < RETRY_FOR_MS;

/** The attempts a delivery that never succeeds gets (for documentation and tests): the times after its event. */
export function schedule(jitter01 = 0.5): number[] {
  const at: number[] = [0];
  for (let n = 1; at[at.length - 1]! < RETRY_FOR_MS; n++) at.push(at[at.length - 1]! + retryDelayMs(n, jitter01));
  return at;
}
