/**
 * One push's (or listFields') way of talking to HubSpot: every request takes from the shared rate budget
 * first, runs under a deadline, and comes back either as data or as a classified ConnectorError.
 *
 * Policy, in one place:
 * - 401 → ask server/sync for a fresh token once per session (`forceRefresh`), then retry the request. A
 *   push sends on several lanes at once: a 401 to a request that left with the old token waits for that
 *   one refresh and retries; only a 401 to the refreshed token is final.
 * - 429 → `budget.pause(bucket, wait)` so every worker on the connection backs off, then retry the request
 *   once if the wait is short (rolling 10 s / secondly windows); a DAILY limit is not retried here.
 * - 5xx / timeouts of idempotent requests (search, update, upsert-by-e-mail, creates carrying a unique key
 *   HubSpot enforces) are re-sent here once or twice after a short jittered wait: the answer is the same
 *   whether or not HubSpot applied the first attempt (a keyed create it did apply answers 409 and is adopted).
 *   Creates without a key are never re-sent here: a 5xx after HubSpot committed would make a second record,
 *   so they go back to the connector's next round, which looks the person up again before creating.
 * - everything else is thrown as classified.
 */
import type { Client } from '@hubspot/api-client';
import { ConnectorError, type SyncContext } from '../types.ts';
import { withDeadline } from '../shared/http.ts';
import { classifyHubspotError, createHubspotClient } from './client.ts';

export type Bucket = 'objects' | 'search';

/** Longest 429 wait we sit through inside one push; longer ones go back to server/sync as transient. */
const MAX_INLINE_WAIT_MS = 15_000;

export interface RunOptions {
  /** Safe to send again when the outcome of an attempt is unknown. */
  idempotent?: boolean;
  /** `low`: yields a freed budget slot to a normal request waiting for it (see RateBudget.take). */
  priority?: 'normal' | 'low';
}

/** Re-sends of an idempotent request after a 5xx or timeout, and the wait before each (plus jitter). */
const IDEMPOTENT_RETRIES = 2;
const RETRY_BASE_MS = 150;

export interface HubspotSession {
  run<T>(bucket: Bucket, op: (client: Client) => Promise<T>, opts?: RunOptions): Promise<T>;
}

export function createHubspotSession(
  ctx: Pick<SyncContext, 'accessToken' | 'budget' | 'signal'>,
  opts: { apiBaseUrl: string; timeoutMs: number },
): HubspotSession {
  let client: Client | null = null;
  /** Bumped each time the client gets a new token: tells which token a failed request used. */
  let generation = 0;
  let refresh: { from: number; done: Promise<unknown> } | null = null;

  /** The first client, while it is being made: a push's lanes all start at once and share it. */
  let first: Promise<Client> | null = null;

  function currentClient(forceRefresh = false): Promise<Client> {
    if (client && !forceRefresh) return Promise.resolve(client);
    if (forceRefresh) return connect(true);
    first ??= connect(false).finally(() => {
      first = null;
    });
    return first;
  }

  async function connect(forceRefresh: boolean): Promise<Client> {
    let token: string;
    try {
      token = await ctx.accessToken(forceRefresh ? { forceRefresh: true } : undefined);
    } catch (e) {
      if (e instanceof ConnectorError) throw e;
      throw new ConnectorError(
        'transient',
        `could not obtain a HubSpot access token: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    client = await createHubspotClient({ basePath: opts.apiBaseUrl, accessToken: token });
    if (forceRefresh) generation++;
    return client;
  }

  async function run<T>(bucket: Bucket, op: (client: Client) => Promise<T>, runOpts: RunOptions = {}): Promise<T> {
    let waitedOn429 = false;
    let resent = 0;
    for (;;) {
      const c = await currentClient();
      const usedGeneration = generation;
      // A re-send is the tail of a chain that already waited once: it does not yield its slot again.
      const taken = await ctx.budget.take(bucket, 1, resent > 0 ? 'normal' : (runOpts.priority ?? 'normal'));
      try {
        const answer = await withDeadline(op(c), opts.timeoutMs, ctx.signal);
        taken?.answered();
        return answer;
      } catch (e) {
        taken?.answered();
        const err = classifyHubspotError(e);
        if (err.kind === 'auth' && err.httpStatus === 401) {
          if (usedGeneration !== generation) continue; // refreshed meanwhile by another lane
          refresh ??= { from: usedGeneration, done: currentClient(true) };
          if (refresh.from === usedGeneration) {
            await refresh.done;
            continue;
          }
        }
        if (err.httpStatus === 429 && err.retryAfterMs !== null) {
          await ctx.budget.pause(bucket, err.retryAfterMs);
          if (!waitedOn429 && err.retryAfterMs <= MAX_INLINE_WAIT_MS) {
            waitedOn429 = true;
            continue; // take() above now waits out the pause
          }
        }
        const serverSide = err.kind === 'transient' && (err.httpStatus === null || err.httpStatus >= 500);
        if (
          runOpts.idempotent &&
          serverSide &&
          err.retryAfterMs === null &&
          resent < IDEMPOTENT_RETRIES &&
          !ctx.signal?.aborted
        ) {
          resent++;
          await new Promise((r) => setTimeout(r, RETRY_BASE_MS * resent * (0.5 + Math.random())));
          continue;
        }
        throw err;
      }
    }
  }

  return { run };
}
