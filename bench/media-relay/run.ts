/**
 * Media relay load test: N simultaneous calls, each streaming 50 μ-law frames/s into the relay while the
 * fake Realtime server echoes every frame back as assistant audio (so 50 frames/s each way, plus a mark
 * per outbound delta, acknowledged at once).
 *
 *   npx tsx bench/media-relay/run.ts [--calls 100,250,500] [--delta-ms 20,100] [--measure 12] [--warmup 3]
 *                                    [--no-pin] [--baseline top|all|none] [--prof DIR] [--relay-node-args "…"]
 *
 * `--delta-ms`: size of the assistant audio deltas the fake Realtime server sends back. 20 is the worst
 * case (one delta, one media and one mark per Twilio frame); 100 is closer to what the Realtime API sends.
 * `--relay-node-args`: V8 flags for the relay process alone (tried: a 2 or 4 MB semi-space makes GC pauses
 * more frequent and the loop-delay p99 worse, 16.7 / 32.8 ms vs 9.4 ms at 500 calls).
 *
 * Three processes: this one (the fake Twilio clients and the measurements), the relay alone (CPU, event-loop
 * delay and GC pauses come from it), and the fake Realtime server over TLS. The relay's JavaScript runs on
 * one thread, so its CPU % is "% of one core". By default (taskset, 2+ CPUs) the relay is pinned to CPU 0
 * and the rest to CPU 1: unpinned, the harness and the relay steal each other's CPU and the relay's own
 * numbers get noisier (measured: loop delay p99 29 ms unpinned vs 10 ms pinned at 500 calls).
 *
 * Latency: see load.ts for the stamps. hop in = Realtime receive − Twilio send; hop out = Twilio receive −
 * Realtime send; added = hop in + hop out (the fake server's own time is excluded). All processes read the
 * same monotonic clock. The hops include the load generator's and fake server's own queueing, so they are
 * an upper bound for what the relay adds; `--baseline` (default: at the largest call count) also runs the
 * same load with no relay in between, to show that harness floor.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { bareCallers, newHops, relayCallers, startFrames, type Caller, type RealtimeEndpoint } from './load.ts';
import { cpuBusyMeter, report, summaryLine, type LevelResult, type RelaySample } from './report.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const LEVELS = arg('calls', '100,250,500').split(',').map(Number);
const MEASURE_S = Number(arg('measure', '12'));
const WARMUP_S = Number(arg('warmup', '3'));
const DELTA_MS = arg('delta-ms', '20,100').split(',').map(Number);
const BASELINE = arg('baseline', 'top');
const HERE = import.meta.dirname;
/** `--prof DIR`: V8 CPU profiles of the relay (per level) and of the fake Realtime server, in DIR/relay and DIR/realtime. */
const PROFILE_DIR = arg('prof', '');
/** `--relay-node-args "--max-semi-space-size=4"`: V8/Node flags for the relay process only. */
const RELAY_NODE_ARGS = arg('relay-node-args', '').split(' ').filter(Boolean);

const pinned = !args.includes('--no-pin') && cpus().length >= 2 && (() => {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function spawnChild(script: string, env: Record<string, string>, cpu: string, profileName: string): ChildProcess {
  const profile = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', join(PROFILE_DIR, profileName)] : [];
  const nodeArgs = [...profile, ...(script === 'relay-child.ts' ? RELAY_NODE_ARGS : []), '--import', 'tsx', join(HERE, script)];
  const [cmd, argv] = pinned ? ['taskset', ['-c', cpu, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
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
const sorted = (xs: number[]) => Float64Array.from(xs).sort();

/**
 * Streams frames from `callers` through warm-up and one measurement window; the relay child (when there is
 * one) and the fake Realtime child sample themselves over the same window.
 */
async function measure(
  n: number, deltaMs: number, relay: ChildProcess | null, realtimeChild: ChildProcess,
  connect: (hops: ReturnType<typeof newHops>) => Promise<Caller[]>,
): Promise<LevelResult> {
  const loadAvg = loadavg()[0]!;
  const hops = newHops();
  const callers = await connect(hops);
  await sleep(1500); // sessions configured, greetings answered
  const stopFrames = startFrames(callers, hops);
  await sleep(WARMUP_S * 1000);

  hops.measuring = true;
  relay?.send({ type: 'mark' });
  realtimeChild.send({ type: 'mark' });
  const cpuBusy = cpuBusyMeter();
  const generatorCpuStart = process.cpuUsage();
  const windowStart = performance.now();
  await sleep(MEASURE_S * 1000);
  const generatorCpu = process.cpuUsage(generatorCpuStart);
  const generatorCpuPercent = ((generatorCpu.user + generatorCpu.system) / 1000 / (performance.now() - windowStart)) * 100;
  const cpuBusyPercent = cpuBusy();
  relay?.send({ type: 'sample' });
  realtimeChild.send({ type: 'sample' });
  const [sample, realtimeSample] = await Promise.all([
    relay ? nextMessage<RelaySample>(relay, 'sample') : null,
    nextMessage<{ cpuPercent: number }>(realtimeChild, 'sample'),
  ]);
  hops.measuring = false;
  stopFrames();
  for (const caller of callers) caller.close();

  return {
    mode: relay ? 'relay' : 'bare', calls: n, deltaMs, loadAvg, generatorCpuPercent, realtimeCpuPercent: realtimeSample.cpuPercent,
    cpuBusyPercent, relay: sample, sent: hops.sent, echoed: hops.echoed,
    hopIn: sorted(hops.hopIn), hopOut: sorted(hops.hopOut), added: sorted(hops.hopIn.map((v, i) => v + hops.hopOut[i]!)),
  };
}

async function runRelayLevel(n: number, deltaMs: number, realtime: RealtimeEndpoint, realtimeChild: ChildProcess): Promise<LevelResult> {
  const relay = spawnChild('relay-child.ts', { RELAY_BENCH_CONFIG: JSON.stringify(realtime) }, '0', 'relay');
  const { url } = await nextMessage<{ url: string }>(relay, 'ready');
  const result = await measure(n, deltaMs, relay, realtimeChild, (hops) => relayCallers(n, url, hops));
  for (let i = 0; i < 50; i++) {
    relay.send({ type: 'active' });
    const { activeCalls } = await nextMessage<{ activeCalls: number }>(relay, 'active');
    if (activeCalls === 0) break;
    await sleep(100);
  }
  relay.disconnect(); // lets a profiling child write its profile before exiting
  await Promise.race([new Promise((r) => relay.once('exit', r)), sleep(5000)]);
  relay.kill();
  return result;
}

const results: LevelResult[] = [];
const topLevel = Math.max(...LEVELS);
for (const deltaMs of DELTA_MS) {
  const realtimeChild = spawnChild('realtime-child.ts', { ECHO_BATCH: String(Math.max(1, Math.round(deltaMs / 20))) }, '1', 'realtime');
  const realtime = await nextMessage<RealtimeEndpoint>(realtimeChild, 'ready');
  try {
    for (const n of LEVELS) {
      process.stdout.write(`${deltaMs} ms deltas, ${n} calls… `);
      const r = await runRelayLevel(n, deltaMs, realtime, realtimeChild);
      results.push(r);
      console.log(summaryLine(r));
      if (BASELINE === 'all' || (BASELINE === 'top' && n === topLevel)) {
        process.stdout.write(`${deltaMs} ms deltas, ${n} calls, no relay… `);
        const bare = await measure(n, deltaMs, null, realtimeChild, (hops) => bareCallers(n, realtime, hops));
        results.push(bare);
        console.log(summaryLine(bare));
        await sleep(500);
      }
    }
  } finally {
    realtimeChild.disconnect(); // exits on its own, writing its profile
    await Promise.race([new Promise((r) => realtimeChild.once('exit', r)), sleep(5000)]);
    realtimeChild.kill();
  }
}
const text = report(results, { pinned, warmupS: WARMUP_S, measureS: MEASURE_S });
writeFileSync(join(HERE, 'RESULTS.part.md'), text);
console.log('\n' + text);
process.exit(0);
