import type { Server } from 'node:http';
import { mediaStreamUpgrade } from './calls/media.ts';
import type { AppContext } from './context.ts';

export interface Upgrades {
  /** Lets live calls finish (up to `graceMs`), then closes their sockets. */
  close(graceMs?: number): Promise<void>;
}

/** WebSocket routes (Twilio Media Streams) share the HTTP server; unknown upgrade paths are refused. */
export function attachUpgrades(ctx: AppContext, server: Server): Upgrades {
  const media = mediaStreamUpgrade(ctx);
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/twilio/media') return media.upgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  return { close: (graceMs = 0) => media.close(graceMs) };
}
