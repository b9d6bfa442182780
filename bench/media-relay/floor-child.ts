/**
 * Bench child process: the forwarding floor. It carries the same calls as the relay with none of the
 * relay's own work (no message parsing beyond the hot paths, no session, tools, transcripts or playback
 * bookkeeping): each caller frame becomes its append through the relay's own byte function, each
 * assistant delta a `media` + `mark`. What it costs is what any relay on this stack must spend, so the gap
 * between the relay's row and this one is all the relay can still win by changing its own code.
 *
 *   FLOOR=ws   the relay's stack: a `ws` server with the upgrade route's options, and per call a `ws` TLS
 *              client to the Realtime endpoint, as the `openai` package's Realtime client opens it.
 *   FLOOR=raw  the same connections, but after the handshakes `ws` is taken off the sockets and the hot
 *              paths frame by hand (raw-ws.ts): what is left is Node's sockets, TLS and the kernel.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { appendMessageFromTwilioFrame, TwilioMediaEncoder } from '../../server/calls/relay/media-bytes.ts';
import { answerSamples } from './child-sampler.ts';
import { ClientFramer, FrameReader, OP_TEXT, serverFrame } from './raw-ws.ts';

const config = JSON.parse(process.env.RELAY_BENCH_CONFIG!) as { baseURL: string; ca: string; apiKey: string };
const raw = process.env.FLOOR === 'raw';
const DELTA_KEY = Buffer.from('"delta":"');
const TEXT = { binary: false } as const;
let active = 0;

/** Where `ws` keeps a connection's socket (not public API; fine for a measurement). */
const socketOf = (ws: WebSocket) => (ws as unknown as { _socket: Duplex })._socket;

/** Takes a connected socket away from `ws`: from now on its bytes go to `onMessage` through a FrameReader. */
function takeOver(
  ws: WebSocket,
  onMessage: (payload: Buffer) => void,
  frame: (p: Buffer, op: number) => Buffer,
): Duplex {
  const socket = socketOf(ws);
  socket.removeAllListeners('data');
  const reader = new FrameReader(socket, (opcode, payload) => opcode === OP_TEXT && onMessage(payload), frame);
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  return socket;
}

function carryCall(twilio: WebSocket): void {
  let encoder: TwilioMediaEncoder | null = null;
  let streamSidJson = '""';
  let marks = 0;
  let toRealtime: ((append: Buffer) => void) | null = null;
  let realtime: WebSocket | null = null;
  const twilioSocket = socketOf(twilio);
  const toTwilio = raw
    ? (msg: Buffer | string) => twilioSocket.write(serverFrame(msg))
    : (msg: Buffer | string) => twilio.send(msg, TEXT);

  const onDelta = (data: Buffer) => {
    const at = data.indexOf(DELTA_KEY);
    if (at < 0 || !encoder) return;
    const start = at + DELTA_KEY.length;
    const media = encoder.encode(data.toString('latin1', start, data.indexOf(0x22, start)));
    if (!media) return;
    twilioSocket.cork();
    toTwilio(media);
    toTwilio('{"event":"mark","streamSid":' + streamSidJson + ',"mark":{"name":"' + ++marks + '"}}');
    twilioSocket.uncork();
  };

  const connectRealtime = () => {
    const url = config.baseURL.replace(/^http/, 'ws') + '/realtime?model=gpt-realtime';
    const rt = new WebSocket(url, {
      ca: config.ca,
      headers: { Authorization: `Bearer ${config.apiKey}` },
      perMessageDeflate: false,
    });
    realtime = rt;
    rt.on('error', () => undefined);
    rt.on('open', () => {
      if (!raw) {
        rt.on('message', (data: RawData) => onDelta(data as Buffer));
        toRealtime = (append) => rt.send(append, TEXT);
        return;
      }
      const framer = new ClientFramer();
      const socket = takeOver(rt, onDelta, (p, op) => framer.frame(p, op));
      toRealtime = (append) => socket.write(framer.frame(append));
    });
  };

  const onTwilio = (data: Buffer) => {
    const append = appendMessageFromTwilioFrame(data);
    if (append) return void toRealtime?.(append);
    if (append === null || data.includes('"event":"mark"')) return;
    const msg = JSON.parse(data.toString()) as { event: string; start?: { streamSid: string } };
    if (msg.event === 'start' && msg.start) {
      streamSidJson = JSON.stringify(msg.start.streamSid);
      encoder = new TwilioMediaEncoder(streamSidJson);
      connectRealtime();
    } else if (msg.event === 'stop') {
      realtime?.close();
      twilio.close();
    }
  };

  active++;
  twilio.on('close', () => {
    active--;
    realtime?.close();
  });
  if (raw) takeOver(twilio, onTwilio, (p, op) => serverFrame(p, op));
  else twilio.on('message', (data: RawData) => onTwilio(data as Buffer));
}

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  path: '/twilio/media',
  perMessageDeflate: false,
  maxPayload: 256 * 1024,
});
await once(wss, 'listening');
wss.on('connection', carryCall);

answerSamples(() => active);
process.send!({ type: 'ready', url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/twilio/media` });
