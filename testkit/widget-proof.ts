/**
 * What the widget does before posting a callback: fetch a challenge from the widget API and solve it (here
 * with node:crypto; the widget uses WebCrypto). Tests post what a visitor's browser would.
 */
import { createHash } from 'node:crypto';

const zeroBits = (hash: Buffer) => {
  let n = 0;
  for (const byte of hash) {
    if (byte === 0) n += 8;
    else return n + Math.clz32(byte) - 24;
  }
  return n;
};

/** The counter a browser would find for `challenge`. */
export function solve(challenge: string, bits: number): string {
  for (let i = 0; ; i++) {
    if (zeroBits(createHash('sha256').update(`${challenge}:${i}`).digest()) >= bits) return String(i);
  }
}

export async function fetchChallenge(baseUrl: string, key: string, origin: string) {
  const res = await fetch(`${baseUrl}/widget/v1/challenge?key=${encodeURIComponent(key)}`, { headers: { origin } });
  if (res.status !== 200) throw new Error(`challenge: ${res.status} ${await res.text()}`);
  return (await res.json()) as { challenge: string; bits: number; expiresAt: string };
}

/** `body` with a freshly solved proof, as the widget sends it. */
export async function withProof<T extends { key: string }>(
  baseUrl: string,
  origin: string,
  body: T,
): Promise<T & { proof: { challenge: string; solution: string } }> {
  const c = await fetchChallenge(baseUrl, body.key, origin);
  return { ...body, proof: { challenge: c.challenge, solution: solve(c.challenge, c.bits) } };
}
