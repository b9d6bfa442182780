/**
 * The retention sweep under load (#14): BENCH_SEGMENTS transcript segments past retention across
 * BENCH_BUSINESSES businesses, swept while the voice webhook takes signed calls at a fixed BENCH_RATE
 * (open loop); the webhook's p99 idle and during the sweep in the same run, the sweep's time and its longest
 * statement (each delete is its own transaction, so that is the longest any lock is held). Then the export
 * of one person among BENCH_LEADS leads of one business, p50 over BENCH_EXPORTS runs.
 *
 * BENCH_VARIANTS (default `1000:1,<RETENTION_BATCH_SIZE>:<RETENTION_DUTY>`: the unpaced sweep as it was,
 * then the configured one) lists batch:duty pairs measured side by side in this one run; the last is reported.
 *
 * Full size (the lead runs it on a quiet machine; ~3 minutes):
 *   npm run bench -- retention
 * Reduced (a trend on a busy machine; about a minute):
 *   BENCH_SEGMENTS=300000 BENCH_BUSINESSES=300 BENCH_LEADS=10000 BENCH_SECONDS=4 npm run bench -- retention
 *
 * Goals: sweep ≤ 60 s, no statement > 100 ms, webhook p99 during ≤ 1.5× idle, export p50 ≤ 1 s.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import twilio from 'twilio';
import { loadConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/client.ts';
import { createLogger } from '../../server/log.ts';
import { buildExport } from '../../server/privacy/export.ts';
import { runRetention } from '../../server/privacy/retention.ts';
import { appContext } from '../../server/runtime.ts';
import { writeSection } from '../lib/results.ts';
import { startChild } from '../lib/server.ts';
import { openLoop } from '../voice-webhook/open-loop.ts';

const SEGMENTS = Number(process.env.BENCH_SEGMENTS ?? 1_000_000);
const BUSINESSES = Number(process.env.BENCH_BUSINESSES ?? 1000);
const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
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
const db = createDb(dbUrl!, { max: 4 });
const ctx = appContext(config, db, createLogger('silent'));

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
let t = performance.now();
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

// ---- per variant (batch size : duty), side by side in this run: the webhook idle, then during the sweep
const variants = (process.env.BENCH_VARIANTS ?? `1000:1,${config.RETENTION_BATCH_SIZE}:${config.RETENTION_DUTY}`)
  .split(',')
  .map((v) => v.split(':').map(Number) as [number, number]);
const pct = (sorted: number[], q: number) =>
  Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(1));
await load(); // warm-up
const rows: string[] = [];
let last: { report: Awaited<ReturnType<typeof runRetention>>; sweepS: number; ratio: number } | undefined;
for (const [i, [batchSize, duty]] of variants.entries()) {
  if (i > 0) await reseedSegments();
  const idle = await load();
  t = performance.now();
  let done = false;
  const sweeping = runRetention(ctx, { batchSize, duty }).finally(() => (done = true));
  // Load in windows until the sweep is over, so every sample is taken while it runs, however long it takes.
  const during: number[] = [];
  let errors = 0;
  do {
    const w = await openLoop({
      url: `${url}/twilio/voice`,
      rate: RATE,
      seconds: Math.min(2, SECONDS),
      sockets: 200,
      request: signedRequest,
    });
    during.push(...w.latencies);
    errors += w.errors + w.non2xx;
  } while (!done);
  const report = await sweeping;
  const sweepS = (performance.now() - t) / 1000;
  during.sort((a, b) => a - b);
  const ratio = pct(during, 0.99) / idle.p99;
  last = { report, sweepS, ratio };
  rows.push(
    `| ${batchSize} | ${duty === 1 ? '1 (no rest)' : duty} | ${sweepS.toFixed(1)} s (${report.counts.transcriptSegments ?? 0} segments; rested ${(report.restedMs / 1000).toFixed(1)} s) | ${report.longestStatementMs} ms | ${idle.p99} ms (p50 ${idle.p50}) | ${pct(during, 0.99)} ms (p50 ${pct(during, 0.5)}, ${during.length} calls, errors ${errors + idle.errors + idle.non2xx}) | **${ratio.toFixed(2)}×** |`,
  );
  console.log(rows.at(-1));
}

// ---- interleaved (the ratio that survives a busy machine): slices of businesses swept by each variant in
// turn, with rests between, while the webhook takes load throughout; every request is counted under the
// phase it was due in. Whatever else the machine does falls on every phase alike.
await reseedSegments();
const SLICE = Math.max(1, Math.round(BUSINESSES / 50));
const ids = (
  await db.$queryRawUnsafe<{ id: string }[]>(
    `select "id"::text from "Business" where "name" like 'Retention bench %' order by "id"`,
  )
).map((r) => r.id);
const samples = new Map<string, number[]>();
let sliced = false;
const interleavedLoad = (async () => {
  while (!sliced)
    await openLoop({
      url: `${url}/twilio/voice`,
      rate: RATE,
      seconds: 2,
      sockets: 200,
      request: signedRequest,
      onSample: (due, ms) => {
        const tag = phaseAt(due);
        if (!samples.has(tag)) samples.set(tag, []);
        samples.get(tag)!.push(ms);
      },
    });
})();
const marks: { at: number; tag: string }[] = [{ at: 0, tag: 'idle' }];
const mark = (tag: string) => marks.push({ at: performance.now(), tag });
const phaseAt = (due: number) => {
  let tag = 'idle';
  for (const m of marks) if (m.at <= due) tag = m.tag;
  return tag;
};
await new Promise((r) => setTimeout(r, 1000));
for (let i = 0, v = 0; i < ids.length; i += SLICE, v++) {
  const [batchSize, duty] = variants[v % variants.length]!;
  mark(`${batchSize}:${duty}`);
  for (const id of ids.slice(i, i + SLICE)) await runRetention(ctx, { businessId: id, batchSize, duty });
  mark('idle');
  await new Promise((r) => setTimeout(r, 300));
}
sliced = true;
await interleavedLoad;
const p99Of = (tag: string) =>
  pct(
    [...(samples.get(tag) ?? [])].sort((a, b) => a - b),
    0.99,
  );
const idleP99 = p99Of('idle');
const interleaved = [...new Set(variants.map((v) => v.join(':')))].map(
  (tag) =>
    `| ${tag} | ${(samples.get(tag) ?? []).length} | ${p99Of(tag)} ms | ${idleP99} ms (${(samples.get('idle') ?? []).length} calls) | **${(p99Of(tag) / idleP99).toFixed(2)}×** |`,
);
console.log(interleaved.join('\n'));

/** The old segments again (the sweep deleted them), for the next variant. */
async function reseedSegments() {
  await db.$executeRawUnsafe(`
    insert into "TranscriptSegment" ("id", "callId", "businessId", "seq", "speaker", "text", "at")
    select gen_random_uuid(), c."id", c."businessId", s, (case when s % 2 = 0 then 'agent' else 'caller' end)::"Speaker",
           'The water heater in the garage is leaking again', timezone('utc', now()) - interval '200 days'
    from "Call" c join "Business" b on b."id" = c."businessId" and b."name" like 'Retention bench %'
    cross join generate_series(0, ${SEGMENTS_PER_CALL - 1}) s`);
  await db.$executeRawUnsafe('vacuum analyze "TranscriptSegment"');
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

const { report, sweepS, ratio } = last!;
writeSection(import.meta.url, [
  `### Retention sweep under load (#14)`,
  '',
  `${segments.toLocaleString('en-US')} transcript segments past retention across ${BUSINESSES} businesses (${callsPerBusiness} calls × ${SEGMENTS_PER_CALL} each; seeded in ${seedS} s). Each row, in this one run: the same segments (seeded again before each row), the webhook idle at ${RATE} calls/s open loop, then the sweep at that batch size and duty (share of one connection it may use: after each statement it rests (1 − duty)/duty times as long as the statement took) while the webhook takes the same load until the sweep ends.`,
  '',
  '| batch | duty | sweep time | longest statement (= longest transaction) | webhook p99 idle | webhook p99 during the sweep | ratio |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Interleaved, same run: the segments seeded again, then slices of ${SLICE} businesses swept by each variant in turn (${Math.ceil(ids.length / SLICE)} slices), 300 ms rests between slices, the webhook at ${RATE} calls/s throughout; each call counted under the phase it was due in, so load from elsewhere falls on every phase alike:`,
  '',
  '| batch:duty | calls during its slices | webhook p99 during its slices | p99 in the rests | ratio |',
  '|---|---|---|---|---|',
  ...interleaved,
  '',
  '| measure (last row: the configured sweep) | value | goal |',
  '|---|---|---|',
  `| sweep time | ${sweepS.toFixed(1)} s (segments deleted: ${report.counts.transcriptSegments ?? 0}) | ≤ 60 s |`,
  `| longest statement (= longest transaction, locks held) | ${report.longestStatementMs} ms | ≤ 100 ms |`,
  `| voice webhook p99 during the sweep / idle (whole sweep; interleaved above) | ${ratio.toFixed(2)}× (interleaved: ${(p99Of(variants.at(-1)!.join(':')) / idleP99).toFixed(2)}×) | ≤ 1.5× |`,
  `| export of one person among ${LEADS.toLocaleString('en-US')} leads, p50 of ${EXPORTS} | ${exportP50.toFixed(0)} ms | ≤ 1000 ms |`,
  '',
  `Scale: BENCH_SEGMENTS=${SEGMENTS} BENCH_BUSINESSES=${BUSINESSES} BENCH_LEADS=${LEADS} BENCH_RATE=${RATE} BENCH_SECONDS=${SECONDS} BENCH_VARIANTS=${variants.map((v) => v.join(':')).join(',')}. Load on this machine at the end: ${os.loadavg()[0]!.toFixed(1)}.`,
]);
