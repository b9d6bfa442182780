/**
 * Sending on a `ws` WebSocket with every message of the current tick coalesced into one socket write.
 *
 * Each assistant audio chunk goes out as two Twilio messages (media, then mark), and Realtime often
 * delivers several deltas in one TCP read. Unbatched, each message is its own write syscall, which on the
 * bench was the relay's largest cost. Corking until the end of the current tick (a microtask) merges them
 * without delaying anything: the write happens before the event loop moves on.
 *
 * `ws` does not expose its socket publicly; when `_socket` is not a corkable stream (another ws version),
 * this falls back to plain `send`.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

export type Send = (data: string) => void;

export function tickBatchedSender(ws: WebSocket): Send {
  const socket = (ws as unknown as { _socket?: Duplex })._socket;
  if (!socket || typeof socket.cork !== 'function' || typeof socket.uncork !== 'function') return (data) => ws.send(data);
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
    ws.send(data);
  };
}
