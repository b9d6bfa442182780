/**
 * The event stream's lean path (server/widget-api/stream-takeover.ts): the socket leaves Node's HTTP
 * server as soon as the request is parsed. sse.test.ts covers the stream's contract through it; this file
 * covers what is particular to it: raw responses, refusals, cleanup, logging, connection reuse, fallback.
 */
import http from 'node:http';
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testkit/http.ts';
import type { TestApp } from '../../testkit/app.ts';
import { createLogger } from '../../server/log.ts';
import { recordCallbackProgress } from '../../server/widget-api/progress.ts';
import {
  makeBusiness,
  randomIp,
  randomUsNumber,
  SseClient,
  startWidgetApp,
  streamUrl,
  validCallback,
} from '../../testkit/widget-app.ts';
import { withProof } from '../../testkit/widget-proof.ts';

const logLines: Record<string, any>[] = [];
const logSink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n')) if (line) logLines.push(JSON.parse(line));
    done();
  },
});

let app: TestApp;
let plain: TestApp;
beforeAll(async () => {
  [app, plain] = await Promise.all([
    startWidgetApp({ ctx: { log: createLogger('info', logSink) } }),
    startWidgetApp({ upgrades: false }),
  ]);
});
afterAll(async () => {
  await app.close();
  await plain.close();
});

async function newCallback(a = app) {
  const b = await makeBusiness(a.ctx);
  const r = await call(a.url, 'POST', '/widget/v1/callbacks', {
    headers: { origin: b.origin, 'x-forwarded-for': randomIp() },
    body: await withProof(a.url, b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() })),
  });
  expect(r.status).toBe(201);
  await a.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + r.body.id})`;
  return { b, id: r.body.id as string, token: r.body.token as string };
}
/** The bare stream path (what the logs show); `ticket` adds a credential as given. */
const eventsPath = (id: string, ticket?: string) =>
  `/widget/v1/callbacks/${id}/events${ticket === undefined ? '' : `?ticket=${encodeURIComponent(ticket)}`}`;
/** A freshly minted ticket's stream path, as the widget opens it. */
const ticketPath = async (a: TestApp, id: string, token: string, origin: string) =>
  (await streamUrl(a.url, id, token, origin)).slice(a.url.length);
const progress = (a: TestApp, id: string, status: 'calling' | 'ringing' | 'completed') =>
  a.ctx.db.$transaction((tx) => recordCallbackProgress(tx, id, { status }));
const until = async (pred: () => boolean, ms = 3000) => {
  for (const end = Date.now() + ms; !pred(); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** A GET read to the end (refusals close the connection), on a fresh connection. */
function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('event stream taken off the HTTP server', () => {
  it('answers on the bare socket: close-delimited, with helmet, CORS and the request id', async () => {
    const { b, id, token } = await newCallback();
    const sse = new SseClient(app.url + (await ticketPath(app, id, token, b.origin)), {
      origin: b.origin,
      'x-request-id': 'trace-abc.1',
    });
    await sse.until((c) => c.events.length === 1);
    expect(sse.status).toBe(200);
    // The Express route answers `keep-alive` and chunked: these two say the takeover served it.
    expect(sse.headers.connection).toBe('close');
    expect(sse.headers['transfer-encoding']).toBeUndefined();
    expect(sse.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      'access-control-allow-origin': b.origin,
      'access-control-expose-headers': 'Retry-After, RateLimit, RateLimit-Policy',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': expect.stringContaining('max-age='),
      vary: 'Origin',
      'x-request-id': 'trace-abc.1',
    });
    expect(sse.frames[0]).toEqual({}); // the `retry:` frame
    // `at` is the stored time, read as UTC like Prisma reads it.
    const [row] = await app.ctx.db.callbackEvent.findMany({ where: { callbackRequestId: id } });
    expect(sse.events[0]!.at).toBe(row!.createdAt.toISOString());
    sse.close();
  });

  it('refuses bad input with problem+json and closes the connection', async () => {
    const { b, id, token } = await newCallback();
    const missing = await get(app.url + eventsPath(id), { origin: b.origin });
    expect(missing.status).toBe(422);
    expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(missing.headers.connection).toBe('close');
    expect(JSON.parse(missing.body)).toMatchObject({
      type: 'https://leadline.dev/problems/validation',
      status: 422,
      errors: [{ path: 'ticket' }], // a stream ticket is required
    });

    const notUuid = await get(app.url + eventsPath('not-a-uuid', 'x'.repeat(20)), { origin: b.origin });
    expect(notUuid.status).toBe(422);
    expect(JSON.parse(notUuid.body)).toMatchObject({
      errors: [{ path: 'id' }],
      instance: '/widget/v1/callbacks/not-a-uuid/events',
    });
    expect(notUuid.body).not.toContain(token);

    const wrongTicket = await get(app.url + eventsPath(id, `${Date.now()}.${'x'.repeat(43)}`), { origin: b.origin });
    expect(wrongTicket.status).toBe(403);
    expect(JSON.parse(wrongTicket.body)).toMatchObject({
      type: 'https://leadline.dev/problems/stream-ticket',
      status: 403,
    });
    expect(wrongTicket.headers['access-control-allow-origin']).toBe(b.origin); // the widget may read why

    const foreign = await get(app.url + (await ticketPath(app, id, token, b.origin)), {
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ type: 'https://leadline.dev/problems/origin-not-allowed' });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect((await get(app.url + (await ticketPath(app, id, token, b.origin)), {})).status).toBe(403);
    const elsewhere = (await ticketPath(app, id, token, b.origin)).replace(id, '00000000-0000-4000-8000-000000000000');
    expect((await get(app.url + elsewhere, { origin: b.origin })).status).toBe(403);
    expect(app.ctx.events.size()).toBe(0);
  });

  it('streams live events, and the client leaving frees its socket and hub entry', async () => {
    const { b, id, token } = await newCallback();
    const sse = new SseClient(app.url + (await ticketPath(app, id, token, b.origin)), { origin: b.origin });
    await sse.until((c) => c.events.length === 1);
    expect(app.ctx.events.size()).toBe(1);
    await progress(app, id, 'calling');
    await sse.until((c) => c.events.length === 2);
    sse.close();
    await until(() => app.ctx.events.size() === 0);
    // Logged from the socket's 'close': the server side of the connection is gone too.
    await until(() => logLines.some((l) => l.msg === 'widget stream closed' && l.req.url === eventsPath(id)));
  });

  it('an id in capitals still gets live events (the hub keys subscribers by the id NOTIFY sends)', async () => {
    const { b, id, token } = await newCallback();
    const sse = new SseClient(app.url + (await ticketPath(app, id, token, b.origin)).replace(id, id.toUpperCase()), {
      origin: b.origin,
    });
    await sse.until((c) => c.events.length === 1);
    await progress(app, id, 'calling');
    await sse.until((c) => c.events.length === 2);
    sse.close();
  });

  it('logs one line when a stream opens and one when it closes; never the token', async () => {
    const { b, id, token } = await newCallback();
    const from = logLines.length;
    const sse = new SseClient(app.url + (await ticketPath(app, id, token, b.origin)), {
      origin: b.origin,
      'x-request-id': 'log-test-1',
    });
    await sse.until((c) => c.events.length === 1);
    await progress(app, id, 'completed');
    await sse.until((c) => c.ended);
    await until(() => logLines.slice(from).some((l) => l.msg === 'widget stream closed'));
    await get(app.url + eventsPath(id, 'x'.repeat(20)), { origin: b.origin, 'x-request-id': 'log-test-2' });
    const mine = logLines.slice(from).filter((l) => l.req?.id?.startsWith('log-test-'));
    expect(mine.map((l) => [l.req.id, l.msg, l.res?.statusCode])).toEqual([
      ['log-test-1', 'widget stream opened', undefined],
      ['log-test-1', 'widget stream closed', 200],
      ['log-test-2', 'request completed', 403],
    ]);
    expect(mine[1]).toMatchObject({ req: { method: 'GET', url: eventsPath(id) }, responseTime: expect.any(Number) });
    expect(JSON.stringify(logLines)).not.toContain(token);
  });

  it('also takes over a stream asked for on a reused keep-alive connection', async () => {
    const { b, id, token } = await newCallback();
    // Raw: the test run's network guard (nock) sends its own `Connection: close` through http.Agent.
    const socket = net.connect(Number(new URL(app.url).port), '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => text.includes('{"status":"ok"}'));
    expect(text).toMatch(/connection: keep-alive/i);
    text = '';
    socket.write(
      `GET ${await ticketPath(app, id, token, b.origin)} HTTP/1.1\r\nHost: x\r\nOrigin: ${b.origin}\r\n\r\n`,
    );
    await until(() => text.includes('event: status'));
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toContain('\r\nConnection: close\r\n');
    expect(text.toLowerCase()).not.toContain('transfer-encoding');
    socket.destroy();
    await until(() => app.ctx.events.size() === 0);
  });

  it('a stream with a request pipelined behind it is served by the Express route', async () => {
    const { b, id, token } = await newCallback();
    const socket = net.connect(Number(new URL(app.url).port), '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    socket.write(
      `GET ${await ticketPath(app, id, token, b.origin)} HTTP/1.1\r\nHost: x\r\nOrigin: ${b.origin}\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    await until(() => text.includes('event: status'));
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text.toLowerCase()).toContain('transfer-encoding: chunked');
    await progress(app, id, 'calling');
    await until(() => text.split('event: status').length === 3);
    socket.destroy();
    await until(() => app.ctx.events.size() === 0);
  });

  it('on shutdown, open streams end at once and the server closes', async () => {
    const own = await startWidgetApp();
    const { b, id, token } = await newCallback(own);
    const sse = new SseClient(own.url + (await ticketPath(own, id, token, b.origin)), { origin: b.origin });
    await sse.until((c) => c.events.length === 1);
    const started = Date.now();
    await own.close();
    await sse.until((c) => c.ended, 2000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('without the takeover, the Express route serves the same stream and refusals', async () => {
    const { b, id, token } = await newCallback(plain);
    const sse = new SseClient(plain.url + (await ticketPath(plain, id, token, b.origin)), { origin: b.origin });
    await sse.until((c) => c.events.length === 1);
    expect(sse.headers['transfer-encoding']).toBe('chunked');
    expect(sse.headers['access-control-allow-origin']).toBe(b.origin);
    sse.close();
    const refused = await get(plain.url + eventsPath(id, `${Date.now()}.${'x'.repeat(43)}`), { origin: b.origin });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ type: 'https://leadline.dev/problems/stream-ticket' });
  });
  it.each([
    ['socket takeover', () => app],
    ['Express route', () => plain],
  ])(
    "attack (%s): the callback's long-lived token in the URL opens nothing, even beside a good ticket",
    async (_n, appOf) => {
      const a = appOf();
      const { b, id, token } = await newCallback(a);
      const before = (await a.ctx.db.callbackRequest.findUniqueOrThrow({ where: { id } })).streamTicketAt;
      const byToken = await get(`${a.url}/widget/v1/callbacks/${id}/events?token=${encodeURIComponent(token)}`, {
        origin: b.origin,
      });
      expect(byToken.status).toBe(422);
      expect(JSON.parse(byToken.body)).toMatchObject({ type: 'https://leadline.dev/problems/validation' });
      expect(byToken.headers['content-type']).not.toContain('text/event-stream');
      expect(byToken.body).not.toContain('event: status');
      const withTicket = `${await ticketPath(a, id, token, b.origin)}&token=${encodeURIComponent(token)}`;
      const both = await get(a.url + withTicket, { origin: b.origin });
      expect(both.status).toBe(422);
      expect(JSON.parse(both.body)).toMatchObject({ errors: [{ path: 'token' }] });
      expect(a.ctx.events.size()).toBe(0);
      // Nothing spent either: the ticket minted above was never used by a stream.
      expect((await a.ctx.db.callbackRequest.findUniqueOrThrow({ where: { id } })).streamTicketAt).toBe(before);
    },
  );
});
