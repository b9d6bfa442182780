import { ConnectorError } from '../types.ts';

/**
 * Salesforce failures → ConnectorError, decided here once so server/sync never reads Salesforce text.
 * Codes: REST API "Status Codes and Error Responses" and the SOAP StatusCode list (the same codes appear
 * as `errorCode` on REST errors and `statusCode` inside SaveResult errors).
 */

const AUTH_CODES = new Set([
  'INVALID_SESSION_ID',
  'INVALID_AUTH_HEADER',
  'INVALID_GRANT',
  'INVALID_TOKEN',
  'INVALID_CLIENT',
  'INVALID_CLIENT_ID',
  'INACTIVE_OWNER_OR_USER',
  'USER_NOT_AUTHORIZED',
  'OAUTH_APP_BLOCKED',
  'ERROR_HTTP_401',
]);

/** Org-side conditions that clear by themselves: retry later. */
const TRANSIENT_CODES = new Set([
  'REQUEST_LIMIT_EXCEEDED',
  'SERVER_UNAVAILABLE',
  'UNABLE_TO_LOCK_ROW',
  'REQUEST_RUNNING_TOO_LONG',
  'QUERY_TIMEOUT',
  'TEMPORARY_ERROR',
  'ERROR_HTTP_420',
  'ERROR_HTTP_429',
  'ERROR_HTTP_500',
  'ERROR_HTTP_502',
  'ERROR_HTTP_503',
  'ERROR_HTTP_504',
  'UNKNOWN_EXCEPTION',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
]);

/** The org hit its rolling 24-hour API allowance: nothing helps before part of the window rolls off. */
export const DAILY_LIMIT_BACKOFF_MS = 30 * 60 * 1000;
/** Too many long-running requests at once (ConcurrentPerOrgLongTxn): clears within seconds. */
export const CONCURRENCY_BACKOFF_MS = 10_000;
export const DEFAULT_TRANSIENT_BACKOFF_MS = 5_000;

/** Adds up to 20 % so workers that failed together do not come back together. */
export function withJitter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + 0.2 * random()));
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  errorCode?: unknown;
  statusCode?: unknown;
  code?: unknown;
  type?: unknown;
}

/** The Salesforce code of a thrown error (jsforce HttpApiError, OAuth error, SaveResult error) if any. */
export function salesforceCode(err: unknown): string | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as ErrorLike;
  for (const v of [e.errorCode, e.statusCode]) if (typeof v === 'string' && v) return v;
  // jsforce's OAuth2 errors carry the OAuth `error` (invalid_grant, …) as the error's name.
  if (typeof e.name === 'string' && /^[a-z_]+$/.test(e.name)) return e.name.toUpperCase();
  if (typeof e.name === 'string' && /^(ERROR_HTTP_\d+|[A-Z_]{4,})$/.test(e.name)) return e.name;
  return null;
}

export function classifyCode(code: string, message: string, httpStatus: number | null = null): ConnectorError {
  const detail = `Salesforce ${code}: ${message}`.trim();
  if (AUTH_CODES.has(code)) return new ConnectorError('auth', detail, { httpStatus });
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    const concurrent = /concurrent/i.test(message);
    return new ConnectorError('transient', detail, {
      httpStatus,
      retryAfterMs: withJitter(concurrent ? CONCURRENCY_BACKOFF_MS : DAILY_LIMIT_BACKOFF_MS),
    });
  }
  if (TRANSIENT_CODES.has(code) || /^ERROR_HTTP_5\d\d$/.test(code)) {
    return new ConnectorError('transient', detail, {
      httpStatus,
      retryAfterMs: withJitter(DEFAULT_TRANSIENT_BACKOFF_MS),
    });
  }
  // Everything else is about this record or this org's setup (REQUIRED_FIELD_MISSING, INVALID_FIELD,
  // FIELD_CUSTOM_VALIDATION_EXCEPTION, INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, STRING_TOO_LONG,
  // INSUFFICIENT_ACCESS_OR_READONLY, API_DISABLED_FOR_ORG, …): sending it again changes nothing.
  return new ConnectorError('permanent', detail, { httpStatus });
}

/**
 * `httpStatus` is what the transport saw last, when the caller knows it: jsforce drops the status from
 * errors whose body is JSON.
 */
export function classifySalesforceError(err: unknown, httpStatus: number | null = null): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const e = (err && typeof err === 'object' ? err : {}) as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(err);

  const netCode = typeof e.code === 'string' ? e.code : null;
  if (
    (netCode && NETWORK_CODES.has(netCode)) ||
    e.name === 'FetchError' ||
    e.name === 'AbortError' ||
    e.type === 'request-timeout'
  ) {
    return new ConnectorError('transient', `Salesforce unreachable: ${message}`, {
      retryAfterMs: withJitter(DEFAULT_TRANSIENT_BACKOFF_MS),
      cause: err,
    });
  }

  const code = salesforceCode(err);
  if (code) {
    const classified = classifyCode(code, message, httpStatus);
    return new ConnectorError(classified.kind, classified.message, {
      httpStatus,
      retryAfterMs: classified.retryAfterMs,
      cause: err,
    });
  }
  if (httpStatus === 401)
    return new ConnectorError('auth', `Salesforce rejected the session: ${message}`, { httpStatus, cause: err });
  if (httpStatus !== null && (httpStatus === 429 || httpStatus >= 500)) {
    return new ConnectorError('transient', `Salesforce HTTP ${httpStatus}: ${message}`, {
      httpStatus,
      retryAfterMs: withJitter(DEFAULT_TRANSIENT_BACKOFF_MS),
      cause: err,
    });
  }
  return new ConnectorError('permanent', `Salesforce request failed: ${message}`, { httpStatus, cause: err });
}
