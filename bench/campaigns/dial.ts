/**
 * The campaign dialler at scale (#19 B): BENCH_CAMPAIGN_CONTACTS contacts (100,000) planned by start, then
 * dispatched at 50 concurrent calls against the Twilio REST stand-in (calls complete a few ms after they
 * are created: Twilio's side is not what is measured). The dialler is driven as its jobs run it: a tick,
 * then the dials it claimed, BENCH_CAMPAIGN_WORKERS (10) at a time, on an injected clock a second apart.
 *
 * Measured: planning time; dispatch overhead per call (a dial's time less the Twilio request, plus its share
 * of the tick), p50/p99; the next-eligible query (the claim's select on the target table) p99, sampled as
 * the campaign progresses; and that no contact was dialled twice (stand-in and database both).
 *
 *   node --import tsx bench/campaigns/dial.ts                                  # full size (the lead, quiet machine)
 *   BENCH_CAMPAIGN_CONTACTS=5000 node --import tsx bench/campaigns/dial.ts     # reduced
 *
 * Goals: dispatch overhead ≤ 5 ms per call, next-eligible query p99 ≤ 10 ms, no contact dialled twice.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pgLib from 'pg';
import { applyCallStatus } from '../../server/calls/status.ts';
import { completeDial } from '../../server/campaigns/complete.ts';
import { dialTarget } from '../../server/campaigns/dial.ts';
import { campaignDialsKey } from '../../server/campaigns/record-dial.ts';
import { PLATFORM_LIMITS } from '../../server/businesses/dial-policy.ts';
import { transition } from '../../server/campaigns/service.ts';
import { runTick } from '../../server/campaigns/tick.ts';
import { loadConfig } from '../../server/config.ts';
import { createDb, sqlOf } from '../../server/db/client.ts';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { applyMigrations } from '../../server/db/migrate.ts';
import { migrateJobs } from '../../server/jobs/worker.ts';
import { createLogger } from '../../server/log.ts';
import { appContext } from '../../server/runtime.ts';
import { seedDiallingBusiness, seedList } from '../../testkit/campaign-seed.ts';
import { startTwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';
import { writeSection } from '../lib/results.ts';

const CONTACTS = Number(process.env.BENCH_CAMPAIGN_CONTACTS ?? 100_000);
const WORKERS = Number(process.env.BENCH_CAMPAIGN_WORKERS ?? 10);
const CONCURRENT = 50;
const CALL_MS = Number(process.env.BENCH_CAMPAIGN_CALL_MS ?? 20);
const SID = 'AC' + 'b2'.repeat(16);
const TOKEN = 'bench-twilio-auth-token-0123456789';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};
const ms = (x: number) => x.toFixed(2);

/**
 * CPU time (ms) of every PostgreSQL process under this one (the embedded server: postmaster and its
 * backends), from /proc: the database's share of a dial, whatever else the machine runs.
 */
function postgresCpuMs(): number {
  const stats = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const comm = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'));
        const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
        return [{ pid: Number(pid), comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) }];
      } catch {
        return [];
      }
    });
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of stats)
      if (!ours.has(p.pid) && ours.has(p.ppid)) {
        ours.add(p.pid);
        grew = true;
      }
  }
  const hz = 100; // USER_HZ on Linux
  return (
    stats
      .filter((p) => p.pid !== process.pid && ours.has(p.pid) && p.comm.startsWith('postgres'))
      .reduce((a, p) => a + p.ticks, 0) *
    (1000 / hz)
  );
}
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const twilio = await startTwilioRestStandin({ accountSid: SID, authToken: TOKEN });
const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-campaign-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
await applyMigrations(pg.url);
await migrateJobs(pg.url);
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATABASE_URL: pg.url,
  DATA_DIR: dir,
  ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  PUBLIC_BASE_URL: 'https://leadline.bench',
  TWILIO_ACCOUNT_SID: SID,
  TWILIO_AUTH_TOKEN: TOKEN,
  TWILIO_API_BASE_URL: twilio.url,
});
const db = createDb(pg.url, { max: WORKERS + 4 });
const ctx = appContext(config, db, createLogger('silent'));

// Twilio's request time, measured around the SDK call, is taken out of each dial's time.
const telephony = ctx.telephony!;
const createCall = telephony.createCall.bind(telephony);
const twilioMs = new Map<string, number>();
// In the probe (nothing else running) the process's CPU during the create is the SDK's and the stand-in's.
let twilioCpu = 0;
telephony.createCall = async (p) => {
  const t = performance.now();
  const c = cpuMs();
  const r = await createCall(p);
  twilioMs.set(new URL(p.statusCallback).searchParams.get('dialId')!, performance.now() - t);
  twilioCpu += cpuMs() - c;
  return r;
};

// Database round trips per dial: every statement sent while `probe` is set (Prisma's go through the same
// pg clients). Counted on dials run one at a time with nothing else in flight (the probe below): under
// concurrency pg-pool's waiting queue loses any async context a per-dial attribution would need.
let probe: { trips: number; dbMs: number } | null = null;
const clientQuery = pgLib.Client.prototype.query as (...a: unknown[]) => unknown;
pgLib.Client.prototype.query = function (this: pgLib.Client, ...args: unknown[]) {
  const m = probe;
  if (!m) return clientQuery.apply(this, args);
  m.trips++;
  const t = performance.now();
  const done = () => {
    m.dbMs += performance.now() - t;
  };
  // pg-pool passes a callback; Prisma's adapter and sqlOf callers await the promise.
  const last = args.length - 1;
  if (typeof args[last] === 'function') {
    const cb = args[last] as (...x: unknown[]) => unknown;
    args[last] = (...x: unknown[]) => {
      done();
      return cb(...x);
    };
  }
  const r = clientQuery.apply(this, args);
  if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).then(done, () => {});
  return r;
} as typeof pgLib.Client.prototype.query;

// Seed: one business, CONTACTS numbers in four zones (all open at the bench's clock).
const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];
const b = await seedDiallingBusiness(db, { seconds: CONTACTS * 120 });
const t0 = performance.now();
const contacts = Array.from({ length: CONTACTS }, (_, i) => ({
  phone: `+1${[212, 312, 303, 415][i % 4]}${String(2_000_000 + i).padStart(7, '0')}`,
  timeZone: zones[i % 4]!,
}));
const listId = await seedList(db, b.id, contacts);
const seedMs = performance.now() - t0;
const c = await db.campaign.create({
  data: {
    businessId: b.id,
    listId,
    name: 'Bench',
    goal: 'qualify',
    script: 'Ask.',
    greeting: 'Hi.',
    disclosure: 'AI assistant.',
    callerId: b.number,
    days: [1, 2, 3, 4, 5, 6, 7],
    windowStartMinute: 8 * 60,
    windowEndMinute: 21 * 60,
    maxConcurrent: CONCURRENT,
    // Pacing per minute is not what is measured: only the 50 concurrent calls bound the dispatch.
    callsPerMinute: 1_000_000,
    maxAttempts: 1,
  },
});
const tPlan = performance.now();
await transition(db, b.id, c.id, 'start', { accountId: '00000000-0000-4000-8000-000000000000', ip: undefined });
const planMs = performance.now() - tPlan;
await sqlOf(db).query('analyze');

// The next-eligible query as the claim runs it (its select; the claim then updates what it found).
const openZones = zones;
async function nextEligibleMs(now: Date): Promise<number> {
  const t = performance.now();
  await sqlOf(db).query(
    `select "id" from "CampaignTarget" where "campaignId" = $1 and "state" = 'pending' and "nextAttemptAt" <= $2
     and "timeZone" = any($3::text[]) order by "nextAttemptAt" limit 50`,
    [c.id, now, openZones],
  );
  return performance.now() - t;
}

// Twilio finishes each call CALL_MS after it was created: a machine, so no lead to wait for.
const pendingCompletions: Promise<void>[] = [];
// Twilio's callbacks arrive a few at a time, as a web server's would be handled: at most this many
// completions at once (50 at once starved the pool of connections on a loaded machine).
const COMPLETING = 6;
let completing = 0;
const waiting: (() => void)[] = [];
async function oneAtATime<T>(f: () => Promise<T>): Promise<T> {
  if (completing >= COMPLETING) await new Promise<void>((r) => waiting.push(r));
  completing++;
  try {
    return await f();
  } finally {
    completing--;
    waiting.shift()?.();
  }
}
function finishSoon(dialId: string, sid: string) {
  pendingCompletions.push(
    new Promise<void>((resolve) => setTimeout(resolve, CALL_MS)).then(() =>
      oneAtATime(async () => {
        await db.campaignDial.update({ where: { id: dialId }, data: { answeredBy: 'machine_end_beep' } });
        await applyCallStatus(ctx, { CallSid: sid, CallStatus: 'completed', CallDuration: 10 });
        await completeDial(ctx, dialId, { status: 'completed', duration: 10 });
      }),
    ),
  );
}

let now = new Date('2027-05-12T17:00:00Z'); // 13:00 in New York, 10:00 in Los Angeles
const overhead: number[] = [];
const trips: number[] = [];
const dbTime: number[] = [];
const tickMs: number[] = [];
const eligibleMs: number[] = [];
let dialled = 0;
/** Days the campaign took: the platform lets a business start PLATFORM_LIMITS.campaignDialsPerDay a day. */
let days = 1;
const tRun = performance.now();
// The probe: every PROBE_EVERY-th tick, its first PROBE dials go one at a time with nothing else in flight
// (the previous tick's calls have ended), spread through the whole run rather than taken from its cold start.
const PROBE = 5;
const PROBE_EVERY = Math.max(1, Math.round(CONTACTS / CONCURRENT / 400));
const probeOwn: number[] = [];
const probeCpu = { node: 0, db: 0, dials: 0 };
let firstDialMs = 0;
const floorMs: number[] = [];
for (let cycle = 0; ; cycle++) {
  if (cycle % 20 === 0) eligibleMs.push(await nextEligibleMs(now));
  const t = performance.now();
  const tick = await runTick(ctx, c.id, { now });
  const tickTime = performance.now() - t;
  if (tick.status === 'completed') break;
  if (tick.dailyLimitResetsAt) {
    // The business's campaign dials for the day are used up (PLATFORM_LIMITS.campaignDialsPerDay): the
    // campaign waits for the next day. Passed here, not waited for: the counter's window starts a day
    // earlier, as the database's clock would see it tomorrow, and the dialler's clock moves on a day.
    days++;
    await sqlOf(db).query(`update "RateWindow" set "windowStart" = "windowStart" - interval '1 day' where "key" = $1`, [
      campaignDialsKey(b.id),
    ]);
    now = new Date(now.getTime() + 86_400_000);
    continue;
  }
  const claimed = await db.campaignTarget.findMany({
    where: { campaignId: c.id, state: 'dialling', attempts: 0 },
    select: { id: true },
  });
  if (claimed.length) tickMs.push(tickTime / claimed.length);
  let next = 0;
  if (cycle % PROBE_EVERY === 0) {
    const cpu0 = cpuMs();
    const pg0 = postgresCpuMs();
    twilioCpu = 0;
    const placed: { dialId: string; sid: string }[] = [];
    for (; next < Math.min(PROBE, claimed.length); next++) {
      probe = { trips: 0, dbMs: 0 };
      const s = performance.now();
      const r = await dialTarget(ctx, claimed[next]!.id, 1, { now });
      const wall = performance.now() - s;
      const m = probe;
      probe = null;
      if (r.kind !== 'placed') continue;
      const own = wall - (twilioMs.get(r.dialId) ?? 0) + tickTime / claimed.length;
      if (cycle === 0 && placed.length === 0)
        firstDialMs = own; // the process's first: cold code and connections
      else {
        trips.push(m.trips);
        dbTime.push(m.dbMs);
        probeOwn.push(own);
      }
      dialled++;
      placed.push(r);
    }
    if (cycle > 0) {
      probeCpu.node += cpuMs() - cpu0 - twilioCpu;
      probeCpu.db += postgresCpuMs() - pg0;
      probeCpu.dials += placed.length;
    }
    // The floor: three bare round trips back to back (a dial makes three), on the same pool, at the same moment.
    for (let k = 0; k < placed.length; k++) {
      const s = performance.now();
      for (let i = 0; i < 3; i++) await sqlOf(db).query({ name: 'bench-floor', text: 'select 1' });
      floorMs.push(performance.now() - s);
    }
    // Their calls end from now on, beside the rest of the tick's dials: nothing ran beside the probe.
    for (const p of placed) finishSoon(p.dialId, p.sid);
  }
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < claimed.length) {
        const target = claimed[next++]!;
        const s = performance.now();
        const r = await dialTarget(ctx, target.id, 1, { now });
        const wall = performance.now() - s;
        if (r.kind !== 'placed') continue;
        dialled++;
        overhead.push(wall - (twilioMs.get(r.dialId) ?? 0) + tickTime / claimed.length);
        finishSoon(r.dialId, r.sid);
      }
    }),
  );
  // Let the calls in flight end before the next tick has room for more (50 at once).
  await Promise.all(pendingCompletions.splice(0));
  now = new Date(now.getTime() + 1000);
}
const runMs = performance.now() - tRun;

const calls = twilio.calls();
const perNumber = new Map<string, number>();
for (const x of calls) perNumber.set(x.to, (perNumber.get(x.to) ?? 0) + 1);
const twice = [...perNumber.values()].filter((n) => n > 1).length;
const [dup] = (
  await sqlOf(db).query(
    `select count(*)::int as n from (select "targetId" from "CampaignDial" where "campaignId" = $1 group by "targetId" having count(*) > 1) x`,
    [c.id],
  )
).rows as { n: number }[];

writeSection(import.meta.url, [
  '### Campaign dialler (#19 B)',
  '',
  `${CONTACTS.toLocaleString('en')} contacts in 4 zones; ${CONCURRENT} concurrent calls; ${WORKERS} dial workers; calls end ${CALL_MS} ms after Twilio accepts them (the REST stand-in, in process).`,
  '',
  '| measure | value | goal |',
  '|---|---|---|',
  `| planning (start: one target per contact) | ${Math.round(planMs)} ms | |`,
  `| dispatch overhead per call with ${WORKERS} dials in flight, p50 / p99 (as above; includes waiting for the others) | ${ms(pct(overhead, 50))} / ${ms(pct(overhead, 99))} ms | ≤ 5 ms |`,
  `| probe, ${trips.length} dials one at a time (the first ${PROBE} of every ${PROBE_EVERY === 1 ? '' : `${PROBE_EVERY}th `}tick, through the run): database round trips per dial, mean (max) | ${(trips.reduce((a, x) => a + x, 0) / Math.max(1, trips.length)).toFixed(2)} (${Math.max(0, ...trips)}) | |`,
  `| probe: database time per dial, p50 / p99 (its statements' round trips, client side) | ${ms(pct(dbTime, 50))} / ${ms(pct(dbTime, 99))} ms | |`,
  `| probe: dispatch overhead per dial, mean / p50 / p99 (dial less its Twilio request, plus its share of the tick) | ${ms(probeOwn.reduce((a, x) => a + x, 0) / Math.max(1, probeOwn.length))} / ${ms(pct(probeOwn, 50))} / ${ms(pct(probeOwn, 99))} ms | ≤ 5 ms |`,
  `| probe: CPU per dial, ours (less the Twilio SDK + stand-in) + PostgreSQL's = total | ${ms(probeCpu.node / probeCpu.dials)} + ${ms(probeCpu.db / probeCpu.dials)} = ${ms((probeCpu.node + probeCpu.db) / probeCpu.dials)} ms | ≤ 5 ms |`,
  `| floor: three bare round trips (\`select 1\`) back to back, p50 / p99 (${floorMs.length} samples, one per probed dial, right after the probe) | ${ms(pct(floorMs, 50))} / ${ms(pct(floorMs, 99))} ms | |`,
  `| the process's first dial (cold code, new connections; not in the probe) | ${ms(firstDialMs)} ms | |`,
  `| tick per claimed call, mean | ${ms(tickMs.reduce((a, x) => a + x, 0) / Math.max(1, tickMs.length))} ms | |`,
  `| next-eligible query, p50 / p99 (${eligibleMs.length} samples through the run) | ${ms(pct(eligibleMs, 50))} / ${ms(pct(eligibleMs, 99))} ms | ≤ 10 ms |`,
  `| dialled / Twilio creates | ${dialled} / ${calls.length} | ${CONTACTS} |`,
  `| contacts dialled twice (stand-in / database) | ${twice} / ${dup!.n} | 0 |`,
  `| whole dispatch | ${(runMs / 1000).toFixed(1)} s (${Math.round(dialled / (runMs / 1000))} calls/s) | |`,
  `| calling days (the platform starts at most ${PLATFORM_LIMITS.campaignDialsPerDay.toLocaleString('en')} campaign dials per business a day; the bench passes each night at once) | ${days} | |`,
  `| load average (1 / 5 / 15 min) at the end | ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} | |`,
  '',
  `Scale: BENCH_CAMPAIGN_CONTACTS=${CONTACTS} (seeded in ${(seedMs / 1000).toFixed(1)} s).${CONTACTS < 100_000 ? ' Reduced scale, measured while other work ran on the machine; the lead reruns it full-size on a quiet one.' : ''}`,
]);

await db.$disconnect();
await pg.stop();
await twilio.stop();
process.exit(dup!.n || twice || dialled !== CONTACTS ? 1 : 0);
