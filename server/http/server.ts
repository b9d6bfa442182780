import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from '../config.ts';

type Limits = Pick<Config, 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_KEEP_ALIVE_TIMEOUT_MS'>;

/**
 * The HTTP server with its limits chosen, not inherited: Node's defaults let a client trickling a body
 * hold a socket (and a request slot) for 300 s. Headers and whole requests have deadlines well under a
 * minute (408 when missed); responses are not limited (widget streams, recordings and WebSockets run long
 * once their request is in). Node enforces the deadlines on a timer, so it ticks often enough to matter.
 */
export function createHttpServer(app: RequestListener, limits: Limits): Server {
  const server = createServer(
    {
      headersTimeout: limits.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: limits.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.HTTP_HEADERS_TIMEOUT_MS / 4))),
    },
    app,
  );
  server.keepAliveTimeout = limits.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  return server;
}
