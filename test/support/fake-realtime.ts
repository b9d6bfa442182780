/**
 * A local stand-in for the OpenAI Realtime API (GA event shapes) over real TLS WebSockets.
 *
 * Serves `wss://127.0.0.1:<port>/v1/realtime?model=…` with a self-signed certificate (trust it with
 * `ca`), refuses upgrades without `Authorization: Bearer <apiKey>` (401) or on another path (404), records
 * every client event per connection, and lets each test script the server side:
 *   - defaults: `session.created` on connect, `session.updated` for `session.update`,
 *     `response.created` + `response.done` for `response.create`;
 *   - `echo: 'exact'` answers every `input_audio_buffer.append` with a `response.output_audio.delta`
 *     carrying the same bytes; `echo: 'stamp'` (the bench) writes receive/send times into the payload;
 *   - `handle(type, fn)` replaces the reaction to one client event type;
 *   - connection helpers emit speech_started, function calls, transcripts, errors, or drop the socket.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
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
  echo?: 'exact' | 'stamp' | false;
  /** With echo 'stamp': frames per echoed delta (1 = one 20 ms delta per frame, 5 = 100 ms deltas). */
  echoBatch?: number;
  /** Keep `input_audio_buffer.append` events in `events` (turn off for load tests). Default true. */
  recordAudio?: boolean;
}

let idCounter = 0;
const newId = (prefix: string) => `${prefix}_${(++idCounter).toString(36)}`;

export class FakeRealtimeConnection {
  readonly events: ClientEvent[] = [];
  readonly model: string | null;
  readonly closed: Promise<void>;
  appendCount = 0;
  /** @internal frames waiting to be echoed together (echoBatch > 1). */
  pendingEcho: Buffer[] = [];
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
  record(event: ClientEvent, keep: boolean): void {
    if (keep) this.events.push(event);
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

  /** @internal waitFor calls not yet answered. */
  get waiting(): number {
    return this.waiters.length;
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

  /** Built as text: the same JSON as `send` would write, without an object per delta (load tests). */
  sendAudio(base64: string, itemId = this.echoItemId, responseId = 'resp_echo'): void {
    this.ws.send(
      '{"event_id":"' + newId('event') + '","type":"response.output_audio.delta","response_id":' + JSON.stringify(responseId) +
        ',"item_id":' + JSON.stringify(itemId) + ',"output_index":0,"content_index":0,"delta":' + JSON.stringify(base64) + '}',
    );
  }

  speechStarted(itemId = newId('item'), audioStartMs = 0): void {
    this.send({ type: 'input_audio_buffer.speech_started', item_id: itemId, audio_start_ms: audioStartMs });
  }

  callerTranscript(itemId: string, transcript: string): void {
    this.send({ type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript, usage: { type: 'duration', seconds: 1 } });
  }

  agentTranscript(itemId: string, transcript: string, responseId = 'resp_echo'): void {
    this.send({ type: 'response.output_audio_transcript.done', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, transcript });
  }

  /** A response that only calls one function: arguments.done, then response.done listing the call. */
  functionCall(p: { name: string; args: unknown; callId?: string; responseId?: string; skipArgumentsDone?: boolean }): { callId: string; responseId: string } {
    const callId = p.callId ?? newId('call');
    const responseId = p.responseId ?? newId('resp');
    const itemId = newId('item');
    const argumentsText = JSON.stringify(p.args);
    if (!p.skipArgumentsDone) {
      this.send({ type: 'response.function_call_arguments.done', response_id: responseId, item_id: itemId, output_index: 0, call_id: callId, name: p.name, arguments: argumentsText });
    }
    this.responseDone(responseId, [{ id: itemId, type: 'function_call', status: 'completed', call_id: callId, name: p.name, arguments: argumentsText }]);
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

/**
 * Echo for latency measurement. The newest frame's send time (its bytes 0–8) and this server's receive and
 * send times go into the first 24 bytes of the delta, i.e. its first 32 base64 characters, so the load
 * generator reads them without decoding the whole delta.
 */
function stampEcho(conn: FakeRealtimeConnection, audio: string, receivedAt: bigint, batch: number): void {
  const bytes = Buffer.from(audio, 'base64');
  conn.pendingEcho.push(bytes);
  if (conn.pendingEcho.length < batch) return;
  const delta = conn.pendingEcho.length === 1 ? bytes : Buffer.concat(conn.pendingEcho);
  conn.pendingEcho = [];
  if (bytes.length >= 8 && delta.length >= 24) {
    delta.writeBigInt64BE(bytes.readBigInt64BE(0), 0);
    delta.writeBigInt64BE(receivedAt, 8);
    delta.writeBigInt64BE(process.hrtime.bigint(), 16);
  }
  conn.sendAudio(delta.toString('base64'));
}

const APPEND_HEAD = '{"type":"input_audio_buffer.append","audio":"';

/**
 * The audio of an append in the exact layout the relay writes (`{"type":…append","audio":"…"}`), read by
 * slicing and checked whole, so it is what JSON.parse would give; undefined for anything else. Load tests
 * send tens of thousands a second.
 */
export function appendAudio(text: string): string | undefined {
  if (!text.startsWith(APPEND_HEAD) || !text.endsWith('"}')) return undefined;
  const end = text.length - 2;
  if (text.indexOf('"', APPEND_HEAD.length) !== end || text.includes('\\')) return undefined;
  return text.slice(APPEND_HEAD.length, end);
}

export async function startFakeRealtime(options: FakeRealtimeOptions = {}): Promise<FakeRealtimeServer> {
  const apiKey = options.apiKey ?? 'sk-test-fake-realtime';
  const cert = options.cert ?? createSelfSignedCert();
  const recordAudio = options.recordAudio ?? true;
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
        const receivedAt = process.hrtime.bigint();
        const text = data.toString();
        if (options.echo === 'stamp' && !recordAudio && conn.waiting === 0 && !handlers.has('input_audio_buffer.append')) {
          // Load tests: nothing records or waits for appends, so skip building the event object.
          const audio = appendAudio(text);
          if (audio !== undefined) {
            conn.appendCount++;
            return stampEcho(conn, audio, receivedAt, options.echoBatch ?? 1);
          }
        }
        const event = JSON.parse(text) as ClientEvent;
        const isAppend = event.type === 'input_audio_buffer.append';
        if (isAppend) conn.appendCount++;
        conn.record(event, recordAudio || !isAppend);
        const custom = handlers.get(event.type);
        if (custom) return custom(event, conn);
        switch (event.type) {
          case 'session.update':
            conn.send({ type: 'session.updated', session: event.session });
            break;
          case 'input_audio_buffer.append':
            if (options.echo === 'exact') conn.sendAudio(event.audio as string);
            else if (options.echo === 'stamp') stampEcho(conn, event.audio as string, receivedAt, options.echoBatch ?? 1);
            break;
          case 'response.create': {
            const id = newId('resp');
            conn.echoItemId = newId('item');
            conn.send({ type: 'response.created', response: { id, object: 'realtime.response', status: 'in_progress', output: [] } });
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
