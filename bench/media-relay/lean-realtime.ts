/**
 * The bench's fake OpenAI Realtime server: the same TLS WebSocket endpoint and GA event shapes as
 * testkit/fake-realtime.ts, built on raw-ws.ts so that echoing tens of thousands
 * of appends a second costs as little CPU as possible (it shares a core with the load generator).
 *
 * Serves `wss://127.0.0.1:<port>/v1/realtime?model=…`; refuses other paths (404) and upgrades without
 * `Authorization: Bearer <apiKey>` (401). Sends `session.created` on connect, answers `session.update` with
 * `session.updated` and `response.create` with `response.created` + `response.done`, and echoes every
 * `echoBatch` appends as one `response.output_audio.delta` of the same length of audio. The delta carries
 * the newest frame's send time (its bytes 0–8), this server's receive time (8–16) and send time (16–24).
 */
import { once } from 'node:events';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createSelfSignedCert } from '../../testkit/tls.ts';
import { FRAME_BYTES } from './lean-twilio.ts';
import { acceptUpgrade, FrameReader, OP_TEXT, readBase64, serverFrame, startsWith, writeBase64 } from './raw-ws.ts';

const STAMP_CHARS = 32; // 24 bytes of stamps
/** An append in the relay's layout: only the first 12 audio characters (the send time) are ever read. */
const APPEND_HEAD = Buffer.from('{"type":"input_audio_buffer.append","audio":"');
const MIN_APPEND = APPEND_HEAD.length + STAMP_CHARS + 2; // + `"}`

let idCounter = 0;
const newId = (prefix: string) => `${prefix}_${(++idCounter).toString(36)}`;

function isAppend(p: Buffer): boolean {
  return p.length >= MIN_APPEND && p[p.length - 1] === 0x7d && p[p.length - 2] === 0x22 && startsWith(p, APPEND_HEAD);
}

class RealtimeConnection {
  private readonly socket: Socket;
  private readonly echoBatch: number;
  private readonly reader: FrameReader;
  private receivedAt = 0n;
  private pending = 0;
  /** The delta frame with `A…` for stamps, copied for each send; rebuilt per response (new item id). */
  private delta!: Buffer;
  private stampAt = 0;
  /** Bytes 0–8: the newest append's send time (byte 8 is overwritten by the receive time). */
  private readonly stamps = Buffer.alloc(24);

  constructor(socket: Socket, head: Buffer, model: string | null, echoBatch: number) {
    this.socket = socket;
    this.echoBatch = echoBatch;
    socket.setNoDelay(true);
    this.reader = new FrameReader(
      socket,
      (opcode, payload) => opcode === OP_TEXT && this.onMessage(payload),
      serverFrame,
    );
    socket.on('data', (chunk: Buffer) => {
      this.receivedAt = process.hrtime.bigint();
      this.reader.push(chunk);
    });
    socket.on('error', () => undefined); // the relay's side going away ends the connection, nothing to report
    this.buildDelta(newId('item'));
    this.send({ type: 'session.created', session: { type: 'realtime', id: newId('sess'), model } });
    if (head.length) {
      this.receivedAt = process.hrtime.bigint();
      this.reader.push(head);
    }
  }

  private buildDelta(itemId: string): void {
    const audio = Buffer.alloc(this.echoBatch * FRAME_BYTES, 0xff).toString('base64');
    const head =
      '{"type":"response.output_audio.delta","event_id":"' +
      newId('event') +
      '","response_id":"resp_echo","item_id":"' +
      itemId +
      '","output_index":0,"content_index":0,"delta":"';
    this.delta = serverFrame(head + audio + '"}');
    this.stampAt = this.delta.length - 2 - audio.length;
  }

  private onMessage(payload: Buffer): void {
    if (isAppend(payload)) {
      if (++this.pending < this.echoBatch) return;
      this.pending = 0;
      readBase64(payload, APPEND_HEAD.length, 12, this.stamps);
      this.sendDelta();
      return;
    }
    let event: { type?: string; session?: unknown };
    try {
      event = JSON.parse(payload.toString());
    } catch {
      return;
    }
    if (event.type === 'session.update') this.send({ type: 'session.updated', session: event.session });
    else if (event.type === 'response.create') {
      const id = newId('resp');
      this.buildDelta(newId('item'));
      this.send({
        type: 'response.created',
        response: { id, object: 'realtime.response', status: 'in_progress', output: [] },
      });
      this.send({
        type: 'response.done',
        response: { id, object: 'realtime.response', status: 'completed', output: [] },
      });
    }
  }

  /** A fresh copy per send: a write queued in the socket must not see the next stamps. */
  private sendDelta(): void {
    const out = Buffer.allocUnsafe(this.delta.length);
    this.delta.copy(out);
    this.stamps.writeBigInt64BE(this.receivedAt, 8);
    this.stamps.writeBigInt64BE(process.hrtime.bigint(), 16);
    writeBase64(out, this.stampAt, this.stamps, 24);
    this.socket.write(out);
  }

  private send(event: Record<string, unknown>): void {
    this.socket.write(serverFrame(JSON.stringify({ event_id: newId('event'), ...event })));
  }
}

export interface LeanRealtime {
  /** Pass as `openai.baseURL`. */
  baseURL: string;
  /** PEM to trust: `wsOptions: { ca }`. */
  ca: string;
  apiKey: string;
}

/** `echoBatch`: appended frames per echoed delta (1 = one 20 ms delta per frame, 5 = 100 ms deltas). */
export async function startLeanRealtime(echoBatch: number, apiKey = 'sk-test-fake-realtime'): Promise<LeanRealtime> {
  const cert = createSelfSignedCert();
  const https = createServer({ key: cert.key, cert: cert.cert }, (_req, res) => res.writeHead(404).end());
  https.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'https://fake');
    const refuse = (status: string) =>
      socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    if (url.pathname !== '/v1/realtime') return refuse('404 Not Found');
    if (req.headers.authorization !== `Bearer ${apiKey}`) return refuse('401 Unauthorized');
    if (acceptUpgrade(req, socket))
      new RealtimeConnection(socket as Socket, head, url.searchParams.get('model'), echoBatch);
  });
  https.listen(0, '127.0.0.1');
  await once(https, 'listening');
  return { baseURL: `https://127.0.0.1:${(https.address() as AddressInfo).port}/v1`, ca: cert.cert, apiKey };
}
