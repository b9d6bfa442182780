import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { eventsUrl } from '../api.ts';
import { isFinal, parseStatusEvent, type StatusEvent } from '../status.ts';

export interface StatusControllerOptions {
  /** Called once per new event (after de-duplication), e.g. to emit `leadline:status`. */
  onEvent(id: string, ev: StatusEvent): void;
  /** Read lazily: the config may arrive after a resumed stream has started. */
  retriesEnabled(): boolean;
  /** Reconnects after the server refused the stream (EventSource gives up on HTTP errors by itself). */
  maxAttempts?: number;
  backoffMs?: number;
}

interface Tracked {
  id: string;
  token: string;
}

const storageKey = (key: string) => 'leadline:' + key;

/** sessionStorage can throw (sandboxed iframes, storage disabled): persistence is best effort. */
function store(key: string, value: Tracked | null): void {
  try {
    if (value) sessionStorage.setItem(storageKey(key), JSON.stringify({ id: value.id, token: value.token }));
    else sessionStorage.removeItem(storageKey(key));
  } catch {
    /* best effort */
  }
}

function load(key: string): Tracked | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(storageKey(key)) ?? 'null') as Partial<Tracked> | null;
    return v && typeof v.id === 'string' && typeof v.token === 'string' ? { id: v.id, token: v.token } : null;
  } catch {
    return null;
  }
}

/**
 * Owns the live status of one callback request: the EventSource, reconnects, and the {id, token} kept in
 * sessionStorage so a reload picks the stream up again. Nothing the visitor typed is ever stored.
 */
export class CallbackStatusController implements ReactiveController {
  /** Latest event, or null before the first one. */
  current: StatusEvent | null = null;
  id: string | null = null;
  /** The stream could not be (re)established: the request exists but we cannot show its progress. */
  lost = false;

  private readonly host: ReactiveControllerHost;
  private readonly opts: StatusControllerOptions;
  private es: EventSource | null = null;
  private url = '';
  private key = '';
  private lastSeq = -1;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, opts: StatusControllerOptions) {
    this.host = host;
    this.opts = opts;
    host.addController(this);
  }

  get active(): boolean {
    return this.id !== null;
  }

  get final(): boolean {
    return this.current !== null && isFinal(this.current, this.opts.retriesEnabled());
  }

  hostConnected(): void {
    if (this.id && !this.final && !this.lost) this.open();
  }

  hostDisconnected(): void {
    this.close();
  }

  /** Picks up a request made earlier in this tab for this widget key. */
  resume(apiBase: string, key: string): boolean {
    const t = load(key);
    if (!t || this.id === t.id) return false;
    this.track(apiBase, key, t.id, t.token);
    return true;
  }

  /** Starts following a request just created (or resumed). */
  track(apiBase: string, key: string, id: string, token: string, initial?: StatusEvent): void {
    this.close();
    this.key = key;
    this.id = id;
    this.url = eventsUrl(apiBase, id, token);
    this.current = initial ?? null;
    this.lost = false;
    this.lastSeq = -1;
    this.attempts = 0;
    store(key, { id, token });
    this.open();
    this.host.requestUpdate();
  }

  /** Forgets the request (visitor asks for another call). */
  reset(): void {
    this.close();
    if (this.key) store(this.key, null);
    this.id = null;
    this.current = null;
    this.lost = false;
    this.host.requestUpdate();
  }

  private open(): void {
    this.close();
    const es = new EventSource(this.url);
    this.es = es;
    es.addEventListener('status', (e) => this.onMessage(e as MessageEvent<string>));
    es.addEventListener('error', () => {
      // CONNECTING means the browser is already retrying (with Last-Event-ID); CLOSED means it gave up.
      if (es.readyState !== EventSource.CLOSED || this.es !== es) return;
      this.close();
      const max = this.opts.maxAttempts ?? 5;
      if (++this.attempts > max) {
        this.lost = true;
        store(this.key, null);
        this.host.requestUpdate();
        return;
      }
      const base = this.opts.backoffMs ?? 1000;
      this.timer = setTimeout(() => this.open(), Math.min(30_000, base * 2 ** (this.attempts - 1)));
    });
  }

  private onMessage(e: MessageEvent<string>): void {
    // A stream reopened by us (not by the browser) replays from the start: skip what we already showed.
    const seq = Number(e.lastEventId);
    if (e.lastEventId !== '' && Number.isFinite(seq)) {
      if (seq <= this.lastSeq) return;
      this.lastSeq = seq;
    }
    const ev = parseStatusEvent(e.data);
    if (!ev || !this.id) return;
    this.attempts = 0;
    this.current = ev;
    this.opts.onEvent(this.id, ev);
    if (isFinal(ev, this.opts.retriesEnabled())) {
      this.close();
      store(this.key, null);
    }
    this.host.requestUpdate();
  }

  private close(): void {
    clearTimeout(this.timer);
    this.es?.close();
    this.es = null;
  }
}
