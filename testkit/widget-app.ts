import http from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';
import { routeModules } from '../server/app.ts';
import type { AppContext } from '../server/context.ts';
import { createBusiness } from '../server/businesses/service.ts';
import type { ContextOptions } from '../server/runtime.ts';
import { createWidgetRoutes, widgetRoutes, type WidgetRouteOptions } from '../server/widget-api/routes.ts';
import { startTestApp, type TestApp } from './app.ts';
import { call } from './http.ts';

export const TWILIO_SID = 'AC' + 'c'.repeat(32);
export const TWILIO_TOKEN = 'widget-test-auth-token-0123456789';
export const TWILIO_API = 'https://api.twilio.test';

/**
 * The real app (every route module) with the widget module built from `widget` options (limits) and the
 * context's stream hub from `events` (heartbeat, linger), Twilio REST pointed at nock, and X-Forwarded-For trusted so each test can be its own client IP.
 * Event streams are taken off the HTTP parser as in production (`upgrades: false`: the Express route only).
 */
export async function startWidgetApp(
  opts: {
    widget?: WidgetRouteOptions;
    events?: ContextOptions['events'];
    ctx?: Partial<AppContext>;
    env?: Record<string, string>;
    upgrades?: boolean;
  } = {},
): Promise<TestApp> {
  const modules = routeModules.map((m) => (m === widgetRoutes ? createWidgetRoutes({ ...opts.widget }) : m));
  return startTestApp({
    env: {
      TRUST_PROXY: '1',
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      TWILIO_API_BASE_URL: TWILIO_API,
      ...opts.env,
    },
    events: { lingerMs: 50, ...opts.events },
    ...(opts.ctx ? { ctx: opts.ctx } : {}),
    modules,
    ...(opts.upgrades === false ? { upgrades: false } : {}),
  });
}

/** A random documentation IPv4 per test, so per-IP limits never leak between tests or files. */
/**
 * A status stream's URL as the widget opens it: the token goes in a POST body for a single-use ticket
 * (…/stream-ticket), and only the ticket rides in the URL (the token there is refused). Mint one per stream,
 * right before opening it: opening a stream spends its ticket and every older one.
 */
export async function streamUrl(base: string, id: string, token: string, origin: string, extra = ''): Promise<string> {
  const r = await call(base, 'POST', `/widget/v1/callbacks/${id}/stream-ticket`, {
    headers: { origin },
    body: { token },
  });
  if (r.status !== 201) throw new Error(`stream ticket refused: ${r.status} ${JSON.stringify(r.body)}`);
  return `${base}/widget/v1/callbacks/${id}/events?ticket=${encodeURIComponent(r.body.ticket as string)}${extra}`;
}

export const randomIp = () => `198.51.${randomInt(0, 255)}.${randomInt(1, 254)}`;
/** A fresh valid US number (NANP 2xx-xxx exchange in New York's 212 area). */
export const randomUsNumber = () => `+1212${randomInt(200, 999)}${String(randomInt(0, 9999)).padStart(4, '0')}`;

export async function makeBusiness(
  ctx: AppContext,
  fields: Record<string, unknown> = {},
  phone: string | null = randomUsNumber(),
) {
  const origin = `https://shop-${randomUUID().slice(0, 8)}.example`;
  const b = await createBusiness(ctx.db, {
    name: 'Acme Plumbing',
    widgetOrigins: [origin],
    timezone: 'America/New_York',
    country: 'US',
    ...fields,
    ...(phone ? { phone } : {}),
  } as never);
  return { ...b, origin, phone };
}

export function validCallback(key: string, over: Record<string, unknown> = {}) {
  return {
    key,
    name: 'Dana Visitor',
    phone: '(212) 555-0142',
    reason: 'Leaking tap',
    consentCall: true,
    consentSms: false,
    website: '',
    elapsedMs: 8000,
    ...over,
  };
}

export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A raw SSE client: records every frame (comments included), resolves waiters as frames arrive. */
export class SseClient {
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  readonly frames: SseEvent[] = [];
  ended = false;
  private buf = '';
  private req!: http.ClientRequest;
  private waiters: (() => void)[] = [];
  readonly ready: Promise<void>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ready = new Promise((resolve, reject) => {
      this.req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        this.status = res.statusCode ?? 0;
        this.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.push(chunk));
        res.on('end', () => {
          this.ended = true;
          this.notify();
        });
        resolve();
      });
      this.req.on('error', (e) => (this.ended ? undefined : reject(e)));
    });
  }

  private push(chunk: string) {
    this.buf += chunk;
    let i: number;
    while ((i = this.buf.indexOf('\n\n')) >= 0) {
      const block = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 2);
      const ev: SseEvent = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) ev.comment = line.slice(1).trim();
        else {
          const c = line.indexOf(':');
          const k = line.slice(0, c) as 'id' | 'event' | 'data';
          if (k === 'id' || k === 'event' || k === 'data') ev[k] = line.slice(c + 1).replace(/^ /, '');
        }
      }
      this.frames.push(ev);
    }
    this.notify();
  }
  private notify() {
    for (const w of this.waiters.splice(0)) w();
  }

  get events() {
    return this.frames
      .filter((f) => f.event === 'status')
      .map((f) => ({
        id: f.id!,
        ...(JSON.parse(f.data!) as { status: string; at: string; leadCaptured?: boolean; retryScheduled?: boolean }),
      }));
  }

  /** Waits until `pred` holds (checked on every frame), or fails after `ms`. */
  async until(pred: (c: this) => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred(this)) {
      if (this.ended && !pred(this)) throw new Error(`stream ended; frames: ${JSON.stringify(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  close() {
    this.req.destroy();
  }
}

/**
 * A nock reply with an explicit Content-Length. nock 14 writes mocked responses without one, and the
 * Twilio SDK sends `Connection: keep-alive`, so the response would never end (nock/nock#3001).
 */
export function jsonReply(status: number, body: unknown): [number, string, Record<string, string>] {
  const text = JSON.stringify(body);
  return [status, text, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }];
}
