import type { ClientOptions } from 'ws';
import type { Speaker } from '../../leads/lead.schema.ts';

/**
 * Why a relayed call ended, passed once to `onEnd`:
 * - `caller_hangup`: Twilio sent `stop` (the caller hung up, or the stream was stopped through the REST API).
 * - `twilio_stop`: the Twilio socket closed or failed without a `stop`; the call itself may still be live.
 * - `assistant_end`: the assistant's `end_call` (or any tool answering `hangup_after_playback`) and the
 *   goodbye finished playing; the relay closed the Twilio socket, so Twilio runs the TwiML after `<Connect>`.
 * - `openai_error`: a fatal Realtime `error` event, or the Realtime socket failed or closed on its own.
 *   `onEnd` runs BEFORE the Twilio socket is closed (bounded by `limits.endHandoffMs`) so the caller can
 *   redirect the live call (voicemail / forwarding) through the REST API first.
 * - `transfer`: `onToolCall` answered `action: 'transfer'` (it has already redirected the call).
 * - `out_of_minutes`: `onMinute` refused the next minute; the assistant was told to wrap up, and its closing
 *   words played (or `wrapUpMs` passed). Like `openai_error`, `onEnd` runs before the Twilio socket is
 *   closed, so the caller can be offered voicemail or the forwarding number.
 */
export type EndReason =
  | 'caller_hangup'
  | 'twilio_stop'
  | 'assistant_end'
  | 'openai_error'
  | 'transfer'
  | 'out_of_minutes';

export type ToolAction = 'hangup_after_playback' | 'transfer';

/** A Realtime function tool, as the session's `tools` array expects it. */
export interface RealtimeFunctionToolDef {
  type: 'function';
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** What `resolveSession` returns for a stream it recognises. */
export interface RelaySession {
  callId: string;
  instructions: string;
  tools: RealtimeFunctionToolDef[];
  /** When set, the assistant opens with these words; otherwise it greets as its instructions say. */
  greeting?: string | null;
  /** The business's chosen voice; otherwise the relay's configured default. */
  voice?: string | null;
}

export interface TranscriptSegment {
  speaker: Speaker;
  text: string;
  /** The Realtime conversation item the text belongs to (stable id for idempotent storage). */
  itemId: string;
  /** When the segment completed. */
  at: Date;
}

export interface ToolCallResult {
  /** Serialised with JSON.stringify as the `function_call_output`. */
  output: unknown;
  action?: ToolAction;
}

/** pino's Logger satisfies this. */
export interface RelayLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RelayStats {
  /** Twilio media frames appended to the Realtime input buffer. */
  framesToOpenAI: number;
  /** Realtime audio deltas sent to Twilio as media messages. */
  framesToTwilio: number;
  marksSent: number;
  marksPlayed: number;
  /** Frames that arrived before the Realtime session was ready (queued, then flushed). */
  preOpenQueued: number;
  /** Frames dropped because the pre-open queue was full (oldest first). */
  preOpenDropped: number;
  bargeIns: number;
  toolCalls: number;
  transcriptSegments: number;
}

export interface RealtimeOptions {
  apiKey: string;
  /** e.g. https://api.openai.com/v1; the SDK turns it into wss://…/realtime?model=… */
  baseURL: string;
  /** Default 'gpt-realtime'. */
  model?: string;
  /** Default 'gpt-4o-mini-transcribe'. */
  transcriptionModel?: string;
  voice?: string;
  /** Default 'server_vad'. */
  turnDetection?: 'server_vad' | 'semantic_vad';
  /** Passed to the `ws` client, e.g. `{ ca }` to trust a private CA. */
  wsOptions?: ClientOptions;
}

export interface RelayLimits {
  /**
   * Caller audio frames kept while the Realtime session is not ready yet (20 ms each; default 100 = 2 s,
   * about 25 KB per call). When full the oldest frame is dropped: the newest audio matters most for VAD.
   */
  preOpenQueueFrames?: number;
  /** Close a Twilio socket that sends no `start` within this time. Default 10 000. */
  startTimeoutMs?: number;
  /** After the goodbye response, hang up at the latest this long after its audio should have played. Default 3 000. */
  hangupGraceMs?: number;
  /** When the call ends while a tool call runs, wait this long for it (a transfer closes the stream first). Default 5 000. */
  toolSettleMs?: number;
  /** On `openai_error`, how long `onEnd` may take before the Twilio socket is closed anyway. Default 5 000. */
  endHandoffMs?: number;
  /** How often `onMinute` is asked; a little under a minute, so the next one is claimed before it starts. Default 50 000. */
  meterMs?: number;
  /** After the wrap-up instruction, end with `out_of_minutes` at the latest this long after. Default 30 000. */
  wrapUpMs?: number;
}

export interface CallRelayDeps {
  openai: RealtimeOptions;
  /**
   * Maps the `<Stream>` parameters to the call; null refuses the stream (socket closed, no onEnd). `stream`
   * is what Twilio's `start` message says of itself, to check against the call.
   */
  resolveSession(
    customParameters: Record<string, string>,
    callSid: string,
    stream: { accountSid: string; streamSid: string },
  ): Promise<RelaySession | null>;
  /** Called once per completed segment, in order, while the call is live. */
  onTranscript(callId: string, segment: TranscriptSegment): Promise<void>;
  onToolCall(callId: string, name: string, args: unknown): Promise<ToolCallResult>;
  /** Called exactly once per resolved session, after every transcript segment was delivered. */
  onEnd(callId: string, reason: EndReason): Promise<void>;
  /**
   * Asked every `limits.meterMs` while the call is live: may it go on for another minute? `false` starts
   * the wind-down (the assistant is told to wrap up politely). Without it, calls are not metered.
   */
  onMinute?(callId: string): Promise<boolean>;
  /**
   * A keypad press on the caller's side while the call is live. The digit goes to this callback only: never
   * logged (a card number or a PIN can be typed during a call).
   */
  onKeypad?(callId: string, digit: string): Promise<void>;
  /** Per-call counters when the call ends. */
  onStats?(callId: string, stats: RelayStats): void;
  logger: RelayLogger;
  limits?: RelayLimits;
}

export interface HandleOptions {
  /** Extra fields for every log line of this connection (request id, remote address…). */
  logBindings?: Record<string, unknown>;
}

/** One call's relay as the server that started it sees it. */
export interface RelayedCall {
  /** Settles when the connection is fully finished: the end reason, or null when no session was resolved. */
  readonly done: Promise<EndReason | null>;
  stats(): RelayStats;
}
