/**
 * Bench child process: only the relay, behind a plain `ws` server like the upgrade route, so that its
 * CPU time and event-loop delay are the relay's alone. Dependencies are no-ops (no database here).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { buildInstructions, buildTools } from '../../server/calls/instructions.ts';
import { createMediaRelay } from '../../server/calls/relay/index.ts';

const config = JSON.parse(process.env.RELAY_BENCH_CONFIG!) as { baseURL: string; ca: string; apiKey: string };
const silent = () => undefined;
const tools = buildTools();
const instructions = buildInstructions(
  { name: 'Bench Plumbing', services: ['Drain cleaning'], weeklyHours: { mon: [['08:00', '17:00']] }, timezone: 'UTC', openNow: true },
  tools,
);

const relay = createMediaRelay({
  openai: { apiKey: config.apiKey, baseURL: config.baseURL, wsOptions: { ca: config.ca } },
  resolveSession: async (_params, callSid) => ({ callId: callSid, instructions, tools }),
  onTranscript: async () => undefined,
  onToolCall: async () => ({ output: null }),
  onEnd: async () => undefined,
  logger: { debug: silent, info: silent, warn: silent, error: silent },
});

// The upgrade route's options (server/calls/media.ts).
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/twilio/media', perMessageDeflate: false, maxPayload: 256 * 1024 });
await once(wss, 'listening');
wss.on('connection', (ws) => relay.handleTwilioSocket(ws));

let cpuStart = process.cpuUsage();
let wallStart = performance.now();
let eluStart = performance.eventLoopUtilization();
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
// GC pauses stop the event loop: reported so a loop-delay spike can be told apart from relay work.
let gcPauses: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push(entry.duration);
}).observe({ entryTypes: ['gc'] });

process.on('message', (msg: { type: string }) => {
  if (msg.type === 'mark') {
    cpuStart = process.cpuUsage();
    wallStart = performance.now();
    eluStart = performance.eventLoopUtilization();
    loopDelay.reset();
    gcPauses = [];
  } else if (msg.type === 'sample') {
    const cpu = process.cpuUsage(cpuStart);
    process.send!({
      type: 'sample',
      wallMs: performance.now() - wallStart,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      elu: performance.eventLoopUtilization(eluStart).utilization,
      loopDelayP50Ms: loopDelay.percentile(50) / 1e6,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      rssMb: process.memoryUsage().rss / 1048576,
      gcCount: gcPauses.length,
      gcTotalMs: gcPauses.reduce((a, b) => a + b, 0),
      gcMaxMs: Math.max(0, ...gcPauses),
      activeCalls: relay.activeCalls(),
    });
  } else if (msg.type === 'active') {
    process.send!({ type: 'active', activeCalls: relay.activeCalls() });
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready', url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/twilio/media` });
