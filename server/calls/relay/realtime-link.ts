/**
 * The relay's Realtime session: one `openai` Realtime WebSocket per call. It connects as soon as Twilio's
 * `start` arrives (the TLS + WebSocket handshake is most of the set-up time) while the call's session is
 * still being resolved; caller audio that arrives before both are ready waits in a bounded queue and goes
 * out in one write together with `session.update`.
 */
import type OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { OpenAIRealtimeError } from 'openai/realtime/internal-base';
import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { WebSocket, type ClientOptions } from 'ws';
import { PreOpenQueue } from './pre-open-queue.ts';
import { buildSessionUpdate, greetingEvent, type SessionAudioConfig } from './realtime-protocol.ts';
import { directSender, inOneWrite, type Send } from './senders.ts';
import type { RelaySession } from './types.ts';

export interface RealtimeLinkOptions {
  client: Pick<OpenAI, 'apiKey' | 'baseURL'>;
  audio: SessionAudioConfig;
  wsOptions?: ClientOptions | undefined;
  preOpenQueueFrames: number;
  onEvent: (event: RealtimeServerEvent) => void;
  /** The socket failed or closed while the call was still on: the call cannot go on with the assistant. */
  onLost: (detail: Record<string, unknown>, message: string) => void;
}

export class RealtimeLink {
  private rt: OpenAIRealtimeWS | null = null;
  private send: Send | null = null;
  private session: RelaySession | null = null;
  /** session.update sent: audio goes straight to the socket from now on. */
  private ready = false;
  private closed = false;
  /** Append messages, built as soon as the frame arrives. */
  private readonly preOpen: PreOpenQueue<string | Buffer>;
  private readonly opts: RealtimeLinkOptions;
  framesSent = 0;

  constructor(opts: RealtimeLinkOptions) {
    this.opts = opts;
    this.preOpen = new PreOpenQueue(opts.preOpenQueueFrames);
  }

  get queued(): number {
    return this.preOpen.queued;
  }

  get dropped(): number {
    return this.preOpen.dropped;
  }

  connect(): void {
    if (this.rt || this.closed) return;
    // No permessage-deflate by default: base64 μ-law barely compresses and it would cost CPU on every frame.
    // A handshake that never completes would otherwise leave the caller in silence indefinitely.
    const options = { perMessageDeflate: false, handshakeTimeout: 10_000, ...this.opts.wsOptions };
    const rt = new OpenAIRealtimeWS({ model: this.opts.audio.model, options }, this.opts.client);
    this.rt = rt;
    rt.on('event', (event) => this.opts.onEvent(event));
    rt.on('error', (err: OpenAIRealtimeError) => {
      if (err.error || this.closed) return; // an `error` event reaches onEvent
      this.opts.onLost({ err: err.message }, 'realtime socket error');
    });
    rt.socket.on('open', () => {
      this.send = directSender(rt.socket);
      this.configureIfReady();
    });
    rt.socket.on('close', (code, reason) => {
      if (!this.closed) this.opts.onLost({ code, reason: reason.toString() }, 'realtime socket closed');
    });
  }

  /** The call's session is known: configure the Realtime session as soon as the socket is open. */
  start(session: RelaySession): void {
    this.session = session;
    this.configureIfReady();
  }

  /** A caller frame's ready-built `input_audio_buffer.append`. */
  appendAudio(append: string | Buffer): void {
    if (this.ready) {
      this.send!(append);
      this.framesSent++;
    } else {
      this.preOpen.push(append);
    }
  }

  sendEvent(event: RealtimeClientEvent): void {
    this.send?.(JSON.stringify(event));
  }

  close(): void {
    this.closed = true;
    const socket = this.rt?.socket;
    if (!socket) return;
    if (socket.readyState === WebSocket.CONNECTING) {
      // Aborting mid-TLS-handshake (a stream refused before its session resolved) left a write to fail after
      // its socket lost every error listener: ECANCELED, uncaught, and every call on the node would go
      // down with it. Let the handshake finish, then close; the session is never configured.
      socket.on('error', () => undefined);
      socket.once('open', () => socket.close(1000, 'call ended'));
    } else if (socket.readyState === WebSocket.OPEN) this.rt!.close({ code: 1000, reason: 'call ended' });
  }

  private configureIfReady(): void {
    const send = this.send;
    const socket = this.rt?.socket;
    const session = this.session;
    if (this.ready || this.closed || !session || !send || socket?.readyState !== WebSocket.OPEN) return;
    inOneWrite(socket, () => {
      this.sendEvent(buildSessionUpdate(this.opts.audio, session));
      for (const append of this.preOpen.drain()) {
        send(append);
        this.framesSent++;
      }
      this.ready = true;
      if (session.greeting) this.sendEvent(greetingEvent(session.greeting));
      this.sendEvent({ type: 'response.create' });
    });
  }
}
