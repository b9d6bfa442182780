/**
 * The retention sweep under load (#14): BENCH_SEGMENTS transcript segments past retention across
 * BENCH_BUSINESSES businesses, swept (in a process of its own, as the worker or the CLI runs it) while the
 * voice webhook takes signed calls at a fixed BENCH_RATE (open loop) throughout. Each round: the webhook
 * idle for BENCH_IDLE_SECONDS, during the sweep, idle again — so a disturbed idle phase shows beside the
 * sweep; BENCH_ROUNDS rounds per BENCH_VARIANTS batch:duty pair (default: the configured one), the
 * segments seeded again between rounds with the load paused. Per phase, where the CPU went (the sweep's
 * PostgreSQL backend and process, the app's backends and process, autovacuum) and what the app's active
 * backends waited on (pg-sampler.ts). Then the export of one person among BENCH_LEADS leads, p50 over
 * BENCH_EXPORTS runs.
 *
 * Full size (~4 minutes):
 *   npm run bench -- retention
 * Reduced (a trend on a busy machine):
 *   BENCH_SEGMENTS=300000 BENCH_BUSINESSES=300 BENCH_LEADS=10000 npm run bench -- retention
 *
 * Goals: sweep ≤ 60 s, no statement > 100 ms, webhook p99 during the sweeps ≤ 1.5× idle (the rounds pooled),
 * export p50 ≤ 1 s.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import twilio from 'twilio';
import { loadConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/client.ts';
import { buildExport } from '../../server/privacy/export.ts';
import { writeSection } from '../lib/results.ts';
import { startChild } from '../lib/server.ts';
import { openLoop } from '../voice-webhook/open-loop.ts';
import { continuousLoad, sleep, startSweeper, type SweepReport } from './harness.ts';
import { pgSampler } from './pg-sampler.ts';

const SEGMENTS = Number(process.env.BENCH_SEGMENTS ?? 1_000_000);
const BUSINESSES = Number(process.env.BENCH_BUSINESSES ?? 1000);
const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = 4; // warm-up
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const EXPORTS = Number(process.env.BENCH_EXPORTS ?? 21);
const SEGMENTS_PER_CALL = 10;
const token = 'bench-twilio-auth-token-0123456789';

const target = await startChild('bench/http/target.ts', {
  TWILIO_ACCOUNT_SID: 'AC' + 'a1'.repeat(16),
  TWILIO_AUTH_TOKEN: token,
  OPENAI_API_KEY: 'sk-bench-0123456789',
  PUBLIC_BASE_URL: 'https://leadline.bench',
});
const { url, phone, dbUrl, businessId } = target.info as Record<string, string>;
const config = loadConfig({
  ...process.env,
  DATABASE_URL: dbUrl,
  LOG_LEVEL: 'silent',
  PUBLIC_BASE_URL: 'https://leadline.bench',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
});
const benchUrl = `${dbUrl}${dbUrl!.includes('?') ? '&' : '?'}application_name=bench`;
const db = createDb(benchUrl, { max: 4 });

function signedRequest() {
  const params = {
    CallSid: 'CA' + randomBytes(16).toString('hex'),
    From: '+15125550142',
    To: phone!,
    Direction: 'inbound',
    AccountSid: 'AC' + 'a1'.repeat(16),
  };
  const sig = twilio.getExpectedTwilioSignature(token, 'https://leadline.bench/twilio/voice', params);
  return {
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
  };
}
const load = () =>
  openLoop({ url: `${url}/twilio/voice`, rate: RATE, seconds: SECONDS, sockets: 200, request: signedRequest });

// ---- seed: old calls with transcripts across many businesses, and one business with many leads
const t = performance.now();
const callsPerBusiness = Math.max(1, Math.round(SEGMENTS / BUSINESSES / SEGMENTS_PER_CALL));
await db.$executeRawUnsafe(`
  insert into "Business" ("id", "name", "widgetPublicKey", "widgetOrigins", "updatedAt")
  select gen_random_uuid(), 'Retention bench ' || i, 'pk_bench_' || i, '{}', now() from generate_series(1, ${BUSINESSES}) i`);
await db.$executeRawUnsafe(`
  insert into "Call" ("id", "businessId", "twilioCallSid", "direction", "status", "startedAt", "updatedAt", "from")
  select gen_random_uuid(), b."id", 'CA' || md5(random()::text), 'inbound', 'completed',
         timezone('utc', now()) - interval '200 days', now(), '+1512555' || lpad((n % 10000)::text, 4, '0')
  from "Business" b cross join generate_series(1, ${callsPerBusiness}) n where b."name" like 'Retention bench %'`);
await db.$executeRawUnsafe(`
  insert into "TranscriptSegment" ("id", "callId", "businessId", "seq", "speaker", "text", "at")
  select gen_random_uuid(), c."id", c."businessId", s, (case when s % 2 = 0 then 'agent' else 'caller' end)::"Speaker",
         'The water heater in the garage is leaking again', timezone('utc', now()) - interval '200 days'
  from "Call" c join "Business" b on b."id" = c."businessId" and b."name" like 'Retention bench %'
  cross join generate_series(0, ${SEGMENTS_PER_CALL - 1}) s`);
await db.$executeRawUnsafe(`
  insert into "Lead" ("id", "businessId", "name", "phone", "email", "summary", "updatedAt")
  select gen_random_uuid(), '${businessId}'::uuid, 'Lead ' || i, '+1737' || lpad(i::text, 7, '0'),
         'lead' || i || '@example.com', 'Wants a quote', now() from generate_series(1, ${LEADS}) i`);
await db.$executeRawUnsafe(`
  insert into "Call" ("id", "businessId", "twilioCallSid", "direction", "status", "startedAt", "updatedAt", "from", "leadId")
  select gen_random_uuid(), l."businessId", 'CA' || md5(random()::text), 'inbound', 'completed', now(), now(), l."phone", l."id"
  from "Lead" l where l."businessId" = '${businessId}'::uuid`);
await db.$executeRawUnsafe('analyze');
const segments = Number(
  (await db.$queryRawUnsafe<{ n: bigint }[]>('select count(*) as n from "TranscriptSegment"'))[0]!.n,
);
const seedS = ((performance.now() - t) / 1000).toFixed(1);

// ---- per variant (batch size : duty) and round, in this one run, the webhook under load throughout:
// idle, the sweep (in its own process), idle again; the segments seeded again between rounds (load paused).
// Every call counts under the phase it was due in, so a disturbed idle phase shows beside the sweep.
const variants = (process.env.BENCH_VARIANTS ?? `${config.RETENTION_BATCH_SIZE}:${config.RETENTION_DUTY}`)
  .split(',')
  .map((v) => v.split(':').map(Number) as [number, number]);
console.error('seeded; warm-up');
await load(); // warm-up
console.error('warm');
const sweepProc: { pid?: number; backend?: number } = {};
const sampler = pgSampler({
  dbUrl: benchUrl,
  processes: { 'app process': target.child.pid! },
  sweepPid: () => sweepProc.backend,
});
await sampler.start();
const loader = continuousLoad(() => ({
  url: `${url}/twilio/voice`,
  rate: RATE,
  seconds: 2,
  sockets: 200,
  request: signedRequest,
}));
const rows: string[] = [];
const cpuRows: string[] = [];
const results: { report: SweepReport; sweepS: number; ratio: number; load: number; shipped: boolean }[] = [];
// Per variant, every round's phases pooled: one round's p99 is its ~16th-slowest call of ~1,600, and on this
// machine idle phases alone range 5.5–17.4 ms; pooled over the rounds, it is the p99 of thousands.
const pooled = new Map<
  string,
  { idle: ReturnType<typeof loader.percentiles>; sweep: ReturnType<typeof loader.percentiles> }
>();
let first = true;
for (const [batchSize, duty] of variants) {
  const child = await startSweeper(dbUrl!, batchSize, duty);
  Object.assign(sampler.processes, { 'sweep process': child.pids.process });
  sweepProc.backend = child.pids.backend;
  for (let round = 1; round <= ROUNDS; round++) {
    if (!first) await reseedSegments();
    first = false;
    const tag = `${batchSize}:${duty} r${round}`;
    const benchCpu = process.cpuUsage();
    loader.start(`${tag} idle`);
    await sampler.mark(`${tag} idle`);
    await sleep(IDLE_SECONDS * 1000);
    const t0 = performance.now();
    loader.mark(`${tag} sweep`);
    await sampler.mark(`${tag} sweep`);
    console.error(`${tag}: sweeping`);
    const report = await child.sweep();
    console.error(`${tag}: swept`);
    const sweepS = (performance.now() - t0) / 1000;
    loader.mark(`${tag} idle again`);
    await sampler.mark(`${tag} idle again`);
    await sleep(IDLE_SECONDS * 1000);
    await loader.stop();
    await sampler.mark('between');
    const used = process.cpuUsage(benchCpu);
    const p = (phase: string) => loader.percentiles(`${tag} ${phase}`);
    const [idle, during, again] = [p('idle'), p('sweep'), p('idle again')];
    const base = (idle.p99 + again.p99) / 2;
    const ratio = during.p99 / base;
    const loadAvg = os.loadavg()[0]!;
    const shipped = batchSize === config.RETENTION_BATCH_SIZE && duty === config.RETENTION_DUTY;
    results.push({ report, sweepS, ratio, load: loadAvg, shipped });
    rows.push(
      `| ${batchSize}:${duty} | ${round} | ${loadAvg.toFixed(1)} | ${sweepS.toFixed(1)} s (${report.counts.transcriptSegments ?? 0} segments; rested ${(report.restedMs / 1000).toFixed(1)} s; ${report.statements} statements, smallest batch ${report.smallestBatch}; sweep CPU ${report.cpuMs} ms) | ${report.longestStatementMs} ms (${report.longestStep}) | ${idle.p99} ms (p50 ${idle.p50}, ${idle.n}) | ${during.p99} ms (p50 ${during.p50}, ${during.n}, errors ${loader.errors}) | ${again.p99} ms (p50 ${again.p50}, ${again.n}) | **${ratio.toFixed(2)}×** |`,
    );
    console.log(rows.at(-1));
    for (const phase of ['idle', 'sweep', 'idle again']) {
      const u = sampler.phases.get(`${tag} ${phase}`);
      if (!u) continue;
      const cores = (k: string) => ((u.cpu[k] ?? 0) / u.ms).toFixed(2);
      const waits = Object.entries(u.waits)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([w, n]) => `${w} ${n}`)
        .join(', ');
      cpuRows.push(
        `| ${tag} ${phase} | ${(u.ms / 1000).toFixed(1)} s | ${cores('sweep backend')} | ${cores('sweep process')} | ${cores('app backends')} | ${cores('app process')} | ${cores('autovacuum')} | ${cores('pg background')} | ${waits || '–'} |`,
      );
    }
    cpuRows.push(
      `| ${tag} (bench process: load generator) | | | | | | | | ${((used.user + used.system) / 1000 / ((performance.now() - t0) / 1000 + IDLE_SECONDS)).toFixed(0)} ms CPU/s |`,
    );
    console.log(cpuRows.slice(-4).join('\n'));
  }
  const tags = (phase: string) => Array.from({ length: ROUNDS }, (_, i) => `${batchSize}:${duty} r${i + 1} ${phase}`);
  pooled.set(`${batchSize}:${duty}`, {
    idle: loader.percentiles(...tags('idle'), ...tags('idle again')),
    sweep: loader.percentiles(...tags('sweep')),
  });
  await child.stop();
}
await sampler.stop();

/** The old segments again (the sweep deleted them), for the next round. */
async function reseedSegments() {
  await db.$executeRawUnsafe(`
    insert into "TranscriptSegment" ("id", "callId", "businessId", "seq", "speaker", "text", "at")
    select gen_random_uuid(), c."id", c."businessId", s, (case when s % 2 = 0 then 'agent' else 'caller' end)::"Speaker",
           'The water heater in the garage is leaking again', timezone('utc', now()) - interval '200 days'
    from "Call" c join "Business" b on b."id" = c."businessId" and b."name" like 'Retention bench %'
    cross join generate_series(0, ${SEGMENTS_PER_CALL - 1}) s`);
  await db.$executeRawUnsafe('vacuum analyze "TranscriptSegment"');
  await db.$executeRawUnsafe('checkpoint');
}

// ---- export of one person among the leads
const times: number[] = [];
for (let i = 0; i < EXPORTS; i++) {
  const n = 1 + Math.floor(Math.random() * LEADS);
  const s = performance.now();
  await buildExport(db, businessId!, { phone: `+1737${String(n).padStart(7, '0')}`, email: null });
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const exportP50 = times[Math.floor(times.length / 2)]!;

await db.$disconnect();
await target.stop();

// The goals are judged on the settings the service ships with; other variants are there for comparison.
const judged = results.some((r) => r.shipped) ? results.filter((r) => r.shipped) : results;
const judgedAs =
  judged === results
    ? 'every round'
    : `every round at the defaults ${config.RETENTION_BATCH_SIZE}:${config.RETENTION_DUTY}`;
const worst = judged.reduce((a, b) => (b.ratio > a.ratio ? b : a));
const shippedKey = `${config.RETENTION_BATCH_SIZE}:${config.RETENTION_DUTY}`;
const pool = pooled.get(shippedKey) ?? [...pooled.values()][0]!;
const pooledRatio = pool.sweep.p99 / pool.idle.p99;
const longest = Math.max(...judged.map((r) => r.report.longestStatementMs));
const slowest = Math.max(...judged.map((r) => r.sweepS));
writeSection(import.meta.url, [
  `### Retention sweep under load (#14)`,
  '',
  `${segments.toLocaleString('en-US')} transcript segments past retention across ${BUSINESSES} businesses (${callsPerBusiness} calls × ${SEGMENTS_PER_CALL} each; seeded in ${seedS} s). The voice webhook takes ${RATE} calls/s open loop throughout each round: ${IDLE_SECONDS} s idle, the sweep (its own process, one connection, as the worker runs it), ${IDLE_SECONDS} s idle again; every call counted under the phase it was due in. A round's ratio = p99 during its sweep / mean of its two idle p99s; the goal is judged on the run's rounds pooled (every call during a sweep against every idle call). Load = 1-minute load average when the round ended (the machine is shared).`,
  '',
  '| batch:duty | round | load | sweep time | longest statement (= longest transaction; its step) | p99 idle | p99 during the sweep | p99 idle again | ratio |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  "Where the CPU went in each phase (cores: CPU seconds per second, from /proc), and what the app's active PostgreSQL backends were waiting on when sampled every 200 ms (`cpu` = running, not waiting):",
  '',
  '| phase | length | sweep backend | sweep process | app backends | app process | autovacuum | pg background | app backends waiting on |',
  '|---|---|---|---|---|---|---|---|---|',
  ...cpuRows,
  '',
  `| measure (${judgedAs}) | value | goal |`,
  '|---|---|---|',
  `| sweep time, slowest round | ${slowest.toFixed(1)} s | ≤ 60 s |`,
  `| longest statement (= longest transaction, locks held), any round | ${longest} ms | ≤ 100 ms |`,
  `| voice webhook p99 during the sweep / idle, the run's rounds pooled (${pool.sweep.n} calls during, ${pool.idle.n} idle) | ${pool.sweep.p99} / ${pool.idle.p99} ms = **${pooledRatio.toFixed(2)}×** | ≤ 1.5× |`,
  `| the same, worst single round (for reference: ~1,600 calls a phase) | ${worst.ratio.toFixed(2)}× (load ${worst.load.toFixed(1)}) | |`,
  `| export of one person among ${LEADS.toLocaleString('en-US')} leads, p50 of ${EXPORTS} | ${exportP50.toFixed(0)} ms | ≤ 1000 ms |`,
  '',
  `Scale: BENCH_SEGMENTS=${SEGMENTS} BENCH_BUSINESSES=${BUSINESSES} BENCH_LEADS=${LEADS} BENCH_RATE=${RATE} BENCH_IDLE_SECONDS=${IDLE_SECONDS} BENCH_ROUNDS=${ROUNDS} BENCH_VARIANTS=${variants.map((v) => v.join(':')).join(',')}.`,
]);
