/** The bench's numbers and the RESULTS.part.md table. */
import { cpus } from 'node:os';

/** What the relay process reports about itself over one measurement window. */
export interface RelaySample {
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  elu: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  rssMb: number;
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  activeCalls: number;
}

/** What carried the calls: the relay, or a forwarding floor (floor-child.ts). */
export type CallCarrier = 'relay' | 'floor-ws' | 'floor-raw';

export interface LevelResult {
  /** 'bare': nothing in between, the load generator talks to the fake Realtime server directly (harness floor). */
  mode: CallCarrier | 'bare';
  calls: number;
  deltaMs: number;
  /** 1-minute load average when the level started: other work on the machine skews latency. */
  loadAvg: number;
  /** CPU use of the load generator and of the fake Realtime server, to tell whether they were the limit. */
  generatorCpuPercent: number;
  realtimeCpuPercent: number;
  /** Busy % of each CPU over the window, everything on the machine included (shows outside interference). */
  cpuBusyPercent: number[];
  relay: RelaySample | null;
  sent: number;
  echoed: number;
  hopIn: Float64Array;
  hopOut: Float64Array;
  added: Float64Array;
}

export interface ReportContext {
  pinned: boolean;
  warmupS: number;
  measureS: number;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Snapshot of per-CPU times; call the result to get each CPU's busy % since then. */
export function cpuBusyMeter(): () => number[] {
  const start = cpus().map((c) => c.times);
  return () =>
    cpus().map((c, i) => {
      const a = start[i]!;
      const t = c.times;
      const busy = t.user - a.user + (t.nice - a.nice) + (t.sys - a.sys) + (t.irq - a.irq);
      const total = busy + (t.idle - a.idle);
      return total > 0 ? (busy / total) * 100 : NaN;
    });
}

export const fmt = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const pair = (xs: Float64Array) => `${fmt(percentile(xs, 50))} / ${fmt(percentile(xs, 99))}`;
/** A sampled child's CPU use, % of one core. */
export const cpuPercent = (s: RelaySample) => ((s.cpuUserMs + s.cpuSystemMs) / s.wallMs) * 100;

/** One line for the console while the bench runs. */
export function summaryLine(r: LevelResult): string {
  const harness = `generator ${fmt(r.generatorCpuPercent, 0)} %, fake realtime ${fmt(r.realtimeCpuPercent, 0)} %`;
  const latency = `added p50 ${fmt(percentile(r.added, 50))} ms, p99 ${fmt(percentile(r.added, 99))} ms, echoed ${r.echoed}/${r.sent}`;
  const busy = `CPU busy ${r.cpuBusyPercent.map((b) => fmt(b, 0)).join(' / ')} %`;
  if (!r.relay) return `harness floor (no relay): ${harness}, ${latency}, ${busy}`;
  const s = r.relay;
  return (
    `${r.mode} CPU ${fmt(cpuPercent(s), 1)} % (user ${fmt(s.cpuUserMs, 0)} ms, sys ${fmt(s.cpuSystemMs, 0)} ms), ` +
    `loop delay p99 ${fmt(s.loopDelayP99Ms)} ms, GC ${s.gcCount}× ${fmt(s.gcTotalMs, 0)} ms (max ${fmt(s.gcMaxMs, 1)}), ${harness}, ${latency}, ${busy}`
  );
}

export function report(results: LevelResult[], ctx: ReportContext): string {
  const cpuModel = cpus()[0]?.model ?? 'unknown';
  const relayRows = results.filter((r) => r.relay);
  const bareRows = results.filter((r) => !r.relay);
  const lines = [
    '# Media relay bench',
    '',
    `Machine: ${cpus().length} CPU(s), ${cpuModel}, Node ${process.version}, ${new Date().toISOString()}.`,
    ctx.pinned
      ? 'Relay process pinned to CPU 0; load generator (fake Twilio clients) and fake Realtime server (TLS) share CPU 1.'
      : 'No CPU pinning (`--no-pin`, or taskset unavailable / 1 CPU): all processes share the machine.',
    'Each call: 50 frames/s (20 ms, 160 bytes μ-law) into the relay; the fake Realtime echoes them back as deltas of `delta ms` each, and the relay sends one media + one mark per delta (acknowledged at once).',
    "Both fakes speak the real protocols (WebSocket over TCP to the relay, over TLS from it; Twilio Media Streams and Realtime GA JSON) on raw sockets with pre-built frames (bench/media-relay/raw-ws.ts, lean-twilio.ts, lean-realtime.ts), to keep the harness's own CPU use and queueing small.",
    `Warm-up ${ctx.warmupS} s, measured ${ctx.measureS} s per row. \`load\` = 1-min load average at the start of the row; \`CPU busy\` = each CPU's busy % over the window, all processes included.`,
    "Latency (hop in: fake Twilio send → fake Realtime receive; hop out: fake Realtime send → fake Twilio receive) is an upper bound for the relay: it also contains the load generator's and fake server's own queueing on their shared CPU. Loop delay and GC pauses are the relay process's own.",
    '',
    "`floor-ws` / `floor-raw` rows: the same calls carried by floor-child.ts, which forwards the bytes and does none of the relay's own work, over `ws` (the relay's stack) or with hand-made frames; the relay can get no cheaper than its stack's floor by changing its own code.",
    '',
    '| carried by | delta ms | calls | load | CPU (% of 1 core) | CPU ms per call-second | event-loop util. | loop delay p50 / p99 (ms) | GC pauses: count, max (ms) | hop in p50 / p99 (ms) | hop out p50 / p99 (ms) | added p50 / p99 (ms) | echoed / sent | RSS (MB) | generator / fake Realtime CPU % | CPU busy % (per CPU) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of relayRows) {
    const s = r.relay!;
    const cpuMs = s.cpuUserMs + s.cpuSystemMs;
    lines.push(
      `| ${r.mode} | ${r.deltaMs} | ${r.calls} | ${fmt(r.loadAvg, 1)} | ${fmt(cpuPercent(s), 1)} | ${fmt(cpuMs / ((s.wallMs / 1000) * r.calls), 3)} | ${fmt(s.elu, 2)} | ` +
        `${fmt(s.loopDelayP50Ms)} / ${fmt(s.loopDelayP99Ms)} | ${s.gcCount}, ${fmt(s.gcMaxMs, 1)} | ${pair(r.hopIn)} | ${pair(r.hopOut)} | ${pair(r.added)} | ` +
        `${r.echoed} / ${r.sent} | ${fmt(s.rssMb, 0)} | ${fmt(r.generatorCpuPercent, 0)} / ${fmt(r.realtimeCpuPercent, 0)} | ${r.cpuBusyPercent.map((b) => fmt(b, 0)).join(' / ')} |`,
    );
  }
  if (bareRows.length) {
    lines.push(
      '',
      '**Harness floor, no relay**: the same callers, frames, stamps and echo, but the load generator sends the appends straight to the fake Realtime server (TLS) and reads its deltas; no Twilio-side marks. Its latency is what the harness adds by itself on CPU 1 at that load.',
      '',
      '| delta ms | calls | load | hop in p50 / p99 (ms) | hop out p50 / p99 (ms) | added p50 / p99 (ms) | echoed / sent | generator / fake Realtime CPU % | CPU busy % (per CPU) |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of bareRows) {
      lines.push(
        `| ${r.deltaMs} | ${r.calls} | ${fmt(r.loadAvg, 1)} | ${pair(r.hopIn)} | ${pair(r.hopOut)} | ${pair(r.added)} | ${r.echoed} / ${r.sent} | ` +
          `${fmt(r.generatorCpuPercent, 0)} / ${fmt(r.realtimeCpuPercent, 0)} | ${r.cpuBusyPercent.map((b) => fmt(b, 0)).join(' / ')} |`,
      );
    }
  }
  const goalRows = relayRows.filter((r) => r.mode === 'relay');
  const maxCalls = Math.max(...goalRows.map((x) => x.calls));
  for (const top of goalRows.filter((r) => r.calls === maxCalls)) {
    const s = top.relay!;
    const p99 = percentile(top.added, 99);
    const cpu = cpuPercent(s);
    const floor = bareRows.find((b) => b.calls === top.calls && b.deltaMs === top.deltaMs);
    const sameDelta = goalRows.filter((r) => r.deltaMs === top.deltaMs);
    const largest = (ok: (r: LevelResult) => boolean) =>
      Math.max(0, ...sameDelta.filter(ok).map((r) => r.calls)) || 'none';
    const floors = relayRows.filter((r) => r.mode !== 'relay' && r.calls === top.calls && r.deltaMs === top.deltaMs);
    lines.push(
      '',
      `Goal (500 calls on one core, p99 ≤ 5 ms), ${top.deltaMs} ms deltas: at ${top.calls} calls the relay used ${fmt(cpu, 1)} % of one core; ` +
        `end-to-end added p99 ${fmt(p99)} ms${floor ? ` (harness floor alone: ${fmt(percentile(floor.added, 99))} ms)` : ''}; ` +
        `relay event-loop delay p99 ${fmt(s.loopDelayP99Ms)} ms, longest GC pause ${fmt(s.gcMaxMs, 1)} ms → ${cpu < 100 && p99 <= 5 ? 'met' : 'NOT met'}.` +
        floors
          .map(
            (f) =>
              ` ${f.mode} carried the same calls with ${fmt(cpuPercent(f.relay!), 1)} % (loop delay p99 ${fmt(f.relay!.loopDelayP99Ms)} ms).`,
          )
          .join('') +
        ` Largest call count measured with end-to-end added p99 ≤ 5 ms: ${largest((r) => percentile(r.added, 99) <= 5)}; ` +
        `with the relay's own event-loop delay p99 ≤ 5 ms: ${largest((r) => r.relay!.loopDelayP99Ms <= 5)}.`,
    );
  }
  return lines.join('\n') + '\n';
}
