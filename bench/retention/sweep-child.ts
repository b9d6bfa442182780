/**
 * The retention sweep in a process of its own, as the worker or `leadline retention run` has it: the bench's
 * load generator must not share an event loop (and its timers) with the sweep it measures. Connects
 * (application_name `retention-sweep`, one connection as server/privacy/tasks.ts gives it), prints
 * `READY {"pid": <its PostgreSQL backend>}`, sweeps when a line arrives on stdin, prints `REPORT {json}`.
 * Env: DATABASE_URL, SWEEP_BATCH, SWEEP_DUTY.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../server/config.ts';
import { createDb, sqlOf } from '../../server/db/client.ts';
import { createLogger } from '../../server/log.ts';
import { runRetention } from '../../server/privacy/retention.ts';
import { appContext } from '../../server/runtime.ts';

const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('application_name', 'retention-sweep');
const config = loadConfig({
  ...process.env,
  DATABASE_URL: url.toString(),
  LOG_LEVEL: 'silent',
  PUBLIC_BASE_URL: 'https://leadline.bench',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
});
const db = createDb(url.toString(), { max: 1 });
// The one connection stays open for the whole sweep, so its backend pid is the sweep's.
sqlOf(db).options.idleTimeoutMillis = 0;
const ctx = appContext(config, db, createLogger('silent'));
const [me] = await db.$queryRaw<{ pid: number }[]>`select pg_backend_pid() as pid`;
const pid = me!.pid;
console.log(`READY ${JSON.stringify({ pid })}`);

const lines = createInterface({ input: process.stdin });
for await (const _ of lines) {
  const cpu = process.cpuUsage();
  const report = await runRetention(ctx, {
    ...(process.env.SWEEP_BATCH ? { batchSize: Number(process.env.SWEEP_BATCH) } : {}),
    ...(process.env.SWEEP_DUTY ? { duty: Number(process.env.SWEEP_DUTY) } : {}),
  });
  const used = process.cpuUsage(cpu);
  console.log(`REPORT ${JSON.stringify({ ...report, cpuMs: Math.round((used.user + used.system) / 1000) })}`);
}
await db.$disconnect();
process.exit(0); // the pool kept its one connection open (idleTimeoutMillis 0)
