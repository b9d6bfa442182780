/**
 * Webhook receivers on loopback: each records what reached it (headers, raw body) and answers as told —
 * 2xx, an error status, a redirect, a slow answer or an endless body. Tests verify signatures on what
 * arrived exactly as an integrator's server would, with the `standardwebhooks` package.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Behaviour =
  | { kind: 'ok'; status?: number; body?: string }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'slow'; ms: number }
  | { kind: 'huge'; bytes: number };

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  behave(b: Behaviour): void;
  /** Resolves once `n` requests have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  /** For 'huge': whether the sender hung up before the body was all written. */
  cutShort: number;
  stop(): Promise<void>;
}

export async function startReceiver(opts: { host?: string; behaviour?: Behaviour } = {}): Promise<Receiver> {
  const received: Received[] = [];
  let behaviour: Behaviour = opts.behaviour ?? { kind: 'ok' };
  const waiters = new Set<() => void>();
  const state = { cutShort: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        at: Date.now(),
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      for (const w of waiters) w();
      const b = behaviour;
      if (b.kind === 'ok') res.writeHead(b.status ?? 200).end(b.body ?? 'ok');
      else if (b.kind === 'status') res.writeHead(b.status).end(b.body ?? '');
      else if (b.kind === 'redirect') res.writeHead(302, { location: b.location }).end();
      else if (b.kind === 'slow') setTimeout(() => res.writeHead(200).end('late'), b.ms).unref();
      else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        let sent = 0;
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = () => {
          while (sent < b.bytes) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => {
          if (sent < b.bytes) state.cutShort++;
        });
        pump();
      }
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    received,
    behave: (b) => void (behaviour = b),
    get cutShort() {
      return state.cutShort;
    },
    waitFor(n, timeoutMs = 10_000) {
      if (received.length >= n) return Promise.resolve(received.slice());
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(received.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`only ${received.length} of ${n} webhook requests within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
