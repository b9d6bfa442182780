/**
 * The callback status stream on the bare socket. A visitor's stream stays open for minutes and one
 * process must hold 10,000 of them in ≤ 300 MB (bench/widget). Served through Node's HTTP server and
 * Express, every open stream keeps an HTTP parser (native memory), the request and response objects, and
 * Express, pino-http and helmet per-request state: ≈ 15 KB each. Here the request is flagged as an upgrade
 * the moment it arrives, so Node's HTTP server does what it does for a WebSocket: frees the parser, forgets
 * the connection and hands over the socket. The stream is then written on that socket (close-delimited,
 * `Connection: close`), and a subscriber costs the socket and its hub entry, ≈ 1.5 KB.
 *
 * Same contract as the Express route (sse.ts): zod validation and RFC 9457 problem+json answers, the
 * ticket and Origin checks, CORS, helmet's headers, `x-request-id`, one log line when a stream opens and one
 * when it closes (or one per refusal). Whatever this path declines is served by the Express route.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import querystring from 'node:querystring';
import helmet from 'helmet';
import type { AppContext } from '../context.ts';
import { Problem, validationProblem } from '../http/problem.ts';
import { textInputProblem, unsafeText } from '../http/text.ts';
import { corsHeaders } from './origin.ts';
import { clientAddress, clientBucket } from '../http/client-bucket.ts';
import { admitStream, checkStreamAccess, eventsParams, eventsQuery, resumeFrom } from './sse.ts';
import { RETRY_FRAME, STREAM_HEADERS } from '../http/event-stream.ts';

export interface EventStreams {
  /** For the server's 'upgrade' listener: true when `req` is a stream this module took over (and now serves). */
  claim(req: IncomingMessage, socket: Socket): boolean;
  /** Ends every stream (EventSource reconnects after `retry`, to another node); new requests go to the app. */
  close(): void;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
/** Node's own flag (set by its parser for `Upgrade:` requests), absent from @types/node. */
type Upgradable = IncomingMessage & { upgrade?: boolean };

const STREAM_PATH = /^\/widget\/v1\/callbacks\/([^/?]+)\/events(?:\?|$)/;

/** What helmet() adds to every app response; this path never reaches the app, so it sends them itself. */
const SECURITY_HEADERS: [string, string][] = (() => {
  const h: [string, string][] = [];
  const res = { setHeader: (k: string, v: string) => h.push([k, v]), removeHeader: () => {} };
  helmet()({} as never, res as never, () => {});
  return h;
})();

/**
 * pino-http's rule, so a proxy's id carries through. A stream keeps its id as long as it lasts, and
 * randomUUID() returns a string made of ~14 joined pieces (≈ 490 B); the copy is one flat string (≈ 60 B).
 */
const requestId = (given: unknown) =>
  typeof given === 'string' && /^[\w.-]{1,100}$/.test(given)
    ? given
    : Buffer.from(randomUUID(), 'latin1').toString('latin1');
const reqLog = (id: string, url: string) => ({ id, method: 'GET', url });
const streamPath = (id: string) => `/widget/v1/callbacks/${id}/events`;

const ignore = () => {};
function destroy(this: Socket) {
  this.destroy();
}

/** A complete response head; each header name once (later entries win, as CORS's CORP over helmet's). */
function head(status: number, reqId: string, headers: [string, string][]): string {
  const all = new Map<string, string>(SECURITY_HEADERS);
  for (const [k, v] of headers) all.set(k, v);
  let s = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nDate: ${new Date().toUTCString()}\r\nConnection: close\r\nX-Request-Id: ${reqId}\r\nVary: Origin\r\n`;
  for (const [k, v] of all) s += `${k}: ${v}\r\n`;
  return s + '\r\n';
}

/** Only a plain GET of the stream URL, answered first on its connection (nothing pipelined ahead of it). */
function takeable(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || res.socket !== req.socket || !STREAM_PATH.test(req.url ?? '')) return false;
  const h = req.headers;
  return (
    h['transfer-encoding'] === undefined &&
    (h['content-length'] === undefined || h['content-length'] === '0') &&
    h.expect === undefined
  );
}

export function takeOverEventStreams(ctx: AppContext, server: Server): EventStreams {
  const { db, log } = ctx;
  const app = server.listeners('request') as RequestListener[];
  const toApp = (req: IncomingMessage, res: ServerResponse) => {
    for (const l of app) l.call(server, req, res);
  };
  const pending = new WeakMap<IncomingMessage, ServerResponse>();
  const open = new Set<Socket>(); // for close(): the HTTP server no longer knows these connections
  let closed = false;

  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (closed || !takeable(req, res)) return toApp(req, res);
    // Node reads this right after the 'request' event: it frees the parser and emits 'upgrade' instead.
    (req as Upgradable).upgrade = true;
    pending.set(req, res);
    // No 'upgrade' came (a request pipelined behind this one was parsed in the same read): the app serves it.
    setImmediate(() => {
      if (!pending.delete(req)) return;
      (req as Upgradable).upgrade = false;
      toApp(req, res);
    });
  });

  /** Reads what the stream needs off the request, which is not kept. */
  function start(req: IncomingMessage, socket: Socket) {
    const url = req.url!;
    const q = url.indexOf('?');
    const h = req.headers;
    const lastEventId = typeof h['last-event-id'] === 'string' ? h['last-event-id'] : undefined;
    void serve(
      socket,
      requestId(h['x-request-id']),
      q < 0 ? url : url.slice(0, q),
      q < 0 ? '' : url.slice(q + 1),
      h.origin,
      lastEventId,
      clientBucket(clientAddress(socket.remoteAddress, h['x-forwarded-for'], ctx.config.TRUST_PROXY)),
    );
  }

  /** A refusal as problem+json (after which the connection closes) and its log line. */
  function answer(socket: Socket, reqId: string, path: string, started: number, problem: Problem, cors: string | null) {
    log.info(
      {
        req: reqLog(reqId, path),
        res: { statusCode: problem.status },
        responseTime: Math.round(performance.now() - started),
      },
      'request completed',
    );
    if (!socket.writable) return;
    const body = JSON.stringify(problem.body(path));
    const headers: [string, string][] = [
      ...(cors ? corsHeaders(cors) : []),
      ['Content-Type', 'application/problem+json; charset=utf-8'],
      ['Content-Length', String(Buffer.byteLength(body))],
    ];
    socket.end(head(problem.status, reqId, headers) + body);
  }

  // What this function's closures capture lives as long as the stream (the close listener): keep it small.
  async function serve(
    socket: Socket,
    reqId: string,
    path: string,
    search: string,
    origin: string | undefined,
    lastEventId: string | undefined,
    client: string,
  ) {
    const started = performance.now();
    let id = ''; // set once the stream is open
    let unsubscribe: (() => void) | null = null;
    open.add(socket);
    socket.setTimeout(0);
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    socket.on('error', ignore);
    socket.on('end', destroy); // the client left (HTTP server sockets allow half-open)
    socket.on('finish', destroy); // our side ended (final event, refusal, shutdown): close once flushed
    socket.on('close', () => {
      open.delete(socket);
      unsubscribe?.();
      if (id)
        log.info(
          {
            req: reqLog(reqId, streamPath(id)),
            res: { statusCode: 200 },
            responseTime: Math.round(performance.now() - started),
          },
          'widget stream closed',
        );
    });
    socket.resume(); // reads (and drops) whatever the client sends, so its leaving is noticed

    // Unstorable text first, then query before params, as the Express route validates.
    const rawQuery = querystring.parse(search);
    const bad =
      unsafeText({ id: safeDecode(STREAM_PATH.exec(path)![1]!) }, ['params']) ?? unsafeText(rawQuery, ['query']);
    if (bad) return answer(socket, reqId, path, started, textInputProblem(bad), null);
    const query = eventsQuery.safeParse(rawQuery);
    if (!query.success) return answer(socket, reqId, path, started, validationProblem(query.error), null);
    const params = eventsParams.safeParse({ id: safeDecode(STREAM_PATH.exec(path)![1]!) });
    if (!params.success) return answer(socket, reqId, path, started, validationProblem(params.error), null);
    let access: Awaited<ReturnType<typeof checkStreamAccess>>;
    try {
      access = await checkStreamAccess(db, params.data.id, { ticket: query.data.ticket }, origin, ctx.config.jwtSecret);
    } catch (err) {
      log.error({ err, req: reqLog(reqId, path) }, 'unhandled error');
      return answer(
        socket,
        reqId,
        path,
        started,
        new Problem(500, 'internal', 'Internal server error', 'Something went wrong on our side'),
        null,
      );
    }
    if (access.problem) return answer(socket, reqId, path, started, access.problem, access.cors);
    if (!socket.writable) return; // gone (or shut down) while we looked
    const admitted = admitStream(ctx.events, client, access);
    if (admitted.problem) return answer(socket, reqId, path, started, admitted.problem, access.cors);
    id = access.id;
    socket.write(head(200, reqId, [...corsHeaders(access.cors!), ...STREAM_HEADERS]) + RETRY_FRAME);
    log.info({ req: reqLog(reqId, streamPath(id)) }, 'widget stream opened');
    try {
      const off = await ctx.events.subscribe(
        id,
        resumeFrom(lastEventId, query.data.lastEventId),
        socket,
        admitted.admission,
      );
      if (socket.destroyed) return off();
      unsubscribe = off;
    } catch (err) {
      log.error({ err, req: reqLog(reqId, path) }, 'widget stream subscribe failed');
      socket.end(); // headers are out: EventSource reconnects after `retry`
    }
  }

  return {
    claim(req, socket) {
      const res = pending.get(req);
      if (!res) return false;
      pending.delete(req);
      res.detachSocket(socket);
      start(req, socket);
      return true;
    },
    close() {
      closed = true;
      for (const s of open) s.end();
    },
  };
}

/** An undecodable id fails validation like any other non-UUID. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
