/**
 * Pure decisions: what a connector's outcome means for our status rows. Errors were classified once, in
 * the connector; here only `kind` and `retryAfterMs` are read, never vendor text.
 */
import type { OutcomeIds } from '../../connectors/manifest.ts';
import type { SyncOutcome } from '../../connectors/types.ts';
import { budgetWaitOf } from './budget.ts';

/** Transient failures are retried with backoff this many times, then the record fails with the reason. */
export const MAX_ATTEMPTS = 12;

export type Decision =
  | { kind: 'synced'; externalIds: Record<string, string>; deepLink: string | null }
  | { kind: 'failed'; error: string }
  | { kind: 'retry'; error: string; retryAfterMs: number | null; httpStatus: number | null }
  /** Only our own request budget said "not now" (nothing was sent): left pending as it is, no attempt counted. */
  | { kind: 'wait'; waitMs: number }
  | { kind: 'parked'; error: string };

/** `attempts`: failed attempts before this one. */
export function decide(outcome: SyncOutcome | undefined, attempts: number): Decision {
  if (!outcome) return retryOrGiveUp('the connector returned no outcome for this work', attempts, null, null);
  if (outcome.status === 'synced')
    return { kind: 'synced', externalIds: outcome.externalIds, deepLink: outcome.deepLink };
  const e = outcome.error;
  if (e.kind === 'auth') return { kind: 'parked', error: e.message };
  if (e.kind === 'permanent') return { kind: 'failed', error: e.message };
  const wait = budgetWaitOf(e);
  if (wait) return { kind: 'wait', waitMs: wait.retryAfterMs ?? 0 };
  return retryOrGiveUp(e.message, attempts, e.retryAfterMs, e.httpStatus);
}

function retryOrGiveUp(
  error: string,
  attempts: number,
  retryAfterMs: number | null,
  httpStatus: number | null,
): Decision {
  if (attempts + 1 >= MAX_ATTEMPTS)
    return { kind: 'failed', error: `gave up after ${attempts + 1} attempts: ${error}` };
  return { kind: 'retry', error, retryAfterMs, httpStatus };
}

const RANK: Record<Decision['kind'], number> = { synced: 0, failed: 1, wait: 2, retry: 3, parked: 4 };

/**
 * A lead with several works (one per pending call) takes the most pressing decision: parked, then retry
 * (the lead goes again, an attempt spent), then wait (it goes again, no attempt spent), then failed (a
 * reason to show), else synced with the first work's ids.
 */
export function combine(decisions: Decision[]): Decision {
  let worst: Decision | undefined;
  for (const d of decisions) if (!worst || RANK[d.kind] > RANK[worst.kind]) worst = d;
  return worst ?? { kind: 'retry', error: 'no work was built for this lead', retryAfterMs: null, httpStatus: null };
}

/** The id shown for a lead: the person its connector reports (contact / Lead), else the event. */
export const primaryId = (ids: Record<string, string>, keys: OutcomeIds): string | null =>
  pick(ids, keys.person) ?? pick(ids, keys.event);

/** The id of the logged call: the activity its connector reports (call / Task), else the event. */
export const activityId = (ids: Record<string, string>, keys: OutcomeIds): string | null =>
  pick(ids, keys.activity) ?? pick(ids, keys.event);

const pick = (ids: Record<string, string>, key: string | undefined) => (key !== undefined ? (ids[key] ?? null) : null);

/**
 * Backoff (seconds) before retry number `attempts`: 1, 2, 4 … capped at an hour, times a jitter in
 * [0.5, 1.5) so separate failures do not come back in lockstep. Mirrored in SQL by claim.ts (which takes
 * the jitter from the failure's time, keeping one failed batch together).
 */
export function backoffSeconds(attempts: number, jitter01: number): number {
  if (attempts <= 0) return 0;
  return Math.min(3600, 2 ** (attempts - 1)) * (0.5 + jitter01);
}
