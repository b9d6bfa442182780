/**
 * A client that behaves like Twilio's side of a bidirectional Media Stream (`<Connect><Stream>`):
 * sends `connected`, `start` (with customParameters), 20 ms μ-law `media` frames (160 bytes, base64),
 * `dtmf`, `stop`; receives `media` / `mark` / `clear`, and echoes each `mark` back when the audio sent
 * before it would have finished playing — or at once for the marks of audio dropped by a `clear`.
 *
 * Playback modes: 'realtime' plays outbound audio at 8 bytes/ms; 'instant' acknowledges marks on arrival
 * (load tests); 'manual' holds marks until `playMarks(n)` (deterministic barge-in tests).
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { WebSocket } from 'ws';

export const FRAME_BYTES = 160; // 20 ms of μ-law at 8 kHz
export type PlaybackMode = 'realtime' | 'instant' | 'manual';

export interface FakeTwilioOptions {
  url: string;
  callSid?: string;
  streamSid?: string;
  accountSid?: string;
  customParameters?: Record<string, string>;
  playback?: PlaybackMode;
  /** Extra headers on the upgrade request (e.g. X-Twilio-Signature); undefined values are left out. */
  headers?: Record<string, string | undefined>;
}

export type TwilioOutbound =
  | { event: 'media'; streamSid: string; media: { payload: string } }
  | { event: 'mark'; streamSid: string; mark: { name: string } }
  | { event: 'clear'; streamSid: string };

interface HeldMark {
  name: string;
  timer: NodeJS.Timeout | null;
}

const TEXT = { binary: false } as const;

// Unique across the test files sharing one database (Call.mediaStreamSid is unique), like Twilio's own.
const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');

export class FakeTwilioCall {
  readonly callSid: string;
  readonly streamSid: string;
  readonly accountSid: string;
  readonly received: TwilioOutbound[] = [];
  /** Outbound audio payloads as received, in order. */
  readonly mediaPayloads: string[] = [];
  /** Marks echoed back so far (what Twilio reported as played or cleared). */
  readonly echoedMarks: string[] = [];
  closed!: Promise<{ code: number; reason: string }>;

  private ws!: WebSocket;
  private readonly opts: FakeTwilioOptions;
  private readonly playback: PlaybackMode;
  private readonly streamSidJson: string;
  private sequence = 0;
  private chunk = 0;
  private held: HeldMark[] = [];
  private playheadEnd = 0;
  private waiters: { match: (m: TwilioOutbound) => boolean; resolve: (m: TwilioOutbound) => void }[] = [];

  constructor(opts: FakeTwilioOptions) {
    this.opts = opts;
    this.callSid = opts.callSid ?? sid('CA');
    this.streamSid = opts.streamSid ?? sid('MZ');
    this.accountSid = opts.accountSid ?? sid('AC');
    this.playback = opts.playback ?? 'realtime';
    this.streamSidJson = JSON.stringify(this.streamSid);
  }

  /** Opens the socket and sends `connected` (and `start` unless `start: false`). */
  async connect(p: { start?: boolean } = {}): Promise<void> {
    const headers = Object.fromEntries(
      Object.entries(this.opts.headers ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
    );
    this.ws = new WebSocket(this.opts.url, { headers, perMessageDeflate: false });
    this.closed = once(this.ws, 'close').then(([code, reason]) => ({ code: code as number, reason: String(reason) }));
    this.ws.on('message', (data) => this.onRelayMessage(data.toString()));
    this.ws.on('error', () => undefined); // surfaced through `closed`
    await once(this.ws, 'open');
    this.sendJson({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    if (p.start !== false) this.start();
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  start(): void {
    this.sendJson({
      event: 'start',
      sequenceNumber: String(++this.sequence),
      start: {
        accountSid: this.accountSid,
        streamSid: this.streamSid,
        callSid: this.callSid,
        tracks: ['inbound'],
        customParameters: this.opts.customParameters ?? {},
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
      streamSid: this.streamSid,
    });
  }

  /** One inbound frame; `payload` is raw μ-law bytes (normally 160). */
  sendMedia(payload: Buffer): void {
    // Built as text in Twilio's own key order, so that tests take the relay's byte-level path as real calls do.
    this.chunk++;
    const text =
      '{"event":"media","sequenceNumber":"' +
      ++this.sequence +
      '","media":{"track":"inbound","chunk":"' +
      this.chunk +
      '","timestamp":"' +
      (this.chunk - 1) * 20 +
      '","payload":"' +
      payload.toString('base64') +
      '"},"streamSid":' +
      this.streamSidJson +
      '}';
    this.ws.send(Buffer.from(text), TEXT);
  }

  /** Splits audio into 20 ms frames and sends them back to back (no pacing). */
  sendAudio(audio: Buffer): void {
    for (let at = 0; at < audio.length; at += FRAME_BYTES) this.sendMedia(audio.subarray(at, at + FRAME_BYTES));
  }

  dtmf(digit: string): void {
    this.sendJson({
      event: 'dtmf',
      streamSid: this.streamSid,
      sequenceNumber: String(++this.sequence),
      dtmf: { track: 'inbound_track', digit },
    });
  }

  /** What Twilio sends when the call ends; Twilio then closes the socket. */
  stop(closeAfter = true): void {
    this.sendJson({
      event: 'stop',
      sequenceNumber: String(++this.sequence),
      streamSid: this.streamSid,
      stop: { accountSid: this.accountSid, callSid: this.callSid },
    });
    if (closeAfter) this.ws.close(1000);
  }

  /** The socket goes away without a `stop`. */
  drop(): void {
    this.ws.terminate();
  }

  /** Manual playback: report the next `n` held marks as played. */
  playMarks(n = Infinity): void {
    for (const mark of this.held.splice(0, n)) this.echoMark(mark.name);
  }

  get heldMarks(): number {
    return this.held.length;
  }

  /** All outbound audio received so far, decoded. */
  receivedAudio(): Buffer {
    return Buffer.concat(this.mediaPayloads.map((p) => Buffer.from(p, 'base64')));
  }

  waitFor(
    event: TwilioOutbound['event'],
    predicate: (m: TwilioOutbound) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<TwilioOutbound> {
    const match = (m: TwilioOutbound) => m.event === event && predicate(m);
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake twilio: no ${event} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Resolves once `count` media messages have been received. */
  async waitForMedia(count: number, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.mediaPayloads.length < count) {
      if (Date.now() > deadline)
        throw new Error(`fake twilio: ${this.mediaPayloads.length}/${count} media within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private onRelayMessage(text: string): void {
    const msg = JSON.parse(text) as TwilioOutbound;
    this.received.push(msg);
    switch (msg.event) {
      case 'media': {
        this.mediaPayloads.push(msg.media.payload);
        const ms = Buffer.byteLength(msg.media.payload, 'base64') / 8;
        this.playheadEnd = Math.max(performance.now(), this.playheadEnd) + ms;
        break;
      }
      case 'mark':
        this.holdMark(msg.mark.name);
        break;
      case 'clear':
        // Twilio empties its buffer and returns the marks of the discarded audio.
        this.playheadEnd = performance.now();
        for (const mark of this.held.splice(0)) {
          if (mark.timer) clearTimeout(mark.timer);
          this.echoMark(mark.name);
        }
        break;
    }
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (w.match(msg)) {
        this.waiters.splice(i, 1);
        w.resolve(msg);
      }
    }
  }

  private holdMark(name: string): void {
    if (this.playback === 'instant') {
      this.echoMark(name);
      return;
    }
    const mark: HeldMark = { name, timer: null };
    if (this.playback === 'realtime') {
      mark.timer = setTimeout(
        () => {
          this.held = this.held.filter((m) => m !== mark);
          this.echoMark(name);
        },
        Math.max(0, this.playheadEnd - performance.now()),
      );
    }
    this.held.push(mark);
  }

  private echoMark(name: string): void {
    this.echoedMarks.push(name);
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.sendJson({
      event: 'mark',
      sequenceNumber: String(++this.sequence),
      streamSid: this.streamSid,
      mark: { name },
    });
  }

  private sendJson(msg: Record<string, unknown>): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(Buffer.from(JSON.stringify(msg)), TEXT);
  }
}
