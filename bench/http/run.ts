/** GET /readyz and an authenticated GET /api/v1/businesses/:id at 100 concurrent connections. */
import autocannon from 'autocannon';
import { writeFileSync } from 'node:fs';
import { machine } from '../lib/machine.ts';
import { startChild, summary } from '../lib/server.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const target = await startChild('bench/http/target.ts', {});
const { url, token, businessId } = target.info as Record<string, string>;
const run = (path: string, headers: Record<string, string> = {}) => autocannon({ url: url + path, connections: 100, duration: seconds, headers });
await run('/readyz'); // warm-up pass is discarded below by re-running
const rows = [
  ['GET /readyz', summary(await run('/readyz'))],
  ['GET /api/v1/businesses/:id (JWT)', summary(await run(`/api/v1/businesses/${businessId}`, { authorization: `Bearer ${token}` }))],
] as const;
await target.stop();
const md = [
  `### HTTP API (100 connections, ${seconds} s each, server in its own process)`,
  '',
  '| route | req/s | p50 ms | p99 ms | errors | non-2xx |',
  '|---|---|---|---|---|---|',
  ...rows.map(([name, s]) => `| ${name} | ${s.rps} | ${s.p50} | ${s.p99} | ${s.errors} | ${s.non2xx} |`),
  '',
  `Machine: ${machine()}`,
  '',
].join('\n');
writeFileSync(new URL('./RESULTS.part.md', import.meta.url), md);
console.log(md);
