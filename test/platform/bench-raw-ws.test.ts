/**
 * The media-relay bench's hand-made WebSocket (bench/media-relay/raw-ws.ts) against `ws`, the library the
 * relay runs on: if the two disagreed, the bench would measure a protocol the relay never speaks.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  acceptUpgrade,
  ClientFramer,
  clientHandshake,
  FrameReader,
  OP_TEXT,
  serverFrame,
} from '../../bench/media-relay/raw-ws.ts';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const sizes = [0, 125, 126, 65_535, 65_536, 70_000]; // each length encoding and its edges
const payload = (n: number) => Buffer.alloc(n, 'abcdefghij'.charCodeAt(n % 10));

describe('bench raw WebSocket', () => {
  it('a raw client handshakes with a ws server, its masked frames arrive intact, and it reads ws frames split anywhere', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    closers.push(() => wss.close());
    await once(wss, 'listening');
    const got: Buffer[] = [];
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        got.push(data as Buffer);
        ws.send(data, { binary: false }); // echoed back unmasked
      });
    });

    const socket = connect((wss.address() as AddressInfo).port, '127.0.0.1');
    closers.push(() => socket.destroy());
    const framer = new ClientFramer();
    const handshake = clientHandshake('127.0.0.1', '/');
    const echoed: Buffer[] = [];
    let reader: FrameReader | null = null;
    socket.on('data', (chunk: Buffer) => {
      // Fed one byte at a time after the handshake: frames must survive any split.
      if (reader) for (const byte of chunk) reader.push(Buffer.from([byte]));
      const rest = reader ? undefined : handshake.response(chunk);
      if (rest === undefined) return;
      reader = new FrameReader(
        socket,
        (op, p) => op === OP_TEXT && echoed.push(Buffer.from(p)),
        (p, op) => framer.frame(p, op),
      );
      if (rest.length) reader.push(rest);
      for (const n of sizes) socket.write(framer.frame(payload(n)));
    });
    socket.write(handshake.request);

    await expect.poll(() => echoed.length, { timeout: 5000 }).toBe(sizes.length);
    expect(got.map((b) => b.length)).toEqual(sizes);
    sizes.forEach((n, i) => {
      expect(got[i]!.equals(payload(n))).toBe(true);
      expect(echoed[i]!.equals(payload(n))).toBe(true);
    });
  });

  it('a ws client upgrades to a raw server and reads its frames; the raw server unmasks what ws sends', async () => {
    const received: Buffer[] = [];
    const http = createServer();
    http.on('upgrade', (req, socket) => {
      if (!acceptUpgrade(req, socket)) return;
      const reader = new FrameReader(
        socket,
        (op, p) => {
          if (op !== OP_TEXT) return;
          received.push(Buffer.from(p));
          socket.write(serverFrame(p));
        },
        (p, op) => serverFrame(p, op),
      );
      socket.on('data', (chunk: Buffer) => reader.push(chunk));
    });
    http.listen(0, '127.0.0.1');
    closers.push(() => http.close());
    await once(http, 'listening');

    const ws = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/`, { perMessageDeflate: false });
    closers.push(() => ws.terminate());
    const echoed: Buffer[] = [];
    ws.on('message', (data) => echoed.push(data as Buffer));
    await once(ws, 'open');
    for (const n of sizes) ws.send(payload(n), { binary: false });
    await expect.poll(() => echoed.length, { timeout: 5000 }).toBe(sizes.length);
    sizes.forEach((n, i) => {
      expect(received[i]!.equals(payload(n))).toBe(true);
      expect(echoed[i]!.equals(payload(n))).toBe(true);
    });

    ws.close(1000, 'bye'); // the raw side answers the closing handshake
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(1000);
  });
});
