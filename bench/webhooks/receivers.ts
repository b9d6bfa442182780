/**
 * The integrators' side of the webhook bench, in its own process: `count` receivers on loopback (one of
 * them answering after `slowMs` when asked), each noting the webhook-id, when it arrived and the event's
 * timestamp. Prints READY with the ports; answers `stats` over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const count = Number(process.env.RECEIVERS ?? 100);
const slowMs = Number(process.env.SLOW_MS ?? 10_000);
interface Seen {
  path: string;
  id: string;
  at: number;
  eventAt: number;
}
const seen: Seen[] = [];

const ports: number[] = [];
for (let i = 0; i < count + 1; i++) {
  const slow = i === count; // the last one is the slow endpoint of the isolation case
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { timestamp: string };
      seen.push({
        path: req.url ?? '/',
        id: String(req.headers['webhook-id']),
        at,
        eventAt: Date.parse(body.timestamp),
      });
      if (slow) setTimeout(() => res.writeHead(200).end('late'), slowMs).unref();
      else res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ports.push((server.address() as AddressInfo).port);
}
process.on('message', (m: { cmd: string; path?: string }) => {
  if (m.cmd === 'stats') {
    const rows = seen.filter((s) => !m.path || s.path.startsWith(m.path));
    process.send!({ rows });
  }
  if (m.cmd === 'reset') {
    seen.length = 0;
    process.send!({ ok: true });
  }
});
console.log(`READY ${JSON.stringify({ ports: ports.join(',') })}`);
