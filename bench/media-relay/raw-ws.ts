/**
 * Just enough RFC 6455 for the bench's load generator and fake server: the HTTP/1.1 upgrade on both
 * sides, a frame reader and frame builders. The point is what it leaves out compared with `ws`: no
 * message objects, events or string conversions per frame, so the harness's own CPU and queueing stay
 * small next to the relay it measures. Everything on the wire is still real WebSocket over real sockets.
 *
 * Not supported, because neither peer (the relay's `ws` server, the `openai` package's `ws` client, both
 * without permessage-deflate) ever sends them: extensions (RSV bits) and fragmented messages. Either one
 * ends the connection rather than being misread.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;
const MAX_PAYLOAD = 16 * 1024 * 1024;

const acceptFor = (key: string) =>
  createHash('sha1')
    .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
    .digest('base64');

/**
 * Client side of the upgrade: write `request` once the socket is connected, then feed `response` the bytes
 * read until it returns the ones that followed the response header (the first frames, often none). It
 * throws if the upgrade was refused. Synchronous, so the caller switches to reading frames within the same
 * read callback and no byte can slip past.
 */
export function clientHandshake(
  host: string,
  path: string,
  headers: Record<string, string> = {},
): { request: string; response(chunk: Buffer): Buffer | undefined } {
  const key = randomBytes(16).toString('base64');
  let request = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n`;
  for (const [name, value] of Object.entries(headers)) request += `${name}: ${value}\r\n`;
  let received = Buffer.alloc(0);
  return {
    request: request + '\r\n',
    response(chunk) {
      received = Buffer.concat([received, chunk]); // a copy: the chunk may be a reused read buffer
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (received.length > 16384) throw new Error('WebSocket handshake response too long');
        return undefined;
      }
      const [status = '', ...lines] = received.toString('latin1', 0, end).split('\r\n');
      if (!/^HTTP\/1\.1 101 /.test(status)) throw new Error(`WebSocket upgrade refused: ${status}`);
      const accept = lines
        .find((l) => /^sec-websocket-accept:/i.test(l))
        ?.slice(21)
        .trim();
      if (accept !== acceptFor(key)) throw new Error('wrong Sec-WebSocket-Accept');
      return received.subarray(end + 4);
    },
  };
}

/** Server side, from an http(s) server's `'upgrade'` event: answers 101, or 400 for a non-WebSocket request. */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex): boolean {
  const key = req.headers['sec-websocket-key'];
  const valid =
    req.method === 'GET' &&
    req.headers.upgrade?.toLowerCase() === 'websocket' &&
    req.headers['sec-websocket-version'] === '13' &&
    typeof key === 'string' &&
    Buffer.from(key, 'base64').length === 16;
  if (!valid) {
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return false;
  }
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n\r\n`,
  );
  return true;
}

const headerLength = (payloadLength: number) => (payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10);

/** Writes a final frame's header at 0 (with the mask key when given); returns where the payload starts. */
function writeHeader(out: Buffer, opcode: number, payloadLength: number, maskKey?: Buffer): number {
  out[0] = 0x80 | opcode;
  const maskBit = maskKey ? 0x80 : 0;
  let at = 2;
  if (payloadLength < 126) {
    out[1] = maskBit | payloadLength;
  } else if (payloadLength < 65536) {
    out[1] = maskBit | 126;
    at = out.writeUInt16BE(payloadLength, 2);
  } else {
    out[1] = maskBit | 127;
    out.writeUInt32BE(Math.floor(payloadLength / 2 ** 32), 2);
    at = out.writeUInt32BE(payloadLength >>> 0, 6);
  }
  if (maskKey) at += maskKey.copy(out, at);
  return at;
}

/** A server → client frame (never masked), as one Buffer: one socket write. */
export function serverFrame(payload: string | Buffer, opcode = OP_TEXT): Buffer {
  const length = Buffer.byteLength(payload);
  const out = Buffer.allocUnsafe(headerLength(length) + length);
  const at = writeHeader(out, opcode, length);
  if (typeof payload === 'string') out.write(payload, at);
  else payload.copy(out, at);
  return out;
}

/**
 * Client → server frames for one connection. RFC 6455 asks for a fresh mask key per frame; this uses one
 * random key for the connection's lifetime, so the constant parts of a message can be masked once in a
 * template and only the changing bytes masked per send. The server still unmasks every byte, so its work
 * is the same as with any client.
 */
export class ClientFramer {
  readonly key = randomBytes(4);

  /** A frame with its header written and `payloadLength` bytes left to fill from `out.length - payloadLength`. */
  alloc(payloadLength: number, opcode = OP_TEXT): Buffer {
    const out = Buffer.allocUnsafe(headerLength(payloadLength) + 4 + payloadLength);
    writeHeader(out, opcode, payloadLength, this.key);
    return out;
  }

  /** Masks `out[from, to)` in place; `payloadStart` is where the frame's payload (mask offset 0) begins. */
  mask(out: Buffer, from: number, to: number, payloadStart: number): void {
    const k = this.key;
    for (let i = from; i < to; i++) out[i]! ^= k[(i - payloadStart) & 3]!;
  }

  frame(payload: string | Buffer, opcode = OP_TEXT): Buffer {
    const length = Buffer.byteLength(payload);
    const out = this.alloc(length, opcode);
    const at = out.length - length;
    if (typeof payload === 'string') out.write(payload, at);
    else payload.copy(out, at);
    this.mask(out, at, out.length, at);
    return out;
  }
}

/**
 * Splits a socket's byte stream into frames and hands each complete data frame's payload to `onMessage`
 * (a view into the chunk when the frame lies within one, which it nearly always does), unmasked in place;
 * the view is only valid during the call. Answers ping with pong and close with close, as RFC 6455
 * requires of both ends.
 */
export class FrameReader {
  private readonly socket: Duplex;
  private readonly onMessage: (opcode: number, payload: Buffer) => void;
  private readonly frame: (payload: Buffer, opcode: number) => Buffer;
  private pending: Buffer | null = null;
  private closeSent = false;
  private closed = false;

  /** `frame` builds this side's control frames: servers send them unmasked, clients masked. */
  constructor(
    socket: Duplex,
    onMessage: (opcode: number, payload: Buffer) => void,
    frame: (payload: Buffer, opcode: number) => Buffer,
  ) {
    this.socket = socket;
    this.onMessage = onMessage;
    this.frame = frame;
  }

  push(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let at = 0;
    while (!this.closed && buf.length - at >= 2) {
      const b0 = buf[at]!;
      const b1 = buf[at + 1]!;
      let length = b1 & 0x7f;
      let start = at + 2;
      if (length === 126) {
        if (buf.length < at + 4) break;
        length = buf.readUInt16BE(at + 2);
        start = at + 4;
      } else if (length === 127) {
        if (buf.length < at + 10) break;
        length = buf.readUInt32BE(at + 2) * 2 ** 32 + buf.readUInt32BE(at + 6);
        start = at + 10;
      }
      if ((b0 & 0x70) !== 0 || (b0 & 0x80) === 0 || (b0 & 0x0f) === 0 || length > MAX_PAYLOAD)
        return void this.socket.destroy();
      const maskAt = start;
      if (b1 & 0x80) start += 4;
      const end = start + length;
      if (buf.length < end) break;
      if (b1 & 0x80) {
        // The mask key sits just before the payload, so unmasking in place never overwrites it.
        for (let i = start; i < end; i++) buf[i]! ^= buf[maskAt + ((i - start) & 3)]!;
      }
      at = end;
      this.onFrame(b0 & 0x0f, buf.subarray(start, end));
    }
    // A copy: a client's chunks live in one read buffer reused for every read (see lean-twilio.ts).
    if (at < buf.length && !this.closed) this.pending = Buffer.from(buf.subarray(at));
  }

  /** Starts the closing handshake; the peer's close frame then ends the socket. */
  close(code = 1000): void {
    if (this.closeSent) return;
    this.closeSent = true;
    const payload = Buffer.allocUnsafe(2);
    payload.writeUInt16BE(code);
    this.socket.write(this.frame(payload, OP_CLOSE));
  }

  private onFrame(opcode: number, payload: Buffer): void {
    if (opcode === OP_PING) this.socket.write(this.frame(payload, OP_PONG));
    else if (opcode === OP_CLOSE) {
      this.close(payload.length >= 2 ? payload.readUInt16BE(0) : 1000);
      this.closed = true;
      this.socket.end();
    } else if (opcode !== OP_PONG) this.onMessage(opcode, payload);
  }
}

/** Whether `buf` begins with `prefix`, byte for byte (no view or string per check). */
export function startsWith(buf: Buffer, prefix: Buffer): boolean {
  if (buf.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[i] !== prefix[i]) return false;
  return true;
}

/*
 * Base64 straight into and out of frame bytes: the stamps are 24 bytes, i.e. exactly 32 base64 characters
 * at the start of the audio, so both ends read and write only those, never the whole payload.
 */
const B64 = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const B64_VALUE = new Uint8Array(256);
for (const [i, c] of [...B64].entries()) B64_VALUE[c] = i;

/**
 * Writes base64 of `src[0, n)` (n a multiple of 3) at `out[at…]`; with a framer, masked as payload bytes
 * of a client frame whose payload starts at `payloadStart`.
 */
export function writeBase64(
  out: Buffer,
  at: number,
  src: Buffer,
  n: number,
  framer?: ClientFramer,
  payloadStart = 0,
): void {
  for (let i = 0, o = at; i < n; i += 3, o += 4) {
    const v = (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!;
    out[o] = B64[v >>> 18]!;
    out[o + 1] = B64[(v >>> 12) & 63]!;
    out[o + 2] = B64[(v >>> 6) & 63]!;
    out[o + 3] = B64[v & 63]!;
  }
  if (framer) framer.mask(out, at, at + (n / 3) * 4, payloadStart);
}

/** Decodes `chars` (a multiple of 4, no padding) base64 characters at `src[at…]` into `out` from 0. */
export function readBase64(src: Buffer, at: number, chars: number, out: Buffer): void {
  for (let i = at, o = 0; i < at + chars; i += 4, o += 3) {
    const v =
      (B64_VALUE[src[i]!]! << 18) |
      (B64_VALUE[src[i + 1]!]! << 12) |
      (B64_VALUE[src[i + 2]!]! << 6) |
      B64_VALUE[src[i + 3]!]!;
    out[o] = v >>> 16;
    out[o + 1] = (v >>> 8) & 255;
    out[o + 2] = v & 255;
  }
}
