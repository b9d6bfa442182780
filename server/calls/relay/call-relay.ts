/**
 * One phone call: the Twilio media socket on one side, one Realtime session on the other.
 * The pure parts (message shapes, playback accounting, tool turn-taking) live beside this file; this class
 * only moves messages and decides when the call is over.
 */
import type OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { ConversationItem, RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import type { OpenAIRealtimeError } from 'openai/realtime/internal-base';
import { WebSocket, type RawData } from 'ws';
import { PlaybackTracker } from './playback.ts';
import { PreOpenQueue } from './pre-open-queue.ts';
import {
  audioAppendMessage,
  base64ByteLength,
  buildSessionUpdate,
  functionCallOutputEvent,
  greetingEvent,
  isFatalRealtimeError,
  truncateEvent,
  type SessionAudioConfig,
} from './realtime-protocol.ts';
import { appendMessageFromTwilioFrame, markNameFromTwilioFrame, TwilioMediaEncoder } from './media-bytes.ts';
import { directSender, inOneWrite, tickBatchedSender, type Send } from './senders.ts';
import { ToolRunner } from './tool-runner.ts';
import { parseTwilioMessage, twilioClearMessage, twilioMarkMessage, twilioMediaMessage, type TwilioStartInfo } from './twilio-protocol.ts';
import type { EndReason, MediaRelayDeps, RelayConnection, RelaySession, RelayStats } from './types.ts';

export interface CallRelayConfig {
  deps: MediaRelayDeps;
  client: Pick<OpenAI, 'apiKey' | 'baseURL'>;
  audio: SessionAudioConfig;
  limits: Required<NonNullable<MediaRelayDeps['limits']>>;
  logBindings: Record<string, unknown>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class CallRelay implements RelayConnection {
  readonly done: Promise<EndReason | null>;
  private resolveDone!: (reason: EndReason | null) => void;
  private readonly twilio: WebSocket;
  private readonly toTwilio: Send;
  /** Set once the Realtime socket is open. */
  private toRealtimeRaw: Send | null = null;
  private readonly cfg: CallRelayConfig;
  private readonly counters: RelayStats = {
    framesToOpenAI: 0, framesToTwilio: 0, marksSent: 0, marksPlayed: 0, preOpenQueued: 0, preOpenDropped: 0,
    bargeIns: 0, toolCalls: 0, transcriptSegments: 0,
  };

  private start: TwilioStartInfo | null = null;
  private streamSidJson = '""';
  private mediaEncoder: TwilioMediaEncoder | null = null;
  private sessionPromise: Promise<RelaySession | null> | null = null;
  private session: RelaySession | null = null;
  private rt: OpenAIRealtimeWS | null = null;
  /** session.update sent: audio goes straight to the Realtime socket from now on. */
  private rtReady = false;
  /** Append messages for Realtime, built as soon as the frame arrives. */
  private readonly preOpen: PreOpenQueue<string | Buffer>;
  private readonly playback = new PlaybackTracker();
  private readonly tools: ToolRunner;
  private transcriptChain: Promise<void> = Promise.resolve();

  private awaitingGoodbye = false;
  private hangupWhenDrained = false;
  private ending = false;
  private timers: NodeJS.Timeout[] = [];
  private readonly startTimer: NodeJS.Timeout;

  constructor(twilio: WebSocket, cfg: CallRelayConfig) {
    this.twilio = twilio;
    this.toTwilio = tickBatchedSender(twilio);
    this.cfg = cfg;
    this.preOpen = new PreOpenQueue(cfg.limits.preOpenQueueFrames);
    this.tools = new ToolRunner({
      run: (name, args) => cfg.deps.onToolCall(this.session!.callId, name, args),
      sendOutput: (callId, output) => this.toRealtime(functionCallOutputEvent(callId, output)),
      continueResponse: () => this.continueAfterTools(),
      transfer: () => this.finish('transfer'),
      isEnding: () => this.ending,
      logFailure: (tool, err) => this.log('error', { tool, err: String(err) }, 'tool call failed'),
    });
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    twilio.on('message', (data, isBinary) => {
      if (!isBinary) this.onTwilioMessage(data);
    });
    twilio.on('close', () => this.finish('twilio_stop'));
    twilio.on('error', (err) => this.log('warn', { err: err.message }, 'twilio socket error'));
    this.startTimer = setTimeout(() => this.finish('twilio_stop'), cfg.limits.startTimeoutMs).unref();
  }

  stats(): RelayStats {
    return { ...this.counters, preOpenQueued: this.preOpen.queued, preOpenDropped: this.preOpen.dropped };
  }

  // ── Twilio → Realtime ────────────────────────────────────────────────────────────────────────────

  private onTwilioMessage(data: RawData): void {
    if (this.ending) return;
    if (Buffer.isBuffer(data)) {
      const append = appendMessageFromTwilioFrame(data);
      if (append !== undefined) {
        if (append !== null) this.relayCallerAudio(append);
        return;
      }
      const mark = markNameFromTwilioFrame(data);
      if (mark !== undefined) return this.onMarkPlayed(mark);
    }
    const text = data.toString();
    const msg = parseTwilioMessage(text);
    if (!msg) return;
    switch (msg.event) {
      case 'media':
        if (msg.media.track !== 'outbound') this.relayCallerAudio(audioAppendMessage(msg.media.payload));
        return;
      case 'mark':
        this.onMarkPlayed(msg.mark.name);
        return;
      case 'start':
        this.onStart(msg.start);
        return;
      case 'stop':
        this.finish('caller_hangup');
        return;
      case 'dtmf':
        // Never the digit: keypad presses during a call can be a card number or a PIN.
        this.log('debug', {}, 'dtmf received');
        return;
      case 'connected':
        return;
    }
  }

  private onMarkPlayed(name: string): void {
    if (this.playback.played(name)) this.counters.marksPlayed++;
    this.maybeHangUp();
  }

  private relayCallerAudio(append: string | Buffer): void {
    if (this.rtReady) {
      this.toRealtimeRaw!(append);
      this.counters.framesToOpenAI++;
    } else {
      this.preOpen.push(append);
    }
  }

  private onStart(start: TwilioStartInfo): void {
    if (this.start) return;
    this.start = start;
    clearTimeout(this.startTimer);
    this.streamSidJson = JSON.stringify(start.streamSid);
    this.mediaEncoder = new TwilioMediaEncoder(this.streamSidJson);
    // Connect while the session is being resolved: the TLS + WebSocket handshake is most of the set-up time.
    // No permessage-deflate by default: base64 μ-law barely compresses and it would cost CPU on every frame.
    // A handshake that never completes would otherwise leave the caller in silence indefinitely.
    const options = { perMessageDeflate: false, handshakeTimeout: 10_000, ...this.cfg.deps.openai.wsOptions };
    const rt = new OpenAIRealtimeWS({ model: this.cfg.audio.model, options }, this.cfg.client);
    this.rt = rt;
    rt.on('event', (event) => this.onRealtimeEvent(event));
    rt.on('error', (err: OpenAIRealtimeError) => {
      if (err.error) return; // an `error` event: handled in onRealtimeEvent
      this.log('error', { err: err.message }, 'realtime socket error');
      this.finish('openai_error');
    });
    rt.socket.on('open', () => {
      this.toRealtimeRaw = directSender(rt.socket);
      this.configureIfReady();
    });
    rt.socket.on('close', (code, reason) => {
      if (this.ending) return;
      this.log('error', { code, reason: reason.toString() }, 'realtime socket closed');
      this.finish('openai_error');
    });

    this.sessionPromise = this.cfg.deps.resolveSession(start.customParameters, start.callSid).catch((err: unknown) => {
      this.log('error', { err: String(err) }, 'resolveSession failed');
      return null;
    });
    void this.sessionPromise.then((session) => {
      if (!session) {
        this.log('warn', {}, 'no session for stream; closing');
        this.finish('twilio_stop');
        return;
      }
      this.session = session;
      this.configureIfReady();
    });
  }

  private configureIfReady(): void {
    const send = this.toRealtimeRaw;
    const socket = this.rt?.socket;
    if (this.rtReady || this.ending || !this.session || !send || socket?.readyState !== WebSocket.OPEN) return;
    const session = this.session;
    inOneWrite(socket, () => {
      this.toRealtime(buildSessionUpdate(this.cfg.audio, session));
      for (const append of this.preOpen.drain()) {
        send(append);
        this.counters.framesToOpenAI++;
      }
      this.rtReady = true;
      if (session.greeting) this.toRealtime(greetingEvent(session.greeting));
      this.toRealtime({ type: 'response.create' });
    });
  }

  private toRealtime(event: RealtimeClientEvent): void {
    this.toRealtimeRaw?.(JSON.stringify(event));
  }

  // ── Realtime → Twilio ────────────────────────────────────────────────────────────────────────────

  private onRealtimeEvent(event: RealtimeServerEvent): void {
    if (this.ending) return;
    switch (event.type) {
      case 'response.output_audio.delta': {
        const mark = this.playback.enqueue(event.item_id, base64ByteLength(event.delta));
        if (mark === null) return; // the caller already interrupted this item
        this.toTwilio(this.mediaEncoder?.encode(event.delta) ?? twilioMediaMessage(this.streamSidJson, event.delta));
        this.toTwilio(twilioMarkMessage(this.streamSidJson, mark));
        this.counters.framesToTwilio++;
        this.counters.marksSent++;
        return;
      }
      case 'input_audio_buffer.speech_started': {
        const cut = this.playback.interrupt();
        if (!cut) return;
        this.counters.bargeIns++;
        this.toTwilio(twilioClearMessage(this.streamSidJson));
        this.toRealtime(truncateEvent(cut.itemId, cut.audioEndMs));
        this.maybeHangUp();
        return;
      }
      case 'conversation.item.input_audio_transcription.completed':
        this.deliverTranscript('caller', event.transcript, event.item_id);
        return;
      case 'response.output_audio_transcript.done':
        this.deliverTranscript('agent', event.transcript, event.item_id);
        return;
      case 'response.function_call_arguments.done':
        this.dispatchTool(event.response_id, event.call_id, event.name, event.arguments);
        return;
      case 'response.done':
        this.onResponseDone(event.response.id ?? '', event.response.output ?? []);
        return;
      case 'error':
        if (isFatalRealtimeError(event.error)) {
          this.log('error', { error: event.error }, 'realtime error');
          this.finish('openai_error');
        } else {
          this.log('warn', { error: event.error }, 'realtime request rejected');
        }
        return;
      default:
        return;
    }
  }

  private onResponseDone(responseId: string, output: ReadonlyArray<ConversationItem>): void {
    const goodbyeDone = this.awaitingGoodbye;
    for (const item of output) {
      if (item.type === 'function_call' && item.call_id && item.name) {
        this.dispatchTool(responseId, item.call_id, item.name, item.arguments || '{}');
      }
    }
    this.tools.responseDone(responseId);
    if (goodbyeDone) {
      this.awaitingGoodbye = false;
      this.hangupWhenDrained = true;
      // Twilio normally acknowledges the last mark; this bounds the wait if it never does.
      this.timer(this.playback.outstandingMs() + this.cfg.limits.hangupGraceMs, () => this.finish('assistant_end'));
      this.maybeHangUp();
    }
  }

  private maybeHangUp(): void {
    if (this.hangupWhenDrained && this.playback.outstanding === 0) this.finish('assistant_end');
  }

  private continueAfterTools(): void {
    this.toRealtime({ type: 'response.create' });
    // The response asked for after a hang-up tool is the goodbye.
    if (this.tools.hangupRequested) this.awaitingGoodbye = true;
  }

  private dispatchTool(responseId: string, callId: string, name: string, argsText: string): void {
    if (this.session && this.tools.dispatch(responseId, callId, name, argsText)) this.counters.toolCalls++;
  }

  private deliverTranscript(speaker: 'agent' | 'caller', text: string, itemId: string): void {
    const session = this.session;
    const trimmed = text.trim();
    if (!session || !trimmed) return;
    this.counters.transcriptSegments++;
    const segment = { speaker, text: trimmed, itemId, at: new Date() };
    // Chained so segments are stored in the order they completed, without blocking the audio path.
    this.transcriptChain = this.transcriptChain
      .then(() => this.cfg.deps.onTranscript(session.callId, segment))
      .catch((err: unknown) => this.log('error', { err: String(err), itemId }, 'onTranscript failed'));
  }

  // ── Ending ───────────────────────────────────────────────────────────────────────────────────────

  /** Idempotent: the first reason wins (except a transfer discovered while settling tool calls). */
  private finish(reason: EndReason): void {
    if (this.ending) return;
    this.ending = true;
    clearTimeout(this.startTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    void this.wrapUp(reason);
  }

  private async wrapUp(initialReason: EndReason): Promise<void> {
    let reason = initialReason;
    this.closeRealtime();
    if (reason !== 'openai_error') this.closeTwilio();
    if (this.tools.running > 0 && reason !== 'transfer') {
      // A transfer redirect through the REST API makes Twilio end the stream before onToolCall returns.
      await this.tools.settle(this.cfg.limits.toolSettleMs);
      if (this.tools.transferRequested) reason = 'transfer';
    }
    const session = this.sessionPromise ? await this.sessionPromise : null;
    await this.transcriptChain;
    if (session) {
      this.cfg.deps.onStats?.(session.callId, this.stats());
      const ended = this.cfg.deps.onEnd(session.callId, reason).catch((err: unknown) => {
        this.log('error', { err: String(err) }, 'onEnd failed');
      });
      // On openai_error the call is still up: let onEnd redirect it before Twilio moves past <Connect>.
      if (reason === 'openai_error') await Promise.race([ended, delay(this.cfg.limits.endHandoffMs)]);
      this.closeTwilio();
      await ended;
    }
    this.closeTwilio();
    this.log('info', { reason, ...this.stats() }, 'call relay finished');
    this.resolveDone(session ? reason : null);
  }

  private closeRealtime(): void {
    const socket = this.rt?.socket;
    if (!socket) return;
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else if (socket.readyState === WebSocket.OPEN) this.rt!.close({ code: 1000, reason: 'call ended' });
  }

  private closeTwilio(): void {
    const state = this.twilio.readyState;
    if (state === WebSocket.OPEN || state === WebSocket.CONNECTING) this.twilio.close(1000, 'call ended');
  }

  private timer(ms: number, fn: () => void): void {
    this.timers.push(setTimeout(fn, ms).unref());
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', obj: Record<string, unknown>, msg: string): void {
    this.cfg.deps.logger[level](
      { ...this.cfg.logBindings, callSid: this.start?.callSid, callId: this.session?.callId, ...obj },
      msg,
    );
  }
}
