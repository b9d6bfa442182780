import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { classifyAddress, mayConnect } from './address-policy.ts';

/** Host name → its addresses (A and AAAA). */
export type Resolve = (host: string) => Promise<string[]>;

/** The system resolver, or the given DNS servers (`host:port,…`, WEBHOOKS_DNS_SERVERS). */
export function createResolver(servers?: string): Resolve {
  if (!servers) return async (host) => (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  const r = new dns.Resolver({ timeout: 2000, tries: 2 });
  r.setServers(
    servers
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return async (host) => {
    const [v4, v6] = await Promise.allSettled([r.resolve4(host), r.resolve6(host)]);
    const all = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
    if (!all.length) throw new Error(`${host} did not resolve`);
    return all;
  };
}

export interface SendOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowLoopback: boolean;
  /** Production: a URL saved before https was required (or edited in the database) is not sent to. */
  requireHttps?: boolean;
  resolve: Resolve;
  /** Bytes of the response read before the connection is cut. */
  maxResponseBytes?: number;
}

export interface SendResult {
  ok: boolean;
  status: number | null;
  /** The start of the response body (for the delivery log). */
  body: string | null;
  error: string | null;
  latencyMs: number;
  /** Whether the request left at all (false: refused by the address policy or DNS). */
  sent: boolean;
}

export const EXCERPT_CHARS = 1024;

/**
 * One webhook request. The host is resolved here, at send time, and every address must pass the policy;
 * the connection then goes to the checked address itself (the name is kept for Host, SNI and the
 * certificate), so a second DNS answer cannot swap in an internal address. Redirects are not followed,
 * the response is read up to a cap, and the whole exchange has one deadline.
 */
export async function sendWebhook(o: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, 'latencyMs'>): SendResult => ({
    ...r,
    latencyMs: Math.round(performance.now() - started),
  });
  const url = new URL(o.url);
  if (o.requireHttps && url.protocol !== 'https:')
    return done({ ok: false, status: null, body: null, error: 'refused: not an https URL', sent: false });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await withDeadline(o.resolve(host), o.timeoutMs, 'DNS lookup timed out');
  } catch (err) {
    return done({ ok: false, status: null, body: null, error: `DNS: ${(err as Error).message}`, sent: false });
  }
  const refused = addresses.find((a) => !mayConnect(a, o.allowLoopback));
  if (refused !== undefined || !addresses.length)
    return done({
      ok: false,
      status: null,
      body: null,
      error: `refused: ${host} resolves to a ${classifyAddress(refused ?? '')} address (${refused})`,
      sent: false,
    });
  const address = addresses[0]!;
  const cap = o.maxResponseBytes ?? 64 * 1024;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(done(r));
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request({
      host: address,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      servername: isIP(host) ? undefined : host,
      agent: false,
      headers: {
        ...o.headers,
        host: url.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(o.body)),
        'user-agent': 'Leadline-Webhooks/1',
      },
    });
    const timer = setTimeout(
      () => finish({ ok: false, status: null, body: null, error: `timed out after ${o.timeoutMs} ms`, sent: true }),
      o.timeoutMs,
    );
    req.on('error', (err) =>
      finish({ ok: false, status: null, body: null, error: `connection: ${err.message}`, sent: true }),
    );
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const result = () => {
        const body = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
        const ok = status >= 200 && status < 300;
        const error = ok
          ? null
          : status >= 300 && status < 400
            ? `redirect (${status}) not followed`
            : `HTTP ${status}`;
        finish({ ok, status, body, error, sent: true });
      };
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= cap) chunks.push(c);
        // Enough read: the status decides, the rest of a huge body is never downloaded.
        else result();
      });
      res.on('end', result);
      res.on('error', result);
    });
    req.end(o.body);
  });
}

function withDeadline<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<never>((_, reject) => {
      t = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
