/**
 * The proof of work the widget API asks of each callback request: find a counter whose SHA-256 of
 * `challenge:counter` starts with `bits` zero bits. WebCrypto only (no third-party script, nothing a strict
 * CSP blocks); digests run in batches so the page stays responsive. Kept small: the bundle has a budget.
 */
import { endpoint } from './api.ts';

export interface Proof {
  challenge: string;
  solution: string;
}

/** A fresh challenge, solved; undefined when there is none to be had (offline, or no WebCrypto: not a secure page). */
export async function fetchProof(apiBase: string, key: string): Promise<Proof | undefined> {
  try {
    const res = await fetch(endpoint(apiBase, 'challenge?key=' + encodeURIComponent(key)), { credentials: 'omit' });
    const { challenge, bits } = (await res.json()) as { challenge: string; bits: number };
    for (let n = 0; ; n += 256) {
      const hashes = await Promise.all(
        [...Array(256)].map((_, i) =>
          crypto.subtle.digest('SHA-256', new TextEncoder().encode(challenge + ':' + (n + i))),
        ),
      );
      // The first hash whose leading `bits` bits are zero.
      const i = hashes.findIndex((h) => {
        const b = new Uint8Array(h);
        let z = 0;
        while (z < bits && !(b[z >> 3]! & (128 >> (z & 7)))) z++;
        return z >= bits;
      });
      if (i >= 0) return { challenge, solution: '' + (n + i) };
    }
  } catch {}
}
