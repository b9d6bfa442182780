/**
 * The HubSpot stand-in's rate limits, per account (hub): object requests per rolling window
 * (TEN_SECONDLY_ROLLING) and search requests per second (SECONDLY), refused with HubSpot's 429 body.
 */
import { randomUUID } from 'node:crypto';
import { HttpError } from './hubspot-standin-parts.ts';
import type { StandinOptions } from './hubspot-standin-types.ts';

export type Bucket = 'objects' | 'search';

/** `rateLimited` counts refusals per policy name, for the stand-in's stats. */
export function rateLimiter(
  opts: Pick<
    StandinOptions,
    'objectsPer10s' | 'searchPerSecond' | 'objectsWindowMs' | 'searchWindowMs' | 'retryAfterHeader'
  >,
  rateLimited: Record<string, number>,
) {
  const hits = new Map<string, number[]>();
  function limited(hubId: number, bucket: Bucket): HttpError | null {
    const max = bucket === 'objects' ? (opts.objectsPer10s ?? 100) : (opts.searchPerSecond ?? 5);
    const windowMs = bucket === 'objects' ? (opts.objectsWindowMs ?? 10_000) : (opts.searchWindowMs ?? 1_000);
    const key = `${hubId}:${bucket}`;
    const t = Date.now();
    const times = (hits.get(key) ?? []).filter((x) => x > t - windowMs);
    hits.set(key, times);
    if (times.length < max) {
      times.push(t);
      return null;
    }
    const policyName = bucket === 'objects' ? 'TEN_SECONDLY_ROLLING' : 'SECONDLY';
    rateLimited[policyName] = (rateLimited[policyName] ?? 0) + 1;
    const message =
      bucket === 'objects'
        ? 'You have reached your ten_secondly_rolling limit.'
        : 'You have reached your secondly limit.';
    const wait = Math.max(1, Math.ceil(((times[0] ?? t) + windowMs - t) / 1000));
    return new HttpError(
      429,
      { message, errorType: 'RATE_LIMIT', policyName, requestId: randomUUID() },
      opts.retryAfterHeader ? { 'retry-after': String(wait) } : {},
    );
  }

  return limited;
}
