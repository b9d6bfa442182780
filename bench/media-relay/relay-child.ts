/**
 * Bench child process: only the relay, behind a plain `ws` server like the upgrade route, so that its
 * CPU time and event-loop delay are the relay's alone. Dependencies are no-ops (no database here).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { buildInstructions, buildTools } from '../../server/calls/instructions.ts';
import { createCallRelays } from '../../server/calls/relay/index.ts';
import { answerSamples } from './child-sampler.ts';

const config = JSON.parse(process.env.RELAY_BENCH_CONFIG!) as { baseURL: string; ca: string; apiKey: string };
const silent = () => undefined;
const tools = buildTools();
const instructions = buildInstructions(
  {
    name: 'Bench Plumbing',
    services: ['Drain cleaning'],
    weeklyHours: { mon: [['08:00', '17:00']] },
    timezone: 'UTC',
    openNow: true,
  },
  tools,
);

const relay = createCallRelays({
  openai: { apiKey: config.apiKey, baseURL: config.baseURL, wsOptions: { ca: config.ca } },
  resolveSession: async (_params, callSid) => ({ callId: callSid, instructions, tools }),
  onTranscript: async () => undefined,
  onToolCall: async () => ({ output: null }),
  onEnd: async () => undefined,
  logger: { debug: silent, info: silent, warn: silent, error: silent },
});

// The upgrade route's options (server/calls/media.ts).
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  path: '/twilio/media',
  perMessageDeflate: false,
  maxPayload: 256 * 1024,
});
await once(wss, 'listening');
wss.on('connection', (ws) => relay.handleTwilioSocket(ws));

answerSamples(() => relay.activeCalls());
process.send!({ type: 'ready', url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/twilio/media` });
