/**
 * The HubSpot SDK client factory and the one place HubSpot errors become ConnectorErrors, so server/sync
 * never reads HubSpot's error text.
 */
import type { Client } from '@hubspot/api-client';
import { ConnectorError } from '../types.ts';
import { parseRetryAfter, RequestAbortedError, RequestTimeoutError } from '../shared/http.ts';
import { hubspotErrorBodySchema, type HubspotBatchError, type HubspotErrorBody } from './schema.ts';

export const DEFAULT_API_BASE_URL = 'https://api.hubapi.com';
export const DEFAULT_APP_BASE_URL = 'https://app.hubspot.com';

/**
 * The SDK (~15 MB resident) is loaded on first use, not at import: a process that never talks to HubSpot
 * (a web node serving the widget and Twilio webhooks) never pays for it.
 */
let sdk: Promise<typeof import('@hubspot/api-client')> | null = null;
const loadSdk = () => (sdk ??= import('@hubspot/api-client'));
/**
 * Also builds a throwaway client and touches the APIs a push uses: the SDK loads each API family's modules
 * on first access (~100–300 ms here), which would otherwise sit between a worker's first push and its
 * first request.
 */
export const warmUpHubspotSdk = () =>
  loadSdk().then(({ Client }) => {
    const { crm } = new Client({ numberOfApiCallRetries: 0 });
    void [crm.contacts.batchApi, crm.contacts.searchApi, crm.objects.calls.batchApi, crm.objects.calls.searchApi];
    void crm.properties.coreApi;
  });

/**
 * Retries stay at 0: backoff belongs to server/sync (driven by ConnectorError.retryAfterMs and the shared
 * rate budget); the SDK's own retry would sleep inside a job and double-spend the budget.
 */
export async function createHubspotClient(opts: { basePath: string; accessToken?: string }): Promise<Client> {
  const { Client } = await loadSdk();
  return new Client({
    basePath: opts.basePath.replace(/\/+$/, ''),
    numberOfApiCallRetries: 0,
    ...(opts.accessToken ? { accessToken: opts.accessToken } : {}),
  });
}

/** When HubSpot names no wait: its windows are 10 s (per app), 1 s (search); daily resets at midnight. */
const DEFAULT_WAIT_MS: Record<string, number> = {
  TEN_SECONDLY_ROLLING: 10_000,
  SECONDLY: 1_000,
  DAILY: 60 * 60_000,
};

/** OAuth `status` codes that mean the grant itself is gone: the business must reconnect. */
const DEAD_GRANT_CODES = new Set(['BAD_REFRESH_TOKEN', 'BAD_AUTH_CODE', 'EXPIRED_AUTH_CODE', 'invalid_grant']);

interface ApiExceptionLike {
  code: number;
  body: unknown;
  headers: Record<string, string | undefined>;
}

function isApiException(e: unknown): e is ApiExceptionLike {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'number' && 'body' in e;
}

function parseBody(body: unknown): HubspotErrorBody {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return { message: body.slice(0, 300) };
    }
  }
  const parsed = hubspotErrorBodySchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** Tokens travel in some OAuth paths; they must never reach an error message that gets logged. */
export function redactTokens(text: string): string {
  return text
    .replace(/(\/(?:access|refresh)-tokens\/)[^/\s?"']+/g, '$1[redacted]')
    .replace(/(Bearer\s+)[\w.-]+/gi, '$1[redacted]');
}

function describe(status: number, body: HubspotErrorBody): string {
  const detail = body.message ?? body.error_description ?? body.error ?? 'no message';
  const code = body.category ?? body.status ?? body.error;
  const text = `HubSpot ${status}${code && code !== 'error' ? ` ${code}` : ''}: ${detail}`;
  return redactTokens(text).slice(0, 1000);
}

/** Turns anything the SDK (or our deadline) threw into a classified ConnectorError. */
export function classifyHubspotError(e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  if (e instanceof RequestTimeoutError)
    return new ConnectorError('transient', `HubSpot request timed out after ${e.timeoutMs} ms`, { cause: e });
  if (e instanceof RequestAbortedError) return new ConnectorError('transient', 'HubSpot request aborted', { cause: e });
  if (!isApiException(e)) {
    // Network failures and non-JSON gateway pages (the SDK throws a plain Error for text/html) are passing.
    const message = e instanceof Error ? e.message : String(e);
    return new ConnectorError('transient', redactTokens(`HubSpot unreachable: ${message}`).slice(0, 500), { cause: e });
  }
  const status = e.code;
  const body = parseBody(e.body);
  const message = describe(status, body);
  const opts = { httpStatus: status, cause: e };
  if (status === 429) {
    const policy = body.policyName ?? (body.message?.includes('secondly') ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING');
    const headerWait = parseRetryAfter(e.headers['retry-after']);
    const retryAfterMs = headerWait ?? DEFAULT_WAIT_MS[policy] ?? 10_000;
    return new ConnectorError('transient', `${message} (policy ${policy})`, { ...opts, retryAfterMs });
  }
  if (status === 401) return new ConnectorError('auth', message, opts);
  if (status === 403) {
    return new ConnectorError(body.category === 'MISSING_SCOPES' ? 'auth' : 'permanent', message, opts);
  }
  if (status === 400 && (DEAD_GRANT_CODES.has(body.status ?? '') || DEAD_GRANT_CODES.has(body.error ?? ''))) {
    return new ConnectorError('auth', message, opts);
  }
  if (status >= 500 || status === 408 || status === 423) {
    return new ConnectorError('transient', message, {
      ...opts,
      retryAfterMs: parseRetryAfter(e.headers['retry-after']),
    });
  }
  return new ConnectorError('permanent', message, opts);
}

/** A per-record error from a 207 batch answer. OBJECT_NOT_FOUND keeps its 404 so callers can re-route. */
export function classifyBatchError(err: HubspotBatchError | undefined): ConnectorError {
  const category = err?.category ?? 'UNKNOWN';
  const status = category === 'OBJECT_NOT_FOUND' ? 404 : category === 'CONFLICT' ? 409 : 400;
  return new ConnectorError(
    'permanent',
    redactTokens(`HubSpot ${category}: ${err?.message ?? 'record rejected'}`).slice(0, 1000),
    {
      httpStatus: status,
    },
  );
}
