/**
 * The bench's callers: each sends a stamped 20 ms μ-law frame 50 times a second, either through the relay
 * (fake Twilio calls) or, for the harness floor, straight to the fake Realtime server with no relay at all.
 * Both are lean raw-WebSocket clients (lean-twilio.ts), so the generator's own CPU stays small.
 *
 * Stamps: a frame's first 24 bytes are its send time and 16 bytes the fake Realtime server fills with its
 * receive and send times; it echoes them at the start of each delta. 24 bytes are exactly 32 base64
 * characters, so both ends stamp and read them without encoding or decoding the whole payload.
 */
import { BareRealtimeClient, FRAME_BYTES, LeanTwilioCall } from './lean-twilio.ts';
import type { LeanRealtime } from './lean-realtime.ts';
import { readBase64 } from './raw-ws.ts';

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
  /** Sends one frame stamped with the current time. */
  sendFrame(): void;
  close(): void;
}

export type RealtimeEndpoint = LeanRealtime;

const stamps = Buffer.alloc(24);

/** Reads the stamps at the start of an echoed delta, base64 in `buf[start, end)`. */
function recordEcho(hops: Hops, buf: Buffer, start: number, end: number, receivedAt: bigint): void {
  if (!hops.measuring || end - start < 32) return;
  readBase64(buf, start, 32, stamps);
  const sentAt = stamps.readBigInt64BE(0);
  const rtReceived = stamps.readBigInt64BE(8);
  const rtSent = stamps.readBigInt64BE(16);
  if (sentAt === 0n || rtReceived === 0n) return; // not a stamped echo
  const padding = buf[end - 1] === 0x3d ? (buf[end - 2] === 0x3d ? 2 : 1) : 0; // '='
  hops.echoed += (((end - start) / 4) * 3 - padding) / FRAME_BYTES;
  hops.hopIn.push(Number(rtReceived - sentAt) / 1e6);
  hops.hopOut.push(Number(receivedAt - rtSent) / 1e6);
}

async function connectInBatches<T>(n: number, connect: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += 50)
    out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, connect))));
  return out;
}

/** Calls through the relay, as Twilio makes them; marks are acknowledged on arrival. */
export function relayCallers(n: number, url: string, hops: Hops): Promise<Caller[]> {
  return connectInBatches(n, () =>
    LeanTwilioCall.connect(url, (buf, start, end, at) => recordEcho(hops, buf, start, end, at)),
  );
}

/**
 * The harness floor: the same frames, stamps and echo, but each caller talks to the fake Realtime server
 * directly (over TLS, as the relay does), sending appends exactly as the relay writes them. Its latency is
 * what the load generator and fake server add by themselves on their shared CPU.
 */
export function bareCallers(n: number, realtime: RealtimeEndpoint, hops: Hops): Promise<Caller[]> {
  return connectInBatches(n, () =>
    BareRealtimeClient.connect(realtime, (buf, start, end, at) => recordEcho(hops, buf, start, end, at)),
  );
}

/**
 * Sends every caller a frame each 20 ms, callers spread over the period (1 ms slots) so frames do not arrive
 * in bursts. Returns a function that stops it.
 */
export function startFrames(callers: Caller[], hops: Hops): () => void {
  const slots: Caller[][] = Array.from({ length: 20 }, () => []);
  for (const [i, c] of callers.entries()) slots[i % 20]!.push(c);
  let slot = 0;
  let nextSlotAt = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    while (nextSlotAt <= now) {
      for (const caller of slots[slot]!) {
        caller.sendFrame();
        if (hops.measuring) hops.sent++;
      }
      slot = (slot + 1) % 20;
      nextSlotAt += 1;
    }
  }, 1);
  return () => clearInterval(timer);
}
