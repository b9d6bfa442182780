/**
 * A local HubSpot stand-in: a real HTTP server (node:http) speaking the endpoints the HubSpot connector
 * uses, with HubSpot's limits and error shapes, so pushes can be tested and benchmarked end to end.
 *
 * Limits, per account (hub): 100 object requests per rolling 10 s (TEN_SECONDLY_ROLLING) and 5 search
 * requests per second (SECONDLY), answered with HubSpot's 429 body. A fraction of requests can be failed
 * with a random 5xx before they touch any data. Batches are validated all-or-nothing like HubSpot's
 * (unknown property, bad e-mail, > 100 inputs, duplicate ids → 400 for the whole batch); updates of missing
 * ids answer 207 with OBJECT_NOT_FOUND errors. Contacts and calls can be searched (filter groups, EQ / IN /
 * BETWEEN, datetime properties compared as instants).
 *
 * Like HubSpot, search reads an index that trails writes: with `searchLagMs`, a new record is found by search
 * only that long after it was created (reads by id or by a unique property see it at once). Properties can be
 * created (POST /crm/v3/properties/{contacts|calls}); one declared `hasUniqueValue` is enforced on create, a
 * second record with a taken value answering 409 CONFLICT with the holder's id, as HubSpot does for e-mail.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rateLimiter, type Bucket } from './hubspot-standin-limits.ts';
import { oauthEndpoints } from './hubspot-standin-oauth.ts';
import { objectStore } from './hubspot-standin-objects.ts';
import { HttpError, mulberry32, type StoredObject } from './hubspot-standin-parts.ts';
import { propertyCatalogue } from './hubspot-standin-properties.ts';
import type { HubspotStandin, StandinOptions } from './hubspot-standin-types.ts';

export type { StoredObject };
export type {
  HubspotStandin,
  StandinAccount,
  StandinOptions,
  StandinStats,
  StoredCall,
} from './hubspot-standin-types.ts';

export async function startHubspotStandin(opts: StandinOptions = {}): Promise<HubspotStandin> {
  const accounts = opts.accounts ?? [{ hubId: 12345, token: 'standin-token', refreshToken: 'standin-refresh' }];
  const tokens = new Map(accounts.map((a) => [a.token, a]));
  const dead = new Set<string>();
  const random = mulberry32(opts.seed ?? 1);
  const started = performance.now();
  const arrivals: { at: number; kind: string }[] = [];
  const stats = {
    requests: {} as Record<string, number>,
    total: 0,
    rateLimited: {} as Record<string, number>,
    serverErrors: 0,
    unauthorized: 0,
    badRequests: 0,
    lostAnswers: 0,
  };
  const catalogue = propertyCatalogue(opts.extraProperties);
  const store = objectStore(opts, catalogue);
  const { contacts, calls, ofHub } = store;
  const limited = rateLimiter(opts, stats.rateLimited);
  const oauth = oauthEndpoints(accounts, tokens, dead, opts);

  const routes: [string, RegExp, string, Bucket][] = [
    ['POST', /^\/crm\/v3\/objects\/contacts\/batch\/(create|update|upsert|read)$/, 'contacts.batch.', 'objects'],
    ['POST', /^\/crm\/v3\/objects\/contacts\/search$/, 'contacts.search', 'search'],
    ['POST', /^\/crm\/v3\/objects\/calls\/batch\/(create|read)$/, 'calls.batch.', 'objects'],
    ['POST', /^\/crm\/v3\/objects\/calls\/search$/, 'calls.search', 'search'],
    ['GET', /^\/crm\/v3\/properties\/contacts$/, 'properties.contacts', 'objects'],
    ['POST', /^\/crm\/v3\/properties\/(contacts|calls)$/, 'properties.create.', 'objects'],
    ['POST', /^\/crm\/v3\/objects\/contacts\/gdpr-delete$/, 'contacts.gdpr-delete', 'objects'],
    ['DELETE', /^\/crm\/v3\/objects\/calls\/(\d+)$/, 'calls.archive', 'objects'],
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (status === 400 || status === 409) stats.badRequests++;
      res.writeHead(status, body === null ? headers : { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(body === null ? undefined : JSON.stringify(body));
    };
    const count = (kind: string) => {
      stats.total++;
      stats.requests[kind] = (stats.requests[kind] ?? 0) + 1;
      arrivals.push({ at: performance.now() - started, kind });
      api.onRequest?.(kind);
    };
    try {
      const o = oauth(method, url.pathname, raw);
      if (o) {
        count(`oauth.${url.pathname.split('/')[3] ?? ''}`);
        return send(o[0], o[1]);
      }
      const route = routes.find(([m, re]) => m === method && re.test(url.pathname));
      if (!route)
        return send(404, {
          status: 'error',
          message: `no route ${method} ${url.pathname}`,
          category: 'OBJECT_NOT_FOUND',
        });
      const kind = route[2].endsWith('.') ? route[2] + (url.pathname.match(route[1])?.[1] ?? '') : route[2];
      count(kind);
      await opts.holdRequest?.(kind);
      const auth = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      const account = tokens.get(auth);
      if (!account || dead.has(auth)) {
        stats.unauthorized++;
        return send(401, {
          status: 'error',
          message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
          category: 'INVALID_AUTHENTICATION',
          correlationId: randomUUID(),
        });
      }
      const limit = limited(account.hubId, route[3]);
      if (limit) return send(limit.status, limit.body, limit.headers);
      if (opts.failureRate && random() < opts.failureRate) {
        stats.serverErrors++;
        const status = [500, 502, 503][Math.floor(random() * 3)] ?? 500;
        return send(status, {
          status: 'error',
          message: 'internal error',
          category: 'INTERNAL_ERROR',
          correlationId: randomUUID(),
        });
      }
      if (opts.failRequest?.(kind, stats.requests[kind] ?? 0)) {
        stats.serverErrors++;
        return send(500, { status: 'error', message: 'internal error', category: 'INTERNAL_ERROR' });
      }
      const body = raw ? JSON.parse(raw) : {};
      if (kind === 'calls.archive') {
        const [status, out] = store.archiveCall(account.hubId, url.pathname.split('/').pop() ?? '');
        return send(status, out);
      }
      if (kind === 'contacts.gdpr-delete') {
        const [status, out] = store.gdprDelete(account.hubId, body as { objectId?: string; idProperty?: string });
        return send(status, out);
      }
      if (kind.startsWith('properties.create.')) {
        const [status, out] = catalogue.createProperty(kind.endsWith('calls') ? 'calls' : 'contacts', account, body);
        return send(status, out);
      }
      const handler = store.handlers[kind];
      if (!handler) return send(404, { status: 'error', message: 'unknown endpoint' });
      const [status, out] = handler(account.hubId, body, url.searchParams);
      const write = /batch\.(create|update|upsert)$/.test(kind);
      const nth = stats.requests[kind] ?? 0;
      if (write && (opts.loseAnswer?.(kind, nth) || (opts.lostAnswerRate && random() < opts.lostAnswerRate))) {
        stats.lostAnswers++;
        return send(502, {
          status: 'error',
          message: 'Bad Gateway',
          category: 'INTERNAL_ERROR',
          correlationId: randomUUID(),
        });
      }
      send(status, out);
    } catch (e) {
      if (e instanceof HttpError) return send(e.status, e.body);
      if (e instanceof SyntaxError)
        return send(400, { status: 'error', message: 'Invalid input JSON', category: 'VALIDATION_ERROR' });
      send(500, { status: 'error', message: String(e), category: 'INTERNAL_ERROR' });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const defaultHub = accounts[0]?.hubId ?? 12345;

  const duplicatesOf = (prop: string) => {
    const seen = new Map<string, number>();
    for (const c of contacts.values()) {
      const v = c.properties[prop]?.toLowerCase();
      if (v) seen.set(`${c.hubId}:${v}`, (seen.get(`${c.hubId}:${v}`) ?? 0) + 1);
    }
    return [...seen].filter(([, n]) => n > 1).map(([k]) => k.slice(k.indexOf(':') + 1));
  };

  const api: HubspotStandin = {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    stats: () => ({
      ...stats,
      arrivals: [...arrivals],
      requests: { ...stats.requests },
      rateLimited: { ...stats.rateLimited },
      contacts: contacts.size,
      calls: calls.size,
      duplicates: { email: duplicatesOf('email'), phone: duplicatesOf('phone') },
    }),
    contacts: (hubId = defaultHub) => ofHub(contacts, hubId).map((c) => ({ ...c, properties: { ...c.properties } })),
    calls: (hubId = defaultHub) =>
      ofHub(calls, hubId).map((c) => ({ ...c, properties: { ...c.properties }, associations: [...c.associations] })),
    seed(list, hubId = defaultHub) {
      return list.map((props) => store.createContact(hubId, { ...props }).id);
    },
    invalidateToken(token) {
      dead.add(token);
    },
    gdprDeleted: () => [...store.gdprDeleted],
  };
  return api;
}
