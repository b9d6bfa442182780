/**
 * The bench's callers: each sends a stamped 20 ms μ-law frame 50 times a second, either through the relay
 * (fake Twilio calls) or, for the harness floor, straight to the fake Realtime server with no relay at all.
 *
 * Stamps: a frame's first 24 bytes are its send time and 16 bytes the fake Realtime server fills with its
 * receive and send times; it echoes them at the start of each delta. 24 bytes are exactly 32 base64
 * characters, so both ends stamp and read them without encoding or decoding the whole payload.
 */
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { FakeTwilioCall, FRAME_BYTES } from '../../test/support/fake-twilio-media.ts';

export interface Hops {
  /** Only while true are stamps recorded (not during warm-up). */
  measuring: boolean;
  sent: number;
  /** Frames' worth of stamped audio received back. */
  echoed: number;
  hopIn: number[];
  hopOut: number[];
}

export const newHops = (): Hops => ({ measuring: false, sent: 0, echoed: 0, hopIn: [], hopOut: [] });

export interface Caller {
  sendFrame(payloadBase64: string): void;
  close(): void;
}

/** Reads the stamps at the start of an echoed delta. */
function recordEcho(hops: Hops, payload: string, receivedAt: bigint): void {
  if (!hops.measuring) return;
  const stamps = Buffer.from(payload.slice(0, 32), 'base64');
  if (stamps.length < 24) return;
  const sentAt = stamps.readBigInt64BE(0);
  const rtReceived = stamps.readBigInt64BE(8);
  const rtSent = stamps.readBigInt64BE(16);
  if (sentAt === 0n || rtReceived === 0n) return; // not a stamped echo
  hops.echoed += Buffer.byteLength(payload, 'base64') / FRAME_BYTES;
  hops.hopIn.push(Number(rtReceived - sentAt) / 1e6);
  hops.hopOut.push(Number(receivedAt - rtSent) / 1e6);
}

async function connectInBatches<T>(n: number, connect: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += 50) out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, connect))));
  return out;
}

/** Calls through the relay, as Twilio makes them; marks are acknowledged on arrival. */
export function relayCallers(n: number, url: string, hops: Hops): Promise<Caller[]> {
  return connectInBatches(n, async () => {
    const call = new FakeTwilioCall({ url, playback: 'instant', customParameters: { bench: '1' } });
    call.onMessage = (msg, receivedAt) => {
      if (msg.event === 'media') recordEcho(hops, msg.media.payload, receivedAt);
    };
    await call.connect();
    return {
      sendFrame: (payload) => call.sendMediaBase64(payload),
      close: () => call.isOpen && call.stop(),
    };
  });
}

export interface RealtimeEndpoint {
  baseURL: string;
  ca: string;
  apiKey: string;
}

const APPEND_HEAD = '{"type":"input_audio_buffer.append","audio":"';
const DELTA_KEY = '"delta":"';
const TEXT = { binary: false } as const;

/**
 * The harness floor: the same frames, stamps and echo, but each caller talks to the fake Realtime server
 * directly (over TLS, as the relay does), sending appends exactly as the relay writes them. Its latency is
 * what the load generator and fake server add by themselves on their shared CPU.
 */
export function bareCallers(n: number, realtime: RealtimeEndpoint, hops: Hops): Promise<Caller[]> {
  const url = realtime.baseURL.replace(/^https/, 'wss') + '/realtime?model=bench';
  return connectInBatches(n, async () => {
    const ws = new WebSocket(url, { ca: realtime.ca, headers: { Authorization: `Bearer ${realtime.apiKey}` }, perMessageDeflate: false });
    ws.on('message', (data) => {
      const receivedAt = process.hrtime.bigint();
      const text = data.toString();
      const at = text.indexOf(DELTA_KEY);
      if (at < 0) return;
      const start = at + DELTA_KEY.length;
      recordEcho(hops, text.slice(start, text.indexOf('"', start)), receivedAt);
    });
    ws.on('error', () => undefined);
    await once(ws, 'open');
    return {
      sendFrame: (payload) => ws.send(Buffer.from(APPEND_HEAD + payload + '"}'), TEXT),
      close: () => ws.close(),
    };
  });
}

/**
 * Sends every caller a frame each 20 ms, callers spread over the period (1 ms slots) so frames do not arrive
 * in bursts. Returns a function that stops it.
 */
export function startFrames(callers: Caller[], hops: Hops): () => void {
  const slots: Caller[][] = Array.from({ length: 20 }, () => []);
  callers.forEach((c, i) => slots[i % 20]!.push(c));
  const stamp = Buffer.alloc(24);
  const restBase64 = Buffer.alloc(FRAME_BYTES - 24, 0xff).toString('base64'); // μ-law silence
  let slot = 0;
  let nextSlotAt = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    while (nextSlotAt <= now) {
      for (const caller of slots[slot]!) {
        stamp.writeBigInt64BE(process.hrtime.bigint(), 0);
        caller.sendFrame(stamp.toString('base64') + restBase64);
        if (hops.measuring) hops.sent++;
      }
      slot = (slot + 1) % 20;
      nextSlotAt += 1;
    }
  }, 1);
  return () => clearInterval(timer);
}
