/**
 * Open-loop load: requests leave on a fixed schedule (one every 1/rate s) whatever the server does, and
 * each one's latency counts from when it was due, so time spent waiting for a free socket or a late
 * timer is in the number too (no coordinated omission). autocannon's `overallRate` is not this: each
 * connection sends its per-second quota back to back when its 1 s interval fires, so all connections
 * burst together once a second, and its correction then adds synthetic samples at 1 ms steps.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface OpenLoopOptions {
  url: string;
  rate: number;
  seconds: number;
  sockets: number;
  request: () => { body: string; headers: Record<string, string> };
  /** Hears each successful request: when it was due and its latency (ms), to tag samples by phase. */
  onSample?: (due: number, ms: number) => void;
}

export async function openLoop(o: OpenLoopOptions): Promise<{
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  errors: number;
  non2xx: number;
  /** Every successful request's latency (ms), sorted: for callers that pool several windows. */
  latencies: number[];
}> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.sockets });
  const target = new URL(o.url);
  const total = Math.round(o.rate * o.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  let outstanding = 0;
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  const settle = () => {
    outstanding--;
    if (sent === total && outstanding === 0) finished();
  };

  function send(due: number) {
    const { body, headers } = o.request();
    outstanding++;
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.once('end', () => {
          if (res.statusCode! >= 200 && res.statusCode! < 300) {
            latencies.push(performance.now() - due);
            o.onSample?.(due, performance.now() - due);
          } else non2xx++;
          settle();
        });
      },
    );
    req.once('error', () => {
      errors++;
      settle();
    });
    req.end(body);
  }

  const start = performance.now() + 10;
  const timer = setInterval(() => {
    const now = performance.now();
    while (sent < total && start + (sent * 1000) / o.rate <= now) send(start + (sent++ * 1000) / o.rate);
    if (sent === total) clearInterval(timer);
  }, 1);
  await done;
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN).toFixed(1));
  const mean = latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1);
  return {
    rps: Math.round(latencies.length / elapsed),
    p50: at(0.5),
    p99: at(0.99),
    mean: Number(mean.toFixed(2)),
    errors,
    non2xx,
    latencies,
  };
}
