import type { Server } from 'node:http';
import type { AppContext } from './context.ts';

/** WebSocket routes (Twilio Media Streams) share the HTTP server; unknown upgrade paths are refused. */
export function attachUpgrades(_ctx: AppContext, server: Server): void {
  server.on('upgrade', (req, socket) => {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    void req;
  });
}
