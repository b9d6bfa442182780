/**
 * The live call relay: Twilio Media Streams ⇄ OpenAI Realtime (GA), one Realtime session per call.
 *
 * Wiring (the upgrade route owns authentication and the database):
 *   const relays = createCallRelays({ openai: { apiKey, baseURL }, resolveSession, onTranscript, onToolCall, onEnd, logger });
 *   wss.on('connection', (ws, req) => relays.handleTwilioSocket(ws, { logBindings: { reqId } }));
 */
import OpenAI from 'openai';
import type { WebSocket } from 'ws';
import { CallRelay } from './call-relay.ts';
import type { HandleOptions, CallRelayDeps, RelayedCall } from './types.ts';

export type * from './types.ts';

/** The call relays of one server: each Twilio media socket it accepts becomes one CallRelay. */
export interface CallRelays {
  handleTwilioSocket(ws: WebSocket, opts?: HandleOptions): RelayedCall;
  /** Calls currently being relayed (for health checks and graceful shutdown). */
  activeCalls(): number;
}

export function createCallRelays(deps: CallRelayDeps): CallRelays {
  // Only apiKey and baseURL are read from it; no HTTP request is made by the relay itself.
  const client = new OpenAI({ apiKey: deps.openai.apiKey, baseURL: deps.openai.baseURL });
  const audio = {
    model: deps.openai.model ?? 'gpt-realtime',
    transcriptionModel: deps.openai.transcriptionModel ?? 'gpt-4o-mini-transcribe',
    voice: deps.openai.voice,
    turnDetection: deps.openai.turnDetection ?? 'server_vad',
  } as const;
  const limits = {
    preOpenQueueFrames: deps.limits?.preOpenQueueFrames ?? 100,
    startTimeoutMs: deps.limits?.startTimeoutMs ?? 10_000,
    hangupGraceMs: deps.limits?.hangupGraceMs ?? 3_000,
    toolSettleMs: deps.limits?.toolSettleMs ?? 5_000,
    endHandoffMs: deps.limits?.endHandoffMs ?? 5_000,
    meterMs: deps.limits?.meterMs ?? 50_000,
    wrapUpMs: deps.limits?.wrapUpMs ?? 30_000,
  };
  const active = new Set<RelayedCall>();

  return {
    handleTwilioSocket(ws, opts = {}) {
      const call = new CallRelay(ws, { deps, client, audio, limits, logBindings: opts.logBindings ?? {} });
      active.add(call);
      void call.done.finally(() => active.delete(call));
      return call;
    },
    activeCalls: () => active.size,
  };
}
