import type { calendar_v3 } from '@googleapis/calendar';
import type { RateBudget } from '../types.ts';
import { ConnectorError } from '../types.ts';
import { classifyGoogleError } from './errors.ts';

/** Budget bucket for Calendar API calls on one connection (per-user quota). */
export const CALENDAR_BUCKET = 'calendar';
const DEFAULT_TIMEOUT_MS = 30_000;

export interface CalendarClientOptions {
  apiBaseUrl: string;
  accessToken(opts?: { forceRefresh?: boolean }): Promise<string>;
  budget?: RateBudget;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface CalendarClient {
  /**
   * One Calendar API request: budget first; a 401 gets one forced refresh and one retry; a rate limit
   * pauses the whole connection's bucket. Errors come out classified, except those `raw` keeps for the
   * caller to interpret (409 on insert, 404/410 on a patch).
   */
  call<T>(fn: (api: calendar_v3.Calendar) => Promise<T>, raw?: (status: number) => boolean): Promise<T>;
}

/**
 * The generated client (with its own google-auth-library and gaxios) is loaded on first use, not at import:
 * a process that never talks to Google (a web node serving the widget and Twilio webhooks) never pays for it.
 */
let sdk: Promise<typeof import('@googleapis/calendar')> | null = null;
const loadSdk = () => (sdk ??= import('@googleapis/calendar'));
export const warmUpCalendarSdk = () => loadSdk().then(() => undefined);

async function build(
  apiBaseUrl: string,
  token: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<calendar_v3.Calendar> {
  const { auth: googleAuth, calendar } = await loadSdk();
  // The OAuth2 class bundled with the generated client (googleapis-common pins its own
  // google-auth-library); it only carries the bearer token here, refresh is server/sync's.
  const auth = new googleAuth.OAuth2();
  auth.setCredentials({ access_token: token });
  // Retries are server/sync's: gaxios would otherwise retry 429/5xx GETs on its own.
  return calendar({
    version: 'v3',
    auth,
    rootUrl: `${apiBaseUrl.replace(/\/+$/, '')}/`,
    retry: false,
    timeout: timeoutMs,
    signal,
  });
}

export async function openCalendarClient(opts: CalendarClientOptions): Promise<CalendarClient> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let api = await build(opts.apiBaseUrl, await opts.accessToken(), timeoutMs, opts.signal);

  async function attempt<T>(
    fn: (api: calendar_v3.Calendar) => Promise<T>,
    raw?: (status: number) => boolean,
  ): Promise<T> {
    if (opts.signal?.aborted)
      throw new ConnectorError('transient', 'Google Calendar sync aborted', { retryAfterMs: 0 });
    await opts.budget?.take(CALENDAR_BUCKET);
    try {
      return await fn(api);
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      if (raw && typeof status === 'number' && raw(status)) throw err;
      const ce = classifyGoogleError(err);
      if (ce.kind === 'transient' && ce.httpStatus !== null && ce.retryAfterMs)
        await opts.budget?.pause(CALENDAR_BUCKET, ce.retryAfterMs);
      throw ce;
    }
  }

  return {
    async call(fn, raw) {
      try {
        return await attempt(fn, raw);
      } catch (err) {
        if (!(err instanceof ConnectorError) || err.kind !== 'auth' || err.httpStatus !== 401) throw err;
        let token: string;
        try {
          token = await opts.accessToken({ forceRefresh: true });
        } catch (refreshErr) {
          throw classifyGoogleError(refreshErr);
        }
        api = await build(opts.apiBaseUrl, token, timeoutMs, opts.signal);
        return attempt(fn, raw);
      }
    },
  };
}
