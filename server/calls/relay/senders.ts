/**
 * How the relay writes to its two `ws` sockets. Every socket write is a syscall (and, to Realtime, a TLS
 * record), the relay's largest per-message cost, so messages that are ready together leave in one write;
 * nothing ever waits for more data.
 *
 * - Realtime: one caller frame arrives per event-loop turn per call, so each append goes out at once as a
 *   Buffer, which `ws` frames and masks into a single buffer: one plain write. (Corking it for the rest of
 *   the tick, as for Twilio, costs a microtask and turns it into a vectored write for nothing.)
 * - Twilio: each assistant chunk is two messages (media, then mark), and Realtime often delivers several
 *   deltas in one read, so everything sent in the current tick is coalesced: corked now, uncorked in a
 *   microtask, i.e. before the event loop moves on.
 *
 * `ws` does not expose its socket publicly; when `_socket` is not a corkable stream (another ws version),
 * these fall back to plain `send`.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

export type Send = (data: string | Buffer) => void;

/** Buffers are sent as text frames too: every message on both sockets is JSON. */
const TEXT = { binary: false } as const;

function corkable(ws: WebSocket): Duplex | null {
  const socket = (ws as unknown as { _socket?: Duplex })._socket;
  return socket && typeof socket.cork === 'function' && typeof socket.uncork === 'function' ? socket : null;
}

/** One socket write per message. */
export function directSender(ws: WebSocket): Send {
  return (data) => ws.send(data, TEXT);
}

/** Everything sent in the current tick in one socket write. */
export function tickBatchedSender(ws: WebSocket): Send {
  const socket = corkable(ws);
  if (!socket) return directSender(ws);
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  return (data) => {
    if (!corked) {
      corked = true;
      socket.cork();
      queueMicrotask(uncork);
    }
    ws.send(data, TEXT);
  };
}

/** Runs `fn` with the socket corked: a burst it sends (session set-up, queued audio) leaves in one write. */
export function inOneWrite(ws: WebSocket, fn: () => void): void {
  const socket = corkable(ws);
  socket?.cork();
  try {
    fn();
  } finally {
    socket?.uncork();
  }
}
