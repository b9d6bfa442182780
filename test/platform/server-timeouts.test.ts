/**
 * The HTTP server's deadlines are chosen, not Node's defaults (which hold a body trickled at 1 byte/s for
 * 300 s): a trickled body is cut with 408 at HTTP_REQUEST_TIMEOUT_MS, slow headers at
 * HTTP_HEADERS_TIMEOUT_MS, an idle keep-alive socket is closed at HTTP_KEEP_ALIVE_TIMEOUT_MS, and other
 * clients are served meanwhile. Short limits here so the test is quick; the defaults are checked too.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testConfig, type TestApp } from '../../testkit/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    env: { HTTP_HEADERS_TIMEOUT_MS: '800', HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_KEEP_ALIVE_TIMEOUT_MS: '500' },
  });
});
afterAll(() => app.close());

/** A raw socket to the app, with what it received and when it closed (ms after opening). */
async function rawSocket() {
  const { port } = new URL(app.url);
  const socket: Socket = connect(Number(port), '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const opened = Date.now();
  let received = '';
  socket.on('data', (d) => (received += d.toString()));
  socket.on('error', () => {});
  const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now() - opened)));
  return { socket, closed, received: () => received };
}

/** Writes `text` one byte every `everyMs` until the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number) {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  return () => clearInterval(timer);
}

describe('HTTP server deadlines', () => {
  it('defaults are deliberate and well under a minute', () => {
    const c = testConfig();
    expect(c.HTTP_HEADERS_TIMEOUT_MS).toBe(10_000);
    expect(c.HTTP_REQUEST_TIMEOUT_MS).toBe(30_000);
    expect(c.HTTP_KEEP_ALIVE_TIMEOUT_MS).toBe(10_000);
    expect(() => testConfig({ HTTP_REQUEST_TIMEOUT_MS: '300000' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
    expect(app.server.requestTimeout).toBe(1500);
    expect(app.server.headersTimeout).toBe(800);
    expect(app.server.keepAliveTimeout).toBe(500);
  });

  it('a body trickled at one byte per 200 ms is cut with 408 at the request deadline; others are served meanwhile', async () => {
    const { socket, closed, received } = await rawSocket();
    const body = JSON.stringify({ email: 'slow@example.com', password: 'x'.repeat(200) });
    socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    const stop = trickle(socket, body, 200);
    // Another client is answered while the slow one holds its socket.
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    const after = await closed;
    stop();
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
    expect(after).toBeGreaterThanOrEqual(1400);
    expect(after).toBeLessThan(3000); // not Node's 300 s
  });

  it('headers trickled past their deadline are cut', async () => {
    const { socket, closed, received } = await rawSocket();
    const stop = trickle(socket, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(200), 100);
    const after = await closed;
    stop();
    expect(received()).toMatch(/^HTTP\/1\.1 408|^$/);
    expect(after).toBeLessThan(2000);
  });

  it('an idle keep-alive socket is closed at its deadline', async () => {
    const { socket, closed, received } = await rawSocket();
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const after = await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 200/);
    // Node keeps the socket a further second (keepAliveTimeoutBuffer) so a client that was told the
    // deadline in `Keep-Alive: timeout=` never races it.
    expect(after).toBeGreaterThanOrEqual(500);
    expect(after).toBeLessThan(2500);
  });
});
