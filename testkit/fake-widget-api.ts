/**
 * A test double of OUR widget API (server/widget-api), speaking the documented HTTP contract, so the
 * component can be tested in a real browser without the database. It also serves the built bundle at
 * /widget.js and /widget/<hash>.js, and records what the browser sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import type { WidgetConfig } from '../widget/src/api.ts';
import type { StatusEvent } from '../widget/src/status.ts';

export interface RecordedPost {
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}
export interface RecordedEvents {
  id: string;
  /** The token the stream was opened with (directly, or the one its ticket was minted for). */
  token: string;
  /** The single-use ticket in the URL, when the stream was opened with one (the widget's way). */
  ticket: string | null;
  lastEventId: string | undefined;
}
export interface CannedResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeWidgetApi {
  origin: string;
  /** key → config; unknown keys get a 404 problem. */
  configs: Map<string, WidgetConfig>;
  posts: RecordedPost[];
  configRequests: { key: string; headers: IncomingMessage['headers'] }[];
  eventRequests: RecordedEvents[];
  /** Served instead of a 201 for the next POST, then cleared. */
  nextPostResponse: CannedResponse | null;
  /** Appends a status to a callback's history and sends it to every open stream. */
  push(id: string, ev: Omit<StatusEvent, 'at'> & { at?: string }): void;
  /** Number of currently open SSE streams for a callback. */
  openStreams(id: string): number;
  close(): Promise<void>;
}

interface Callback {
  token: string;
  /** Unspent stream tickets (single use, as the real API). */
  tickets: Set<string>;
  history: { seq: number; data: string }[];
  streams: Set<ServerResponse>;
}

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, {
    'content-type': type,
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'Retry-After',
    ...headers,
  });
  res.end(JSON.stringify(body));
};
/** Leading zero bits the fake's challenges ask for: cheap in a test browser, still a real search. */
export const FAKE_POW_BITS = 8;
const proofSolved = (challenge: string, solution: string) => {
  const h = createHash('sha256').update(`${challenge}:${solution}`).digest();
  return h[0] === 0 && /^\d+$/.test(solution);
};

const problem = (
  res: ServerResponse,
  status: number,
  title: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) =>
  json(
    res,
    status,
    { type: 'https://leadline.dev/problems/test', title, status, detail: title, ...extra },
    'application/problem+json',
    headers,
  );

export async function startFakeWidgetApi(script: { code: string; file: string }): Promise<FakeWidgetApi> {
  const callbacks = new Map<string, Callback>();
  let seq = 0;
  const api: FakeWidgetApi = {
    origin: '',
    configs: new Map(),
    posts: [],
    configRequests: [],
    eventRequests: [],
    nextPostResponse: null,
    push(id, ev) {
      const cb = callbacks.get(id);
      if (!cb) throw new Error('no callback ' + id);
      const entry = { seq: cb.history.length + 1, data: JSON.stringify({ at: new Date().toISOString(), ...ev }) };
      cb.history.push(entry);
      for (const s of cb.streams) s.write(`event: status\nid: ${entry.seq}\ndata: ${entry.data}\n\n`);
    },
    openStreams: (id) => callbacks.get(id)?.streams.size ?? 0,
    close: () =>
      new Promise((resolve) => {
        for (const cb of callbacks.values()) for (const s of cb.streams) s.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  let challenges = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      return res.end();
    }
    if (req.method === 'GET' && (path === '/widget.js' || path === '/widget/' + script.file)) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' });
      return res.end(script.code);
    }
    if (req.method === 'GET' && path === '/widget/v1/config') {
      const key = url.searchParams.get('key') ?? '';
      api.configRequests.push({ key, headers: req.headers });
      const config = api.configs.get(key);
      return config ? json(res, 200, config) : problem(res, 404, 'Unknown widget key');
    }
    if (req.method === 'GET' && path === '/widget/v1/challenge') {
      // Easy, but real: the widget must solve it with WebCrypto, and the POST below checks the solution.
      return json(res, 200, {
        challenge: `fake.${++challenges}.challenge`,
        bits: FAKE_POW_BITS,
        expiresAt: '2099-01-01T00:00:00Z',
      });
    }
    if (req.method === 'POST' && path === '/widget/v1/callbacks') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const body = JSON.parse(raw) as Record<string, unknown>;
      api.posts.push({ body, headers: req.headers });
      const proof = body.proof as { challenge?: string; solution?: string } | undefined;
      if (!proof?.challenge || !proofSolved(proof.challenge, String(proof.solution)))
        return problem(res, 422, 'proof: The challenge is not solved');
      const canned = api.nextPostResponse;
      if (canned) {
        api.nextPostResponse = null;
        return json(
          res,
          canned.status,
          canned.body,
          canned.status >= 400 ? 'application/problem+json' : 'application/json',
          canned.headers,
        );
      }
      if (!api.configs.has(String(body.key))) return problem(res, 403, 'Origin not allowed');
      const id = 'cb_' + ++seq;
      const token = 'tok_' + seq + '_secret';
      callbacks.set(id, { token, tickets: new Set(), history: [], streams: new Set() });
      api.push(id, { status: 'queued' });
      return json(res, 201, { id, token, status: 'queued' });
    }
    const t = /^\/widget\/v1\/callbacks\/([^/]+)\/stream-ticket$/.exec(path);
    if (req.method === 'POST' && t) {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const cb = callbacks.get(decodeURIComponent(t[1]!));
      if (!cb || (JSON.parse(raw) as { token?: string }).token !== cb.token) return problem(res, 403, 'Bad token');
      const ticket = `tkt_${++seq}`;
      cb.tickets.add(ticket);
      return json(res, 201, { ticket, expiresInSeconds: 30 });
    }
    const m = /^\/widget\/v1\/callbacks\/([^/]+)\/events$/.exec(path);
    if (req.method === 'GET' && m) {
      const id = decodeURIComponent(m[1]!);
      const ticket = url.searchParams.get('ticket');
      const cb = callbacks.get(id);
      const token =
        ticket !== null ? (cb?.tickets.delete(ticket) ? cb.token : '') : (url.searchParams.get('token') ?? '');
      const lastEventId = req.headers['last-event-id'] as string | undefined;
      api.eventRequests.push({ id, token, ticket, lastEventId });
      if (!cb) return problem(res, 404, 'Unknown callback');
      if (cb.token !== token) return problem(res, 401, 'Bad token');
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        'access-control-allow-origin': '*',
      });
      res.write(': connected\n\n');
      const after = Number(lastEventId ?? 0) || 0;
      for (const e of cb.history) if (e.seq > after) res.write(`event: status\nid: ${e.seq}\ndata: ${e.data}\n\n`);
      cb.streams.add(res);
      req.on('close', () => cb.streams.delete(res));
      return;
    }
    problem(res, 404, 'Not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

/** Serves host pages from another origin than the widget (as on a customer's site), with optional CSP. */
export async function startPageServer(): Promise<{
  origin: string;
  pages: Map<string, { html: string; csp?: string }>;
  close(): Promise<void>;
}> {
  const pages = new Map<string, { html: string; csp?: string }>();
  const server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      ...(page.csp ? { 'content-security-policy': page.csp } : {}),
    });
    res.end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pages,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
