import type { Connection, HttpRequest, HttpRequestOptions, HttpResponse } from 'jsforce';
import type { Transport } from 'jsforce/lib/transport.js';
import type { RateBudget } from '../types.ts';
import { ConnectorError } from '../types.ts';
import { classifySalesforceError } from './errors.ts';

/** The budget bucket every Salesforce REST call draws from (the org's daily API allowance). */
export const API_BUCKET = 'api';
const DEFAULT_TIMEOUT_MS = 60_000;

export interface ApiUsage {
  used: number;
  limit: number;
}

/** `Sforce-Limit-Info: api-usage=18/5000; api-bursts=1/750` → { used: 18, limit: 5000 }. */
export function parseLimitInfo(header: string | null | undefined): ApiUsage | null {
  const m = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
  if (!m) return null;
  const used = Number(m[1]);
  const limit = Number(m[2]);
  return limit > 0 ? { used, limit } : null;
}

/**
 * How long this connection should hold off after seeing the org's daily usage. The allowance is shared
 * with everything else the business runs against Salesforce, so past 80 % we space our calls out rather
 * than be the integration that exhausts it; at 100 % Salesforce refuses calls anyway.
 */
export function limitPauseMs(usage: ApiUsage | null): number {
  if (!usage) return 0;
  const ratio = usage.used / usage.limit;
  if (ratio >= 1) return 30 * 60_000;
  if (ratio >= 0.95) return 5 * 60_000;
  if (ratio >= 0.9) return 30_000;
  if (ratio >= 0.8) return 5_000;
  return 0;
}

/**
 * jsforce's transport retries GETs on 429/5xx by itself for up to ~15 s. Retries are server/sync's job
 * (it owns backoff and the shared budget), so this transport turns them off, bounds every request with a
 * timeout, and remembers the last status and the org's API usage from each response.
 */
interface MeteredTransport extends Transport {
  lastStatus: number | null;
  lastUsage: ApiUsage | null;
  timeoutMs: number;
}

interface Jsforce {
  Connection: typeof Connection;
  MeteredTransport: new () => MeteredTransport;
}

/**
 * jsforce (~37 MB resident) is loaded on first use, not at import: a process that never talks to
 * Salesforce (a web node serving the widget and Twilio webhooks) never pays for it. MeteredTransport
 * extends jsforce's Transport, so the class is made once the module is there.
 */
let jsforce: Promise<Jsforce> | null = null;

function loadJsforce(): Promise<Jsforce> {
  jsforce ??= (async () => {
    const [{ Connection }, { Transport }] = await Promise.all([import('jsforce'), import('jsforce/lib/transport.js')]);

    class Metered extends Transport implements MeteredTransport {
      lastStatus: number | null = null;
      lastUsage: ApiUsage | null = null;
      timeoutMs = DEFAULT_TIMEOUT_MS;

      override httpRequest(req: HttpRequest, options: HttpRequestOptions = {}) {
        this.lastStatus = null;
        const sp = super.httpRequest(req, { ...options, retry: { maxRetries: 0 }, timeout: this.timeoutMs });
        sp.then(
          (res: HttpResponse) => {
            this.lastStatus = res.statusCode;
            this.lastUsage = parseLimitInfo(res.headers['sforce-limit-info']) ?? this.lastUsage;
          },
          () => undefined,
        );
        return sp;
      }
    }

    return { Connection, MeteredTransport: Metered };
  })();
  return jsforce;
}

export const warmUpJsforce = () => loadJsforce().then(() => undefined);

export interface SalesforceClientOptions {
  instanceUrl: string;
  apiVersion: string;
  /** Current token; `forceRefresh` after Salesforce rejected the one we used. */
  accessToken(opts?: { forceRefresh?: boolean }): Promise<string>;
  budget?: RateBudget;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface SalesforceClient {
  readonly instanceUrl: string;
  /**
   * Runs one Salesforce request: takes from the budget, classifies failures, answers a rejected session
   * with exactly one forced refresh and retry, and slows the connection down when the org nears its limit.
   */
  call<T>(fn: (conn: Connection) => Promise<T>): Promise<T>;
}

export async function openSalesforceClient(opts: SalesforceClientOptions): Promise<SalesforceClient> {
  const { Connection, MeteredTransport } = await loadJsforce();
  const transport = new MeteredTransport();
  if (opts.timeoutMs) transport.timeoutMs = opts.timeoutMs;
  const conn = new Connection({
    instanceUrl: opts.instanceUrl,
    version: opts.apiVersion,
    accessToken: await opts.accessToken(),
  });
  conn._transport = transport;

  async function attempt<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    if (opts.signal?.aborted) throw new ConnectorError('transient', 'Salesforce sync aborted', { retryAfterMs: 0 });
    await opts.budget?.take(API_BUCKET);
    try {
      return await fn(conn);
    } catch (err) {
      throw classifySalesforceError(err, transport.lastStatus);
    } finally {
      const pause = limitPauseMs(transport.lastUsage);
      if (pause > 0) await opts.budget?.pause(API_BUCKET, pause);
    }
  }

  return {
    instanceUrl: opts.instanceUrl,
    async call<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
      try {
        return await attempt(fn);
      } catch (err) {
        const ce = err as ConnectorError;
        if (ce.kind === 'transient' && ce.message.includes('REQUEST_LIMIT_EXCEEDED') && ce.retryAfterMs) {
          await opts.budget?.pause(API_BUCKET, ce.retryAfterMs);
        }
        if (ce.kind !== 'auth') throw ce;
        let fresh: string;
        try {
          fresh = await opts.accessToken({ forceRefresh: true });
        } catch (refreshErr) {
          throw classifySalesforceError(refreshErr);
        }
        conn.accessToken = fresh;
        return attempt(fn);
      }
    },
  };
}
