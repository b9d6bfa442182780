/**
 * The relay as it runs in production, minus the database: a real `ws` server on 127.0.0.1 doing what the
 * upgrade route does (hand the socket to the relay), the fake Realtime API over real TLS, and recording
 * dependency callbacks.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import {
  createCallRelays,
  type EndReason,
  type CallRelayDeps,
  type RelayedCall,
  type RelaySession,
  type ToolCallResult,
  type TranscriptSegment,
} from '../server/calls/relay/index.ts';
import { startFakeRealtime, type FakeRealtimeOptions, type FakeRealtimeServer } from './fake-realtime.ts';
import { FakeTwilioCall, type FakeTwilioOptions } from './fake-twilio-media.ts';

export interface HarnessOptions {
  realtime?: FakeRealtimeOptions;
  /** The session resolveSession returns; null refuses the stream. */
  session?: Partial<RelaySession> | null;
  /** Delay before resolveSession answers (exercises the pre-open queue). */
  resolveDelayMs?: number;
  onToolCall?: (callId: string, name: string, args: unknown) => Promise<ToolCallResult>;
  onTranscript?: (callId: string, segment: TranscriptSegment) => Promise<void>;
  onEnd?: (callId: string, reason: EndReason) => Promise<void>;
  onMinute?: CallRelayDeps['onMinute'];
  limits?: CallRelayDeps['limits'];
  openai?: Partial<CallRelayDeps['openai']>;
}

export interface LogLine {
  level: string;
  obj: object;
  msg?: string | undefined;
}

export interface Harness {
  realtime: FakeRealtimeServer;
  url: string;
  resolveCalls: { params: Record<string, string>; callSid: string }[];
  transcripts: { callId: string; segment: TranscriptSegment }[];
  toolCalls: { callId: string; name: string; args: unknown }[];
  ends: { callId: string; reason: EndReason }[];
  logs: LogLine[];
  connections: RelayedCall[];
  activeCalls(): number;
  /** A connected fake Twilio call (connected + start sent). */
  call(opts?: Partial<FakeTwilioOptions> & { start?: boolean }): Promise<FakeTwilioCall>;
  /** The relay connection for the n-th Twilio socket, once it exists. */
  connection(index?: number): Promise<RelayedCall>;
  close(): Promise<void>;
}

export const DEFAULT_SESSION: RelaySession = {
  callId: 'call_1',
  instructions: 'You are the AI phone assistant for Acme Plumbing.',
  tools: [
    { type: 'function', name: 'end_call', description: 'Hang up.', parameters: { type: 'object', properties: {} } },
  ],
};

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const realtime = await startFakeRealtime(opts.realtime);
  const h = {
    resolveCalls: [] as Harness['resolveCalls'],
    transcripts: [] as Harness['transcripts'],
    toolCalls: [] as Harness['toolCalls'],
    ends: [] as Harness['ends'],
    logs: [] as LogLine[],
    connections: [] as RelayedCall[],
  };
  const log = (level: string) => (obj: object, msg?: string) => void h.logs.push({ level, obj, msg });
  const relay = createCallRelays({
    openai: {
      apiKey: realtime.apiKey,
      baseURL: realtime.baseURL,
      wsOptions: { ca: realtime.ca },
      voice: 'marin',
      ...opts.openai,
    },
    async resolveSession(params, callSid) {
      h.resolveCalls.push({ params, callSid });
      if (opts.resolveDelayMs) await new Promise((r) => setTimeout(r, opts.resolveDelayMs));
      if (opts.session === null) return null;
      return { ...DEFAULT_SESSION, ...opts.session };
    },
    async onTranscript(callId, segment) {
      h.transcripts.push({ callId, segment });
      await opts.onTranscript?.(callId, segment);
    },
    async onToolCall(callId, name, args) {
      h.toolCalls.push({ callId, name, args });
      return opts.onToolCall ? opts.onToolCall(callId, name, args) : { output: { ok: true } };
    },
    async onEnd(callId, reason) {
      h.ends.push({ callId, reason });
      await opts.onEnd?.(callId, reason);
    },
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    ...(opts.onMinute ? { onMinute: opts.onMinute } : {}),
    limits: opts.limits,
  });

  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/twilio/media', perMessageDeflate: false });
  await once(wss, 'listening');
  const connectionWaiters: (() => void)[] = [];
  wss.on('connection', (ws) => {
    h.connections.push(relay.handleTwilioSocket(ws, { logBindings: { test: true } }));
    for (const w of connectionWaiters.splice(0)) w();
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/twilio/media`;
  const calls: FakeTwilioCall[] = [];

  return {
    ...h,
    realtime,
    url,
    activeCalls: () => relay.activeCalls(),
    async call(callOpts = {}) {
      const call = new FakeTwilioCall({ url, customParameters: { callId: 'call_1' }, ...callOpts });
      calls.push(call);
      await call.connect({ start: callOpts.start });
      return call;
    },
    connection(index = 0) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no relay connection #${index}`)), 3000);
        const check = () => {
          const c = h.connections[index];
          if (!c) return void connectionWaiters.push(check);
          clearTimeout(timer);
          resolve(c);
        };
        check();
      });
    },
    async close() {
      for (const call of calls) if (call.isOpen) call.drop();
      await Promise.race([
        Promise.allSettled(h.connections.map((c) => c.done)),
        new Promise((r) => setTimeout(r, 2000)),
      ]);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await realtime.close();
    },
  };
}

/** Deterministic 160-byte μ-law frames whose content identifies the frame. */
export function frame(seed: number, bytes = 160): Buffer {
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buf[i] = (seed * 31 + i * 7) & 0xff;
  return buf;
}

export async function eventually(check: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
