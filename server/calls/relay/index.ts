/**
 * The live call relay: Twilio Media Streams ⇄ OpenAI Realtime (GA), one Realtime session per call.
 *
 * Wiring (the upgrade route owns authentication and the database):
 *   const relay = createMediaRelay({ openai: { apiKey, baseURL }, resolveSession, onTranscript, onToolCall, onEnd, logger });
 *   wss.on('connection', (ws, req) => relay.handleTwilioSocket(ws, { logBindings: { reqId } }));
 */
import OpenAI from 'openai';
import type { WebSocket } from 'ws';
import { CallRelay } from './call-relay.ts';
import type { HandleOptions, MediaRelayDeps, RelayConnection } from './types.ts';

export type * from './types.ts';

export interface MediaRelay {
  handleTwilioSocket(ws: WebSocket, opts?: HandleOptions): RelayConnection;
  /** Calls currently being relayed (for health checks and graceful shutdown). */
  activeCalls(): number;
}

export function createMediaRelay(deps: MediaRelayDeps): MediaRelay {
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
  const active = new Set<RelayConnection>();

  return {
    handleTwilioSocket(ws, opts = {}) {
      const connection = new CallRelay(ws, { deps, client, audio, limits, logBindings: opts.logBindings ?? {} });
      active.add(connection);
      void connection.done.finally(() => active.delete(connection));
      return connection;
    },
    activeCalls: () => active.size,
  };
}
