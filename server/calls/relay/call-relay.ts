/**
 * One phone call: the Twilio media socket on one side, one Realtime session on the other.
 * The two sides' mechanics live beside this file (realtime-link.ts: connecting, configuring and feeding the
 * Realtime session; twilio-playback.ts: playing the assistant and knowing what was heard), as do the pure
 * parts (message shapes, tool turn-taking); this class routes events between them and decides when the
 * call is over.
 */
import type OpenAI from 'openai';
import type { ConversationItem, RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { WebSocket, type RawData } from 'ws';
import {
  audioAppendMessage,
  functionCallOutputEvent,
  isFatalRealtimeError,
  truncateEvent,
  type SessionAudioConfig,
} from './realtime-protocol.ts';
import { appendMessageFromTwilioFrame, markNameFromTwilioFrame } from './media-bytes.ts';
import { RealtimeLink } from './realtime-link.ts';
import { ToolRunner } from './tool-runner.ts';
import { TwilioPlayback } from './twilio-playback.ts';
import { parseTwilioMessage, type TwilioStartInfo } from './twilio-protocol.ts';
import type { EndReason, CallRelayDeps, RelayedCall, RelaySession, RelayStats } from './types.ts';

export interface CallRelayConfig {
  deps: CallRelayDeps;
  client: Pick<OpenAI, 'apiKey' | 'baseURL'>;
  audio: SessionAudioConfig;
  limits: Required<NonNullable<CallRelayDeps['limits']>>;
  logBindings: Record<string, unknown>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** What the assistant is told when the business's minutes run out mid-call. */
const WRAP_UP =
  "The business's call minutes have run out. Finish your current point, then politely wrap up in one or two short sentences: " +
  'thank the caller and tell them you will connect them with the team or let them leave a message. Do not ask new questions.';

export class CallRelay implements RelayedCall {
  readonly done: Promise<EndReason | null>;
  private resolveDone!: (reason: EndReason | null) => void;
  private readonly twilio: WebSocket;
  private readonly playback: TwilioPlayback;
  private readonly realtime: RealtimeLink;
  private readonly cfg: CallRelayConfig;
  private readonly counters = { bargeIns: 0, toolCalls: 0, transcriptSegments: 0 };

  private start: TwilioStartInfo | null = null;
  private sessionPromise: Promise<RelaySession | null> | null = null;
  private session: RelaySession | null = null;
  private readonly tools: ToolRunner;
  private transcriptChain: Promise<void> = Promise.resolve();

  private awaitingGoodbye = false;
  /** Set once the last words are spoken: the call ends this way when their audio has played. */
  private endWhenDrained: EndReason | null = null;
  private responding = false;
  /** Out of minutes: 'pending' until the wrap-up response is asked for, 'speaking' while it is given. */
  private windDown: 'no' | 'pending' | 'speaking' = 'no';
  private ending = false;
  private timers: NodeJS.Timeout[] = [];
  private readonly startTimer: NodeJS.Timeout;

  constructor(twilio: WebSocket, cfg: CallRelayConfig) {
    this.twilio = twilio;
    this.playback = new TwilioPlayback(twilio);
    this.cfg = cfg;
    this.realtime = new RealtimeLink({
      client: cfg.client,
      audio: cfg.audio,
      wsOptions: cfg.deps.openai.wsOptions,
      preOpenQueueFrames: cfg.limits.preOpenQueueFrames,
      onEvent: (event) => this.onRealtimeEvent(event),
      onLost: (detail, message) => {
        this.log('error', detail, message);
        this.finish('openai_error');
      },
    });
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
    const rt = this.realtime;
    return {
      ...this.counters,
      ...this.playback.counts,
      framesToOpenAI: rt.framesSent,
      preOpenQueued: rt.queued,
      preOpenDropped: rt.dropped,
    };
  }

  // ── Twilio → Realtime ────────────────────────────────────────────────────────────────────────────

  private onTwilioMessage(data: RawData): void {
    if (this.ending) return;
    if (Buffer.isBuffer(data)) {
      const append = appendMessageFromTwilioFrame(data);
      if (append !== undefined) {
        if (append !== null) this.realtime.appendAudio(append);
        return;
      }
      const mark = markNameFromTwilioFrame(data);
      if (mark !== undefined) {
        this.onMarkPlayed(mark);
        return;
      }
    }
    const text = data.toString();
    const msg = parseTwilioMessage(text);
    if (!msg) return;
    switch (msg.event) {
      case 'media':
        if (msg.media.track !== 'outbound') this.realtime.appendAudio(audioAppendMessage(msg.media.payload));
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
        this.onKeypad(msg.dtmf.digit);
        return;
      case 'connected':
        return;
    }
  }

  private onKeypad(digit: string): void {
    const onKeypad = this.cfg.deps.onKeypad;
    const callId = this.session?.callId;
    if (!onKeypad || !callId || !/^[0-9*#]$/.test(digit)) return;
    onKeypad(callId, digit).catch((err: unknown) => this.log('error', { err: String(err) }, 'onKeypad failed'));
  }

  private onMarkPlayed(name: string): void {
    this.playback.markPlayed(name);
    this.maybeHangUp();
  }

  private onStart(start: TwilioStartInfo): void {
    if (this.start) return;
    this.start = start;
    clearTimeout(this.startTimer);
    this.playback.begin(start.streamSid);
    this.realtime.connect();

    const stream = { accountSid: String(start.accountSid ?? ''), streamSid: start.streamSid };
    this.sessionPromise = this.cfg.deps
      .resolveSession(start.customParameters, start.callSid, stream)
      .catch((err: unknown) => {
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
      this.realtime.start(session);
      const onMinute = this.cfg.deps.onMinute;
      if (onMinute)
        this.timers.push(setInterval(() => void this.meter(onMinute, session.callId), this.cfg.limits.meterMs).unref());
    });
  }

  private toRealtime(event: RealtimeClientEvent): void {
    this.realtime.sendEvent(event);
  }

  // ── Realtime → Twilio ────────────────────────────────────────────────────────────────────────────

  private onRealtimeEvent(event: RealtimeServerEvent): void {
    if (this.ending) return;
    switch (event.type) {
      case 'response.output_audio.delta':
        this.playback.play(event.item_id, event.delta);
        return;
      case 'response.created':
        this.responding = true;
        return;
      case 'input_audio_buffer.speech_started': {
        const cut = this.playback.interrupt();
        if (!cut) return;
        this.counters.bargeIns++;
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
    this.responding = false;
    const goodbyeDone = this.awaitingGoodbye;
    for (const item of output) {
      if (item.type === 'function_call' && item.call_id && item.name) {
        this.dispatchTool(responseId, item.call_id, item.name, item.arguments || '{}');
      }
    }
    this.tools.responseDone(responseId);
    if (goodbyeDone) {
      this.awaitingGoodbye = false;
      this.endAfterPlayback('assistant_end');
    } else if (this.windDown === 'speaking' && !this.tools.hangupRequested) {
      this.endAfterPlayback('out_of_minutes');
    } else if (this.windDown === 'pending' && this.tools.running === 0) {
      this.askToWrapUp();
    }
  }

  private endAfterPlayback(reason: EndReason): void {
    this.endWhenDrained = reason;
    // Twilio normally acknowledges the last mark; this bounds the wait if it never does.
    this.timer(this.playback.outstandingMs() + this.cfg.limits.hangupGraceMs, () => this.finish(reason));
    this.maybeHangUp();
  }

  private maybeHangUp(): void {
    if (this.endWhenDrained && this.playback.outstanding === 0) this.finish(this.endWhenDrained);
  }

  // ── Minutes ──────────────────────────────────────────────────────────────────────────────────────

  /** Claims the next minute; when it is refused, the assistant is told to close the call politely. */
  private async meter(onMinute: (callId: string) => Promise<boolean>, callId: string): Promise<void> {
    if (this.ending || this.windDown !== 'no') return;
    const more = await onMinute(callId).catch((err: unknown) => {
      // A failed check must not cut a caller off; the call is still charged in full when it ends.
      this.log('warn', { err: String(err) }, 'minute check failed');
      return true;
    });
    if (more || this.ending || this.windDown !== 'no') return;
    this.windDown = 'pending';
    this.log('info', {}, 'out of minutes: winding the call down');
    this.toRealtime({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'system', content: [{ type: 'input_text', text: WRAP_UP }] },
    });
    this.timer(this.cfg.limits.wrapUpMs, () => this.finish('out_of_minutes'));
    // Never over the assistant's own sentence: a response in progress finishes first (onResponseDone).
    if (!this.responding && this.tools.running === 0) this.askToWrapUp();
  }

  private askToWrapUp(): void {
    this.windDown = 'speaking';
    this.toRealtime({ type: 'response.create' });
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
    // On these the caller is still there: onEnd hands the call on before Twilio moves past <Connect>.
    const handOff = reason === 'openai_error' || reason === 'out_of_minutes';
    this.realtime.close();
    if (!handOff) this.closeTwilio();
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
      if (handOff) await Promise.race([ended, delay(this.cfg.limits.endHandoffMs)]);
      this.closeTwilio();
      await ended;
    }
    this.closeTwilio();
    this.log('info', { reason, ...this.stats() }, 'call relay finished');
    this.resolveDone(session ? reason : null);
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
