/**
 * Media relay load test: N simultaneous calls, each streaming 50 μ-law frames/s into the relay while the
 * fake Realtime server echoes every frame back as assistant audio (so 50 frames/s each way, plus a mark
 * per outbound frame, acknowledged at once).
 *
 *   npx tsx bench/media-relay/run.ts [--calls 100,250,500] [--delta-ms 20,100] [--measure 12] [--warmup 3] [--pin]
 *
 * `--delta-ms`: size of the assistant audio deltas the fake Realtime server sends back. 20 is the worst
 * case (one delta, one media and one mark per Twilio frame); 100 is closer to what the Realtime API sends.
 *
 * Three processes: this one (the fake Twilio clients and the measurements), the relay alone (CPU and
 * event-loop numbers come from it), and the fake Realtime server over TLS. The relay's JavaScript runs on
 * one thread, so its CPU % is "% of one core". `--pin` (taskset, 2+ CPUs) puts the relay on CPU 0 and the
 * rest on CPU 1; on a machine shared with other work that only adds contention, so it is off by default.
 *
 * Latency: each frame carries its send time (bytes 0–8); the fake Realtime server writes its receive and
 * send times (8–24) into the echo. hop in = Realtime receive − Twilio send; hop out = Twilio receive −
 * Realtime send; added = hop in + hop out (the fake server's own time is excluded). All three processes read
 * the same monotonic clock. The hops also include the load generator's and fake server's own queueing, so
 * they are an upper bound for what the relay adds.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { FakeTwilioCall, FRAME_BYTES } from '../../test/support/fake-twilio-media.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const LEVELS = arg('calls', '100,250,500').split(',').map(Number);
const MEASURE_S = Number(arg('measure', '12'));
const WARMUP_S = Number(arg('warmup', '3'));
const DELTA_MS = arg('delta-ms', '20,100').split(',').map(Number);
const HERE = import.meta.dirname;
/** `--prof DIR`: write a V8 CPU profile of the relay process per level into DIR. */
const PROFILE_DIR = arg('prof', '');

const nproc = cpus().length;
const canPin = args.includes('--pin') && nproc >= 2 && (() => {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function spawnChild(script: string, env: Record<string, string>, cpu: string, profile = false): ChildProcess {
  const nodeArgs = [...(profile ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : []), '--import', 'tsx', join(HERE, script)];
  const [cmd, argv] = canPin ? ['taskset', ['-c', cpu, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  return spawn(cmd as string, argv as string[], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
}

function nextMessage<T>(child: ChildProcess, type: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not send ${type}`)), timeoutMs);
    const onMessage = (msg: { type: string }) => {
      if (msg.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(msg as T);
    };
    child.on('message', onMessage);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface RelaySample {
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  elu: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  rssMb: number;
  activeCalls: number;
}

interface LevelResult {
  calls: number;
  deltaMs: number;
  /** 1-minute load average when the level started: other work on the machine skews latency. */
  loadAvg: number;
  /** CPU use of the load generator and of the fake Realtime server, to tell whether they were the limit. */
  generatorCpuPercent: number;
  realtimeCpuPercent: number;
  relay: RelaySample;
  sent: number;
  echoed: number;
  hopIn: Float64Array;
  hopOut: Float64Array;
  added: Float64Array;
}

async function runLevel(n: number, deltaMs: number, realtime: { baseURL: string; ca: string; apiKey: string }, realtimeChild: ChildProcess): Promise<LevelResult> {
  const loadAvg = loadavg()[0]!;
  const relay = spawnChild('relay-child.ts', { RELAY_BENCH_CONFIG: JSON.stringify(realtime) }, '0', PROFILE_DIR !== '');
  const { url } = await nextMessage<{ url: string }>(relay, 'ready');

  let measuring = false;
  let sent = 0;
  let echoed = 0;
  const hopIn: number[] = [];
  const hopOut: number[] = [];
  const calls = Array.from({ length: n }, () => new FakeTwilioCall({ url, playback: 'instant', customParameters: { bench: '1' } }));
  for (const call of calls) {
    call.onMessage = (msg, receivedAt) => {
      if (!measuring || msg.event !== 'media') return;
      // The fake Realtime server stamps the last frame of each delta.
      const audio = Buffer.from(msg.media.payload, 'base64');
      const bytes = audio.subarray(-FRAME_BYTES);
      const sentAt = bytes.readBigInt64BE(0);
      const rtReceived = bytes.readBigInt64BE(8);
      const rtSent = bytes.readBigInt64BE(16);
      if (sentAt === 0n || rtReceived === 0n) return; // not a stamped echo
      echoed += audio.length / FRAME_BYTES;
      hopIn.push(Number(rtReceived - sentAt) / 1e6);
      hopOut.push(Number(receivedAt - rtSent) / 1e6);
    };
  }
  for (let i = 0; i < n; i += 50) await Promise.all(calls.slice(i, i + 50).map((c) => c.connect()));
  await sleep(1500); // sessions configured, greetings answered

  // Calls are spread over the 20 ms frame period (bucket = index % 20) so frames do not arrive in bursts.
  const buckets: FakeTwilioCall[][] = Array.from({ length: 20 }, () => []);
  calls.forEach((c, i) => buckets[i % 20]!.push(c));
  const frame = Buffer.alloc(FRAME_BYTES, 0xff); // μ-law silence
  let slot = 0;
  let nextSlotAt = performance.now();
  const sender = setInterval(() => {
    const now = performance.now();
    while (nextSlotAt <= now) {
      for (const call of buckets[slot]!) {
        frame.writeBigInt64BE(process.hrtime.bigint(), 0);
        frame.fill(0, 8, 24);
        call.sendMedia(frame);
        if (measuring) sent++;
      }
      slot = (slot + 1) % 20;
      nextSlotAt += 1;
    }
  }, 1);

  await sleep(WARMUP_S * 1000);
  measuring = true;
  relay.send({ type: 'mark' });
  realtimeChild.send({ type: 'mark' });
  const generatorCpuStart = process.cpuUsage();
  const windowStart = performance.now();
  await sleep(MEASURE_S * 1000);
  const generatorCpu = process.cpuUsage(generatorCpuStart);
  const generatorCpuPercent = ((generatorCpu.user + generatorCpu.system) / 1000 / (performance.now() - windowStart)) * 100;
  relay.send({ type: 'sample' });
  realtimeChild.send({ type: 'sample' });
  const [sample, realtimeSample] = await Promise.all([
    nextMessage<RelaySample>(relay, 'sample'),
    nextMessage<{ cpuPercent: number }>(realtimeChild, 'sample'),
  ]);
  measuring = false;
  clearInterval(sender);

  for (const call of calls) if (call.isOpen) call.stop();
  for (let i = 0; i < 50; i++) {
    relay.send({ type: 'active' });
    const { activeCalls } = await nextMessage<{ activeCalls: number }>(relay, 'active');
    if (activeCalls === 0) break;
    await sleep(100);
  }
  relay.disconnect(); // lets a profiling child write its profile before exiting
  await Promise.race([new Promise((r) => relay.once('exit', r)), sleep(5000)]);
  relay.kill();
  const sorted = (xs: number[]) => Float64Array.from(xs).sort();
  return {
    calls: n,
    deltaMs,
    loadAvg,
    generatorCpuPercent,
    realtimeCpuPercent: realtimeSample.cpuPercent,
    relay: sample,
    sent,
    echoed,
    hopIn: sorted(hopIn),
    hopOut: sorted(hopOut),
    added: sorted(hopIn.map((v, i) => v + hopOut[i]!)),
  };
}

const fmt = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

function report(results: LevelResult[]): string {
  const cpuModel = cpus()[0]?.model ?? 'unknown';
  const lines = [
    '# Media relay bench',
    '',
    `Machine: ${nproc} CPU(s), ${cpuModel}, Node ${process.version}, ${new Date().toISOString()}.`,
    canPin
      ? 'Relay process pinned to CPU 0; load generator (fake Twilio clients) and fake Realtime (TLS) share CPU 1.'
      : 'No CPU pinning (taskset unavailable or 1 CPU): all processes share the machine.',
    'Each call: 50 frames/s (20 ms, 160 bytes μ-law) into the relay; the fake Realtime echoes them back as deltas of `delta ms` each, and the relay sends one media + one mark per delta (acknowledged at once).',
    `Warm-up ${WARMUP_S} s, measured ${MEASURE_S} s per row. \`load\` = 1-min load average at the start of the row (other jobs on this shared machine).`,
    'Latency is an upper bound for the relay: it also contains the load generator\'s and fake server\'s own queueing on the shared CPU.',
    '',
    '| delta ms | calls | load | relay CPU (% of 1 core) | CPU ms per call-second | event-loop util. | loop delay p50 / p99 (ms) | hop in p50 / p99 (ms) | hop out p50 / p99 (ms) | added p50 / p99 (ms) | echoed / sent | relay RSS (MB) | generator / fake Realtime CPU % |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const cpuMs = r.relay.cpuUserMs + r.relay.cpuSystemMs;
    const seconds = r.relay.wallMs / 1000;
    lines.push(
      `| ${r.deltaMs} | ${r.calls} | ${fmt(r.loadAvg, 1)} | ${fmt((cpuMs / r.relay.wallMs) * 100, 1)} | ${fmt(cpuMs / (seconds * r.calls), 3)} | ${fmt(r.relay.elu, 2)} | ` +
        `${fmt(r.relay.loopDelayP50Ms)} / ${fmt(r.relay.loopDelayP99Ms)} | ${fmt(percentile(r.hopIn, 50))} / ${fmt(percentile(r.hopIn, 99))} | ` +
        `${fmt(percentile(r.hopOut, 50))} / ${fmt(percentile(r.hopOut, 99))} | ${fmt(percentile(r.added, 50))} / ${fmt(percentile(r.added, 99))} | ` +
        `${r.echoed} / ${r.sent} | ${fmt(r.relay.rssMb, 0)} | ${fmt(r.generatorCpuPercent, 0)} / ${fmt(r.realtimeCpuPercent, 0)} |`,
    );
  }
  for (const top of results.filter((r) => r.calls === Math.max(...results.map((x) => x.calls)))) {
    const p99 = percentile(top.added, 99);
    const cpu = ((top.relay.cpuUserMs + top.relay.cpuSystemMs) / top.relay.wallMs) * 100;
    lines.push('', `Goal (500 calls on one core, p99 ≤ 5 ms), ${top.deltaMs} ms deltas: at ${top.calls} calls the relay used ${fmt(cpu, 1)} % of one core, added-latency p99 ${fmt(p99)} ms → ${cpu < 100 && p99 <= 5 ? 'met' : 'NOT met'}.`);
  }
  return lines.join('\n') + '\n';
}

const results: LevelResult[] = [];
for (const deltaMs of DELTA_MS) {
  const realtimeChild = spawnChild('realtime-child.ts', { ECHO_BATCH: String(Math.max(1, Math.round(deltaMs / 20))) }, '1');
  const realtime = await nextMessage<{ baseURL: string; ca: string; apiKey: string }>(realtimeChild, 'ready');
  try {
    for (const n of LEVELS) {
      process.stdout.write(`${deltaMs} ms deltas, ${n} calls… `);
      const r = await runLevel(n, deltaMs, realtime, realtimeChild);
      results.push(r);
      console.log(`relay CPU ${fmt(((r.relay.cpuUserMs + r.relay.cpuSystemMs) / r.relay.wallMs) * 100, 1)} % (user ${fmt(r.relay.cpuUserMs, 0)} ms, sys ${fmt(r.relay.cpuSystemMs, 0)} ms), generator ${fmt(r.generatorCpuPercent, 0)} %, fake realtime ${fmt(r.realtimeCpuPercent, 0)} %, added p50 ${fmt(percentile(r.added, 50))} ms, p99 ${fmt(percentile(r.added, 99))} ms, echoed ${r.echoed}/${r.sent}`);
    }
  } finally {
    realtimeChild.kill();
  }
}
const text = report(results);
writeFileSync(join(HERE, 'RESULTS.part.md'), text);
console.log('\n' + text);
process.exit(0);
