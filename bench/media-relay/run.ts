/**
 * Media relay load test: N simultaneous calls, each streaming 50 μ-law frames/s into the relay while the
 * fake Realtime server echoes every frame back as assistant audio (so 50 frames/s each way, plus a mark
 * per outbound delta, acknowledged at once).
 *
 *   npx tsx bench/media-relay/run.ts [--calls 100,200,300,400,500] [--delta-ms 20,100] [--measure 12] [--warmup 3]
 *                                    [--no-pin] [--baseline top|all|none] [--prof DIR] [--relay-node-args "…"]
 *                                    [--subject relay,floor-ws,floor-raw] [--floors top|none]
 *
 * `--delta-ms`: size of the assistant audio deltas the fake Realtime server sends back. 20 is the worst
 * case (one delta, one media and one mark per Twilio frame); 100 is closer to what the Realtime API sends.
 * `--subject`: what carries the calls on CPU 0: the relay (default), and/or the forwarding floors of
 * floor-child.ts (the same traffic with none of the relay's own work, over `ws` or hand-made frames);
 * `--floors top` (default) adds both floors at the largest call count.
 * `--relay-node-args`: V8 flags for the relay (or floor) process alone (tried: a 2 or 4 MB semi-space makes GC pauses
 * more frequent and the loop-delay p99 worse, 16.7 / 32.8 ms vs 9.4 ms at 500 calls).
 *
 * Three processes: this one (the fake Twilio clients and the measurements), the relay alone (CPU, event-loop
 * delay and GC pauses come from it), and the fake Realtime server over TLS. The relay's JavaScript runs on
 * one thread, so its CPU % is "% of one core". By default (taskset, 2+ CPUs) the relay is pinned to CPU 0
 * and the rest to CPU 1: unpinned, the harness and the relay steal each other's CPU and the relay's own
 * numbers get noisier (measured: loop delay p99 29 ms unpinned vs 10 ms pinned at 500 calls).
 *
 * Both fakes (lean-twilio.ts, lean-realtime.ts) speak the real protocols (WebSocket frames over TCP and
 * TLS, Twilio's and the Realtime API's JSON) on raw sockets with pre-built frames (raw-ws.ts), so that the
 * harness's own CPU and queueing stay small next to the relay's.
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
import {
  cpuBusyMeter,
  cpuPercent,
  report,
  summaryLine,
  type CallCarrier,
  type LevelResult,
  type RelaySample,
} from './report.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const LEVELS = arg('calls', '100,200,300,400,500').split(',').map(Number);
const FLOORS: CallCarrier[] = ['floor-ws', 'floor-raw'];
/** What carries the calls: the relay, or a forwarding floor (floor-child.ts) to compare it with. */
const SUBJECTS = arg('subject', 'relay').split(',') as CallCarrier[];
for (const s of SUBJECTS) if (s !== 'relay' && !FLOORS.includes(s)) throw new Error(`unknown --subject ${s}`);
/** `--floors top` (default): the largest call count is also carried by both forwarding floors. */
const FLOORS_AT_TOP = arg('floors', 'top') === 'top';
const MEASURE_S = Number(arg('measure', '12'));
const WARMUP_S = Number(arg('warmup', '3'));
const DELTA_MS = arg('delta-ms', '20,100').split(',').map(Number);
const BASELINE = arg('baseline', 'top');
const HERE = import.meta.dirname;
/** `--prof DIR`: V8 CPU profiles of the relay (per level) and of the fake Realtime server, in DIR/relay and DIR/realtime. */
const PROFILE_DIR = arg('prof', '');
/** `--relay-node-args "--max-semi-space-size=4"`: V8/Node flags for the relay process only. */
const RELAY_NODE_ARGS = arg('relay-node-args', '').split(' ').filter(Boolean);

const pinned =
  !args.includes('--no-pin') &&
  cpus().length >= 2 &&
  (() => {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

function spawnChild(script: string, env: Record<string, string>, cpu: string, profileName: string): ChildProcess {
  const profile = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', join(PROFILE_DIR, profileName)] : [];
  const nodeArgs = [
    ...profile,
    ...(script === 'realtime-child.ts' ? [] : RELAY_NODE_ARGS),
    '--import',
    'tsx',
    join(HERE, script),
  ];
  const [cmd, argv] = pinned ? ['taskset', ['-c', cpu, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  return spawn(cmd as string, argv as string[], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
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
  mode: LevelResult['mode'],
  n: number,
  deltaMs: number,
  relay: ChildProcess | null,
  realtimeHost: RealtimeHost,
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
  realtimeHost.mark();
  const cpuBusy = cpuBusyMeter();
  const generatorCpuStart = process.cpuUsage();
  const windowStart = performance.now();
  await sleep(MEASURE_S * 1000);
  const generatorCpu = process.cpuUsage(generatorCpuStart);
  const generatorCpuPercent =
    ((generatorCpu.user + generatorCpu.system) / 1000 / (performance.now() - windowStart)) * 100;
  const cpuBusyPercent = cpuBusy();
  relay?.send({ type: 'sample' });
  const [sample, realtimeCpuPercent] = await Promise.all([
    relay ? nextMessage<RelaySample>(relay, 'sample') : null,
    realtimeHost.sample(),
  ]);
  hops.measuring = false;
  stopFrames();
  for (const caller of callers) caller.close();

  return {
    mode,
    calls: n,
    deltaMs,
    loadAvg,
    generatorCpuPercent,
    realtimeCpuPercent,
    cpuBusyPercent,
    relay: sample,
    sent: hops.sent,
    echoed: hops.echoed,
    hopIn: sorted(hops.hopIn),
    hopOut: sorted(hops.hopOut),
    added: sorted(hops.hopIn.map((v, i) => v + hops.hopOut[i]!)),
  };
}

/**
 * The fake Realtime server in its own process on CPU 1. (Inside this process instead, one event loop doing
 * both sides' work made the harness's tail worse: 11.6 vs 5.8 ms p99 at 200 calls.)
 */
interface RealtimeHost {
  endpoint: RealtimeEndpoint;
  mark(): void;
  /** Its CPU % since mark(). */
  sample(): Promise<number>;
  close(): Promise<void>;
}

async function realtimeInChild(echoBatch: number): Promise<RealtimeHost> {
  const child = spawnChild('realtime-child.ts', { ECHO_BATCH: String(echoBatch) }, '1', 'realtime');
  const endpoint = await nextMessage<RealtimeEndpoint>(child, 'ready');
  return {
    endpoint,
    mark: () => child.send({ type: 'mark' }),
    sample: async () => {
      child.send({ type: 'sample' });
      return cpuPercent(await nextMessage<RelaySample>(child, 'sample'));
    },
    close: async () => {
      child.disconnect(); // exits on its own, writing its profile
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
      child.kill();
    },
  };
}

async function runRelayLevel(
  subject: CallCarrier,
  n: number,
  deltaMs: number,
  realtimeHost: RealtimeHost,
): Promise<LevelResult> {
  const config = { RELAY_BENCH_CONFIG: JSON.stringify(realtimeHost.endpoint) };
  const relay =
    subject === 'relay'
      ? spawnChild('relay-child.ts', config, '0', 'relay')
      : spawnChild('floor-child.ts', { ...config, FLOOR: subject.slice('floor-'.length) }, '0', subject);
  const { url } = await nextMessage<{ url: string }>(relay, 'ready');
  const result = await measure(subject, n, deltaMs, relay, realtimeHost, (hops) => relayCallers(n, url, hops));
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
  const echoBatch = Math.max(1, Math.round(deltaMs / 20));
  const realtimeHost = await realtimeInChild(echoBatch);
  try {
    for (const n of LEVELS) {
      const subjects = FLOORS_AT_TOP && n === topLevel ? [...new Set([...SUBJECTS, ...FLOORS])] : SUBJECTS;
      for (const subject of subjects) {
        process.stdout.write(`${deltaMs} ms deltas, ${n} calls, ${subject}… `);
        const r = await runRelayLevel(subject, n, deltaMs, realtimeHost);
        results.push(r);
        console.log(summaryLine(r));
        // Far below the relay's limit every frame comes back (give or take those in flight at the window's
        // edges); fewer means the harness and the relay disagree about the protocol.
        if (n <= 100 && !(Math.abs(r.echoed / r.sent - 1) <= 0.02))
          throw new Error(`only ${r.echoed} of ${r.sent} frames echoed at ${n} calls`);
      }
      if (BASELINE === 'all' || (BASELINE === 'top' && n === topLevel)) {
        process.stdout.write(`${deltaMs} ms deltas, ${n} calls, no relay… `);
        const bare = await measure('bare', n, deltaMs, null, realtimeHost, (hops) =>
          bareCallers(n, realtimeHost.endpoint, hops),
        );
        results.push(bare);
        console.log(summaryLine(bare));
        await sleep(500);
      }
    }
  } finally {
    await realtimeHost.close();
  }
}
const text = report(results, { pinned, warmupS: WARMUP_S, measureS: MEASURE_S });
writeFileSync(join(HERE, 'RESULTS.part.md'), text);
console.log('\n' + text);
process.exit(0);
