/**
 * HTTP helpers any connector can use: reading Retry-After and bounding how long one vendor request may take.
 */

/**
 * `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns milliseconds from `now`,
 * or null when the header is absent or unreadable (the caller then picks its own default).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

export class RequestTimeoutError extends Error {
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`request did not finish within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

export class RequestAbortedError extends Error {
  constructor() {
    super('request aborted');
    this.name = 'RequestAbortedError';
  }
}

/**
 * Races `work` against a deadline and an optional abort signal. SDKs that give no way to cancel a request
 * (the HubSpot SDK's fetch has no timeout) still let the caller move on and report a transient failure.
 */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) {
    // The request is already under way; its answer (or failure) is no longer anyone's, but must not go unhandled.
    work.catch(() => {});
    return Promise.reject(new RequestAbortedError());
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new RequestTimeoutError(timeoutMs))), timeoutMs);
    const onAbort = () => finish(() => reject(new RequestAbortedError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    let done = false;
    function finish(settle: () => void) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    work.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}
