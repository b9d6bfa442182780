import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AppContext } from '../context.ts';
import { createDbCallRelays } from './db-call-relays.ts';
import type { CallRelays } from './relay/index.ts';
import { mediaStreamUrl, twilioSignatureValid } from './twilio-webhook.ts';

/**
 * WS /twilio/media: an upgrade signed by Twilio is handed to this node's call relays, which talk to OpenAI
 * Realtime (db-call-relays.ts joins them to the database).
 */
export interface MediaStreams {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Live calls on this node. */
  active(): number;
  /** Waits up to `graceMs` for live calls to end, then closes what is left. */
  close(graceMs: number): Promise<void>;
}

export function mediaStreamUpgrade(ctx: AppContext): MediaStreams {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  let relays: CallRelays | undefined;
  const getRelays = () => (relays ??= createDbCallRelays(ctx));
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const token = ctx.config.TWILIO_AUTH_TOKEN;
    const refuse = (status: number, text: string) =>
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    if (!token || !ctx.config.OPENAI_API_KEY) return refuse(503, 'Service Unavailable');
    const signature = req.headers['x-twilio-signature'];
    if (typeof signature !== 'string') return refuse(401, 'Unauthorized');
    const path = req.url ?? '/twilio/media';
    const url = mediaStreamUrl(ctx.config.PUBLIC_BASE_URL) + path.slice('/twilio/media'.length);
    if (!twilioSignatureValid(token, signature, url, {})) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) =>
      getRelays().handleTwilioSocket(ws, { logBindings: { remote: req.socket.remoteAddress } }),
    );
  };
  return {
    upgrade,
    active: () => wss.clients.size,
    async close(graceMs) {
      const deadline = Date.now() + graceMs;
      while (wss.clients.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
