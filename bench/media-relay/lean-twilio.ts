/**
 * The load generator's WebSocket clients, built on raw-ws.ts: a fake Twilio Media Stream (into the relay)
 * and, for the harness floor, a bare Realtime client that sends appends straight to the fake Realtime
 * server. Both send 50 stamped frames a second each, hundreds of connections in one process, so a frame is
 * a pre-masked template copied per send in which only the stamp and the counters are written.
 *
 * The fake Twilio call speaks what testkit/fake-twilio-media.ts does with `playback: 'instant'`:
 * `connected`, `start` (customParameters `{ bench: '1' }`), `media` frames in Twilio's key order, marks
 * echoed back on arrival, `stop` at the end.
 */
import { connect as netConnect, type OnReadOpts, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { ClientFramer, clientHandshake, FrameReader, OP_TEXT, startsWith, writeBase64 } from './raw-ws.ts';

export const FRAME_BYTES = 160; // 20 ms of μ-law at 8 kHz
/** A frame's audio: 24 bytes of stamps (32 base64 characters), then μ-law silence. */
const SILENCE_BASE64 = Buffer.alloc(FRAME_BYTES - 24, 0xff).toString('base64');
const BLANK_STAMPS = 'A'.repeat(32);

/** Echoed audio received: base64 in `buf[start, end)`, its stamps in the first 32 characters. */
export type OnEcho = (buf: Buffer, start: number, end: number, receivedAt: bigint) => void;

interface RawClient {
  socket: Socket;
  framer: ClientFramer;
  reader: FrameReader;
}

/**
 * Every client reads into this one buffer (the sockets' `onread` option): no Buffer and no stream events per
 * read. Sharing it is safe because each read's callback handles the bytes before the next read happens.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/** TCP (ws:) or TLS (wss:), the upgrade, then every text message to `onText` with its read's arrival time. */
async function openClient(
  url: URL,
  onText: (payload: Buffer, receivedAt: bigint) => void,
  tls?: { ca: string },
  headers?: Record<string, string>,
): Promise<RawClient> {
  const handshake = clientHandshake(url.host, url.pathname + url.search, headers);
  const framer = new ClientFramer();
  let reader: FrameReader | null = null;
  let receivedAt = 0n;
  let open!: () => void;
  let fail!: (err: unknown) => void;
  const opened = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)));
  const callback = (n: number) => {
    receivedAt = process.hrtime.bigint();
    const chunk = READ_BUFFER.subarray(0, n);
    if (reader) {
      reader.push(chunk);
      return true;
    }
    try {
      const rest = handshake.response(chunk);
      if (rest) {
        reader = new FrameReader(
          socket,
          (opcode, payload) => opcode === OP_TEXT && onText(payload, receivedAt),
          (p, op) => framer.frame(p, op),
        );
        open();
        reader.push(rest);
      }
    } catch (err) {
      socket.destroy();
      fail(err);
    }
    return true;
  };
  const onread: OnReadOpts = { buffer: READ_BUFFER, callback };
  const port = Number(url.port);
  // tls.connect takes `onread` too (documented; missing from @types/node 20).
  const socket: Socket = tls
    ? tlsConnect({ host: url.hostname, port, ca: tls.ca, onread } as ConnectionOptions)
    : netConnect({ host: url.hostname, port, onread });
  socket.setNoDelay(true);
  socket.once(tls ? 'secureConnect' : 'connect', () => socket.write(handshake.request));
  socket.on('error', fail); // once open: connections reset at teardown, nothing to report
  socket.on('close', () => fail(new Error('socket closed during the WebSocket handshake')));
  await opened;
  return { socket, framer, reader: reader! };
}

const stampScratch = Buffer.alloc(9); // the send time, then one zero byte: 12 base64 characters

/** Writes the send time, masked, as the first 12 characters of the audio at `out[at…]`. */
function stamp(out: Buffer, at: number, framer: ClientFramer, payloadStart: number): void {
  stampScratch.writeBigInt64BE(process.hrtime.bigint(), 0);
  writeBase64(out, at, stampScratch, 9, framer, payloadStart);
}

const endsWithQuoteBraces = (p: Buffer) =>
  p[p.length - 1] === 0x7d && p[p.length - 2] === 0x7d && p[p.length - 3] === 0x22; // "}}

let sidCounter = 0;
const sid = (prefix: string) => prefix + (++sidCounter).toString(16).padStart(32, '0');
function digitCount(n: number): number {
  let digits = 1;
  for (let limit = 10; n >= limit; limit *= 10) digits++;
  return digits;
}

/** A masked media frame; the `…End` fields and `stampAt` are absolute offsets in `frame`. */
interface MediaTemplate {
  frame: Buffer;
  payloadStart: number;
  seqEnd: number;
  chunkEnd: number;
  timestampEnd: number;
  stampAt: number;
  /** The digit counts it was built for (sequence, chunk, timestamp), as one number. */
  widths: number;
}

export class LeanTwilioCall {
  private readonly client: RawClient;
  private readonly onEcho: OnEcho;
  private readonly accountSid = sid('AC');
  private readonly callSid = sid('CA');
  private readonly streamSid = sid('MZ');
  /** The relay's messages in its layout, up to the value: `{"event":"media","streamSid":"MZ…","media":{"payload":"`. */
  private readonly mediaHead = Buffer.from(`{"event":"media","streamSid":"${this.streamSid}","media":{"payload":"`);
  private readonly markHead = Buffer.from(`{"event":"mark","streamSid":"${this.streamSid}","mark":{"name":"`);
  private readonly markEchoMid = Buffer.from(`","streamSid":"${this.streamSid}","mark":{"name":"`);
  private sequence = 0;
  private chunk = 0;
  private media: MediaTemplate = {
    frame: Buffer.alloc(0),
    payloadStart: 0,
    seqEnd: 0,
    chunkEnd: 0,
    timestampEnd: 0,
    stampAt: 0,
    widths: 0,
  };

  private constructor(client: RawClient, onEcho: OnEcho) {
    this.client = client;
    this.onEcho = onEcho;
  }

  static async connect(url: string, onEcho: OnEcho): Promise<LeanTwilioCall> {
    // The relay sends nothing before `start`, so no message can arrive before `call` exists.
    let call: LeanTwilioCall | undefined;
    const client = await openClient(new URL(url), (payload, receivedAt) => call?.onRelayMessage(payload, receivedAt));
    call = new LeanTwilioCall(client, onEcho);
    call.sendJson({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    call.sendJson({
      event: 'start',
      sequenceNumber: String(++call.sequence),
      start: {
        accountSid: call.accountSid,
        streamSid: call.streamSid,
        callSid: call.callSid,
        tracks: ['inbound'],
        customParameters: { bench: '1' },
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
      streamSid: call.streamSid,
    });
    return call;
  }

  /** One stamped 20 ms frame, laid out as Twilio (and test/support's FakeTwilioCall.sendMedia) writes it. */
  sendFrame(): void {
    const seq = ++this.sequence;
    const chunk = ++this.chunk;
    const timestamp = (chunk - 1) * 20;
    const widths = digitCount(seq) * 10_000 + digitCount(chunk) * 100 + digitCount(timestamp);
    if (widths !== this.media.widths) this.buildMedia(seq, chunk, timestamp, widths);
    const m = this.media;
    const out = Buffer.allocUnsafe(m.frame.length);
    m.frame.copy(out);
    this.writeNumber(out, m.seqEnd, seq);
    this.writeNumber(out, m.chunkEnd, chunk);
    this.writeNumber(out, m.timestampEnd, timestamp);
    stamp(out, m.stampAt, this.client.framer, m.payloadStart);
    this.client.socket.write(out);
  }

  /** Twilio's `stop`, then the closing handshake. */
  close(): void {
    if (this.client.socket.destroyed) return;
    this.sendJson({
      event: 'stop',
      sequenceNumber: String(++this.sequence),
      streamSid: this.streamSid,
      stop: { accountSid: this.accountSid, callSid: this.callSid },
    });
    this.client.reader.close(1000);
  }

  private buildMedia(seq: number, chunk: number, timestamp: number, widths: number): void {
    let text = '{"event":"media","sequenceNumber":"' + seq;
    const seqEnd = text.length;
    text += '","media":{"track":"inbound","chunk":"' + chunk;
    const chunkEnd = text.length;
    text += '","timestamp":"' + timestamp;
    const timestampEnd = text.length;
    text += '","payload":"';
    const stampAt = text.length;
    text += BLANK_STAMPS + SILENCE_BASE64 + '"},"streamSid":"' + this.streamSid + '"}';
    const frame = this.client.framer.frame(text);
    const at = frame.length - text.length; // payload start
    this.media = {
      frame,
      payloadStart: at,
      seqEnd: at + seqEnd,
      chunkEnd: at + chunkEnd,
      timestampEnd: at + timestampEnd,
      stampAt: at + stampAt,
      widths,
    };
  }

  /** Writes `n`'s decimal digits, masked, ending just before `end` (the field has exactly that many digits). */
  private writeNumber(out: Buffer, end: number, n: number): void {
    const key = this.client.framer.key;
    const payloadStart = this.media.payloadStart;
    let p = end;
    do {
      p--;
      out[p] = (48 + (n % 10)) ^ key[(p - payloadStart) & 3]!;
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  private onRelayMessage(payload: Buffer, receivedAt: bigint): void {
    if (endsWithQuoteBraces(payload)) {
      if (startsWith(payload, this.mediaHead)) {
        this.onEcho(payload, this.mediaHead.length, payload.length - 3, receivedAt);
        return;
      }
      if (startsWith(payload, this.markHead)) {
        this.echoMark(payload, this.markHead.length, payload.length - 3);
        return;
      }
    }
    // Another layout (or `clear`, ignored): the same messages through JSON.
    let msg: { event?: string; media?: { payload?: unknown }; mark?: { name?: unknown } };
    try {
      msg = JSON.parse(payload.toString());
    } catch {
      return;
    }
    if (msg.event === 'media' && typeof msg.media?.payload === 'string') {
      const audio = Buffer.from(msg.media.payload, 'latin1');
      this.onEcho(audio, 0, audio.length, receivedAt);
    } else if (msg.event === 'mark' && typeof msg.mark?.name === 'string') {
      const name = Buffer.from(JSON.stringify(msg.mark.name).slice(1, -1));
      this.echoMark(name, 0, name.length);
    }
  }

  /** Twilio's acknowledgement: `{"event":"mark","sequenceNumber":"N","streamSid":"…","mark":{"name":"…"}}`. */
  private echoMark(src: Buffer, start: number, end: number): void {
    const head = '{"event":"mark","sequenceNumber":"' + ++this.sequence;
    const length = head.length + this.markEchoMid.length + (end - start) + 3;
    const out = this.client.framer.alloc(length);
    const payloadStart = out.length - length;
    let at = payloadStart + out.write(head, payloadStart, 'latin1');
    at += this.markEchoMid.copy(out, at);
    at += src.copy(out, at, start, end);
    out.write('"}}', at, 'latin1');
    this.client.framer.mask(out, payloadStart, out.length, payloadStart);
    this.client.socket.write(out);
  }

  private sendJson(msg: Record<string, unknown>): void {
    this.client.socket.write(this.client.framer.frame(JSON.stringify(msg)));
  }
}

const DELTA_HEAD = Buffer.from('{"type":"response.output_audio.delta"');
const DELTA_KEY = Buffer.from('"delta":"');

/**
 * The harness floor's client: no relay, straight to the fake Realtime server over TLS, sending each frame
 * as the relay writes an append (`{"type":"input_audio_buffer.append","audio":"…"}`) and reading the deltas.
 */
export class BareRealtimeClient {
  private readonly client: RawClient;
  private readonly frame: Buffer;
  private readonly payloadStart: number;
  private readonly stampAt: number;

  private constructor(client: RawClient) {
    this.client = client;
    const head = '{"type":"input_audio_buffer.append","audio":"';
    const text = head + BLANK_STAMPS + SILENCE_BASE64 + '"}';
    this.frame = client.framer.frame(text);
    this.payloadStart = this.frame.length - text.length;
    this.stampAt = this.payloadStart + head.length;
  }

  static async connect(
    realtime: { baseURL: string; ca: string; apiKey: string },
    onEcho: OnEcho,
  ): Promise<BareRealtimeClient> {
    const url = new URL(realtime.baseURL.replace(/^https/, 'wss') + '/realtime?model=bench');
    const onText = (payload: Buffer, receivedAt: bigint) => {
      if (!startsWith(payload, DELTA_HEAD)) return;
      const at = payload.indexOf(DELTA_KEY);
      const end = at < 0 ? -1 : payload.indexOf(0x22, at + DELTA_KEY.length);
      if (end >= 0) onEcho(payload, at + DELTA_KEY.length, end, receivedAt);
    };
    return new BareRealtimeClient(
      await openClient(url, onText, { ca: realtime.ca }, { Authorization: `Bearer ${realtime.apiKey}` }),
    );
  }

  sendFrame(): void {
    const out = Buffer.allocUnsafe(this.frame.length);
    this.frame.copy(out);
    stamp(out, this.stampAt, this.client.framer, this.payloadStart);
    this.client.socket.write(out);
  }

  close(): void {
    if (!this.client.socket.destroyed) this.client.reader.close(1000);
  }
}
