/** GET /readyz and an authenticated GET /api/v1/businesses/:id at 100 concurrent connections. */
import autocannon from 'autocannon';
import { latencyTable, writeSection } from '../lib/results.ts';
import { startChild, summary } from '../lib/server.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const target = await startChild('bench/http/target.ts', {});
const { url, token, businessId } = target.info as Record<string, string>;
const run = (path: string, headers: Record<string, string> = {}) =>
  autocannon({ url: url + path, connections: 100, duration: seconds, headers });
await run('/readyz'); // warm-up pass is discarded below by re-running
const rows: [string, ReturnType<typeof summary>][] = [
  ['GET /readyz', summary(await run('/readyz'))],
  [
    'GET /api/v1/businesses/:id (JWT)',
    summary(await run(`/api/v1/businesses/${businessId}`, { authorization: `Bearer ${token}` })),
  ],
];
await target.stop();
writeSection(import.meta.url, [
  `### HTTP API (100 connections, ${seconds} s each, server in its own process)`,
  '',
  ...latencyTable([...rows]),
]);
