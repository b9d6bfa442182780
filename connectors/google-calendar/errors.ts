import { parseRetryAfter } from '../shared/http.ts';
import { ConnectorError } from '../types.ts';
import { apiErrorSchema } from './schema.ts';

/**
 * Calendar API / Google OAuth failures → ConnectorError. Reasons per the Calendar API "Handle API errors"
 * guide: 403 rateLimitExceeded / userRateLimitExceeded and 429 mean back off exponentially; 403
 * quotaExceeded is the daily project quota; 401 is an expired or revoked token.
 */

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);
export const RATE_BACKOFF_BASE_MS = 2_000;
export const DAILY_QUOTA_BACKOFF_MS = 60 * 60_000;

/** Base delay plus up to 100 % random jitter: the first step of an exponential schedule server/sync grows. */
export function backoffHint(baseMs: number, random: () => number = Math.random): number {
  return Math.round(baseMs * (1 + random()));
}

export interface GoogleErrorInfo {
  status: number | null;
  reason: string | null;
  message: string;
  retryAfter: string | null;
  oauthError: string | null;
}

function header(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : null;
}

export function googleErrorInfo(err: unknown): GoogleErrorInfo {
  const e = (err && typeof err === 'object' ? err : {}) as {
    status?: unknown;
    message?: unknown;
    response?: { status?: number; data?: unknown; headers?: unknown };
  };
  const status = typeof e.status === 'number' ? e.status : (e.response?.status ?? null);
  const data = e.response?.data;
  const parsed = apiErrorSchema.safeParse(data);
  const reason = parsed.success ? (parsed.data.error.errors?.[0]?.reason ?? null) : null;
  const oauthError =
    data && typeof data === 'object' && typeof (data as { error?: unknown }).error === 'string'
      ? (data as { error: string }).error
      : null;
  const message =
    (parsed.success ? parsed.data.error.message : null) ?? (typeof e.message === 'string' ? e.message : String(err));
  return { status, reason, message, retryAfter: header(e.response?.headers, 'retry-after'), oauthError };
}

export function classifyGoogleError(err: unknown): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const code = (err as { code?: unknown })?.code;
  const info = googleErrorInfo(err);
  const detail = `Google Calendar ${info.status ?? 'error'}${info.reason ? ` ${info.reason}` : ''}: ${info.message}`;
  const opts = { httpStatus: info.status, cause: err };

  if (info.status === null) {
    if (
      (typeof code === 'string' && NETWORK_CODES.has(code)) ||
      (err as Error)?.name === 'AbortError' ||
      (err as Error)?.name === 'TimeoutError'
    ) {
      return new ConnectorError('transient', `Google unreachable: ${info.message}`, {
        ...opts,
        retryAfterMs: backoffHint(RATE_BACKOFF_BASE_MS),
      });
    }
    return new ConnectorError('permanent', detail, opts);
  }
  const retryAfterMs = parseRetryAfter(info.retryAfter);
  if (info.status === 429 || (info.status === 403 && info.reason && RATE_REASONS.has(info.reason))) {
    return new ConnectorError('transient', detail, {
      ...opts,
      retryAfterMs: retryAfterMs ?? backoffHint(RATE_BACKOFF_BASE_MS),
    });
  }
  if (info.status === 403 && info.reason === 'quotaExceeded') {
    return new ConnectorError('transient', detail, {
      ...opts,
      retryAfterMs: retryAfterMs ?? backoffHint(DAILY_QUOTA_BACKOFF_MS),
    });
  }
  // invalid_grant: refresh token revoked/expired; insufficientPermissions: a scope was unticked at consent.
  if (
    info.status === 401 ||
    info.oauthError === 'invalid_grant' ||
    info.reason === 'insufficientPermissions' ||
    info.reason === 'authError'
  ) {
    return new ConnectorError('auth', detail, opts);
  }
  if (info.status >= 500)
    return new ConnectorError('transient', detail, {
      ...opts,
      retryAfterMs: retryAfterMs ?? backoffHint(RATE_BACKOFF_BASE_MS),
    });
  return new ConnectorError('permanent', detail, opts);
}

/**
 * The connected calendar itself is gone or no longer shared with the user: nothing syncs until someone
 * reconnects or picks another calendar, which is what `auth` (needs_reauth) tells the business.
 */
export function calendarGone(err: unknown): ConnectorError {
  const info = googleErrorInfo(err);
  return new ConnectorError(
    'auth',
    `Google calendar not found or no longer accessible (${info.status}): ${info.message}`,
    { httpStatus: info.status, cause: err },
  );
}
