/**
 * A local stand-in for the OpenAI Realtime API (GA event shapes) over real TLS WebSockets.
 *
 * Serves `wss://127.0.0.1:<port>/v1/realtime?model=…` with a self-signed certificate (trust it with
 * `ca`), refuses upgrades without `Authorization: Bearer <apiKey>` (401) or on another path (404), records
 * every client event per connection, and lets each test script the server side:
 *   - defaults: `session.created` on connect, `session.updated` for `session.update`,
 *     `response.created` + `response.done` for `response.create`;
 *   - `echo: 'exact'` answers every `input_audio_buffer.append` with a `response.output_audio.delta`
 *     carrying the same bytes;
 *   - `handle(type, fn)` replaces the reaction to one client event type;
 *   - connection helpers emit speech_started, function calls, transcripts, errors, or drop the socket.
 */
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { createSelfSignedCert, type SelfSignedCert } from './tls.ts';

/**
 * A recorded client event. Fields are `any` on purpose: tests narrow them to the shape they assert
 * (`session` of session.update, `audio` of appends, `item` of conversation.item.create, …).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface ClientEvent {
  type: string;
  session?: any;
  audio?: any;
  item?: any;
  response?: any;
  [key: string]: any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
type Handler = (event: ClientEvent, conn: FakeRealtimeConnection) => void;

export interface FakeRealtimeOptions {
  apiKey?: string;
  cert?: SelfSignedCert;
  echo?: 'exact' | false;
}

let idCounter = 0;
const newId = (prefix: string) => `${prefix}_${(++idCounter).toString(36)}`;

export class FakeRealtimeConnection {
  readonly events: ClientEvent[] = [];
  readonly model: string | null;
  readonly closed: Promise<void>;
  /** The item that echoed audio is attributed to; a new one per response.create. */
  echoItemId = newId('item');
  private readonly ws: WebSocket;
  private readonly waiters: { match: (e: ClientEvent) => boolean; resolve: (e: ClientEvent) => void }[] = [];

  constructor(ws: WebSocket, model: string | null) {
    this.ws = ws;
    this.model = model;
    this.closed = once(ws, 'close').then(() => undefined);
  }

  /** @internal */
  record(event: ClientEvent): void {
    this.events.push(event);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (w.match(event)) {
        this.waiters.splice(i, 1);
        w.resolve(event);
      }
    }
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  ofType(type: string): ClientEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  /** Resolves with the first matching client event already received or arriving within `timeoutMs`. */
  waitFor(type: string, predicate: (e: ClientEvent) => boolean = () => true, timeoutMs = 3000): Promise<ClientEvent> {
    const match = (e: ClientEvent) => e.type === type && predicate(e);
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake realtime: no ${type} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  send(event: Record<string, unknown>): void {
    this.ws.send(JSON.stringify({ event_id: newId('event'), ...event }));
  }

  sendAudio(base64: string, itemId = this.echoItemId, responseId = 'resp_echo'): void {
    this.send({
      type: 'response.output_audio.delta',
      response_id: responseId,
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      delta: base64,
    });
  }

  speechStarted(itemId = newId('item'), audioStartMs = 0): void {
    this.send({ type: 'input_audio_buffer.speech_started', item_id: itemId, audio_start_ms: audioStartMs });
  }

  callerTranscript(itemId: string, transcript: string): void {
    this.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: itemId,
      content_index: 0,
      transcript,
      usage: { type: 'duration', seconds: 1 },
    });
  }

  agentTranscript(itemId: string, transcript: string, responseId = 'resp_echo'): void {
    this.send({
      type: 'response.output_audio_transcript.done',
      response_id: responseId,
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      transcript,
    });
  }

  /** A response that only calls one function: arguments.done, then response.done listing the call. */
  functionCall(p: { name: string; args: unknown; callId?: string; responseId?: string; skipArgumentsDone?: boolean }): {
    callId: string;
    responseId: string;
  } {
    const callId = p.callId ?? newId('call');
    const responseId = p.responseId ?? newId('resp');
    const itemId = newId('item');
    const argumentsText = JSON.stringify(p.args);
    if (!p.skipArgumentsDone) {
      this.send({
        type: 'response.function_call_arguments.done',
        response_id: responseId,
        item_id: itemId,
        output_index: 0,
        call_id: callId,
        name: p.name,
        arguments: argumentsText,
      });
    }
    this.responseDone(responseId, [
      {
        id: itemId,
        type: 'function_call',
        status: 'completed',
        call_id: callId,
        name: p.name,
        arguments: argumentsText,
      },
    ]);
    return { callId, responseId };
  }

  responseDone(responseId: string, output: unknown[] = [], status = 'completed'): void {
    this.send({ type: 'response.done', response: { id: responseId, object: 'realtime.response', status, output } });
  }

  error(type: string, code: string, message = 'fake error'): void {
    this.send({ type: 'error', error: { type, code, message, param: null, event_id: null } });
  }

  /** Abrupt TCP drop, as when the upstream fails. */
  drop(): void {
    this.ws.terminate();
  }

  close(code = 1000): void {
    this.ws.close(code);
  }
}

export interface FakeRealtimeServer {
  /** Pass as `openai.baseURL`. */
  baseURL: string;
  /** PEM to trust: `wsOptions: { ca }`. */
  ca: string;
  apiKey: string;
  connections: FakeRealtimeConnection[];
  /** Upgrades refused for a missing/wrong API key or path. */
  rejected: { status: number; url: string }[];
  handle(type: string, fn: Handler): void;
  /** The `index`-th connection (0-based), waiting for it to be opened if needed. */
  connection(index?: number, timeoutMs?: number): Promise<FakeRealtimeConnection>;
  close(): Promise<void>;
}

export async function startFakeRealtime(options: FakeRealtimeOptions = {}): Promise<FakeRealtimeServer> {
  const apiKey = options.apiKey ?? 'sk-test-fake-realtime';
  const cert = options.cert ?? createSelfSignedCert();
  const handlers = new Map<string, Handler>();
  const connections: FakeRealtimeConnection[] = [];
  const rejected: { status: number; url: string }[] = [];
  const connectionWaiters: (() => void)[] = [];

  const https: Server = createServer({ key: cert.key, cert: cert.cert }, (_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  https.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'https://fake');
    const refuse = (status: number, text: string) => {
      rejected.push({ status, url: req.url ?? '' });
      socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    if (url.pathname !== '/v1/realtime') return refuse(404, 'Not Found');
    if (req.headers.authorization !== `Bearer ${apiKey}`) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new FakeRealtimeConnection(ws, url.searchParams.get('model'));
      connections.push(conn);
      ws.on('message', (data) => {
        const text = data.toString();
        const event = JSON.parse(text) as ClientEvent;
        conn.record(event);
        const custom = handlers.get(event.type);
        if (custom) return custom(event, conn);
        switch (event.type) {
          case 'session.update':
            conn.send({ type: 'session.updated', session: event.session });
            break;
          case 'input_audio_buffer.append':
            if (options.echo === 'exact') conn.sendAudio(event.audio as string);
            break;
          case 'response.create': {
            const id = newId('resp');
            conn.echoItemId = newId('item');
            conn.send({
              type: 'response.created',
              response: { id, object: 'realtime.response', status: 'in_progress', output: [] },
            });
            conn.responseDone(id);
            break;
          }
        }
      });
      conn.send({ type: 'session.created', session: { type: 'realtime', id: newId('sess'), model: conn.model } });
      for (const waiter of connectionWaiters.splice(0)) waiter();
    });
  });

  https.listen(0, '127.0.0.1');
  await once(https, 'listening');
  const port = (https.address() as AddressInfo).port;

  return {
    baseURL: `https://127.0.0.1:${port}/v1`,
    ca: cert.cert,
    apiKey,
    connections,
    rejected,
    handle: (type, fn) => void handlers.set(type, fn),
    connection(index = 0, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake realtime: no connection #${index}`)), timeoutMs);
        const check = () => {
          const conn = connections[index];
          if (!conn) return void connectionWaiters.push(check);
          clearTimeout(timer);
          resolve(conn);
        };
        check();
      });
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      https.closeAllConnections();
      await new Promise<void>((resolve) => https.close(() => resolve()));
    },
  };
}

/** What the app needs to reach this server's Realtime endpoint: key, base URL and the CA it trusts (written to a file). */
export function realtimeEnv(realtime: FakeRealtimeServer): Record<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-ca-'));
  writeFileSync(path.join(dir, 'ca.pem'), realtime.ca);
  return {
    OPENAI_API_KEY: realtime.apiKey,
    OPENAI_BASE_URL: realtime.baseURL,
    OPENAI_REALTIME_CA_FILE: path.join(dir, 'ca.pem'),
  };
}
