/**
 * How many callback streams one process holds per client, per callback and per business. A stream costs
 * little (≈ 1.5 KB), but nothing else bounds how many one script opens: a token is per callback, and anyone
 * may request callbacks. Counts are per process, like the sockets they stand for.
 */
export interface StreamLimits {
  /** Per client (an IPv4 address or an IPv6 /64). */
  perClient: number;
  /** Per callback: a visitor has one page open, perhaps a few tabs. */
  perCallback: number;
  perBusiness: number;
  /** A stream ends after this long whatever happens (EventSource reconnects if the callback is still live). */
  maxAgeMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  perClient: 20,
  perCallback: 5,
  perBusiness: 2000,
  maxAgeMs: 30 * 60_000,
};

export type Refusal = 'client' | 'callback' | 'business';

export interface Admission {
  /** Gives the place back (idempotent). */
  release(): void;
}

export function createStreamAdmission(limits: StreamLimits) {
  const held = new Map<string, number>();
  const take = (k: string) => held.set(k, (held.get(k) ?? 0) + 1);
  const give = (k: string) => {
    const n = (held.get(k) ?? 1) - 1;
    if (n > 0) held.set(k, n);
    else held.delete(k);
  };
  return {
    /** A place for one more stream, or which limit refuses it. Synchronous: no race between check and count. */
    admit(p: { client: string; callbackId: string; businessId: string }): Admission | Refusal {
      const keys: [string, number, Refusal][] = [
        [`c:${p.client}`, limits.perClient, 'client'],
        [`cb:${p.callbackId}`, limits.perCallback, 'callback'],
        [`b:${p.businessId}`, limits.perBusiness, 'business'],
      ];
      for (const [k, max, why] of keys) if ((held.get(k) ?? 0) >= max) return why;
      for (const [k] of keys) take(k);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          for (const [k] of keys) give(k);
        },
      };
    },
    held: () => held.size,
  };
}
