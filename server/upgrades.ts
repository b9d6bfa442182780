import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { mediaStreamUpgrade } from './calls/media.ts';
import type { AppContext } from './context.ts';
import { takeOverEventStreams } from './widget-api/stream-takeover.ts';

export interface Upgrades {
  /** Ends widget event streams at once (they reconnect), lets live calls finish (up to `graceMs`), then closes their sockets. */
  close(graceMs?: number): Promise<void>;
}

/**
 * WebSocket routes (Twilio Media Streams) share the HTTP server; unknown upgrade paths are refused. Widget
 * event streams leave the HTTP parser the same way (see widget-api/stream-takeover.ts).
 */
export function attachUpgrades(ctx: AppContext, server: Server): Upgrades {
  const media = mediaStreamUpgrade(ctx);
  const streams = takeOverEventStreams(ctx, server);
  server.on('upgrade', (req, socket, head) => {
    if (streams.claim(req, socket as Socket)) return;
    const path = (req.url ?? '').split('?')[0];
    if (path === '/twilio/media') return media.upgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  return {
    close: async (graceMs = 0) => {
      streams.close();
      await media.close(graceMs);
    },
  };
}
