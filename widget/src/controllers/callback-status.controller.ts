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

  private readonly _host: ReactiveControllerHost;
  private readonly _opts: StatusControllerOptions;
  private _es: EventSource | null = null;
  private _api = '';
  private _token = '';
  private _key = '';
  private _lastSeq = -1;
  private _attempts = 0;
  private _timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, opts: StatusControllerOptions) {
    this._host = host;
    this._opts = opts;
    host.addController(this);
  }

  get active(): boolean {
    return this.id !== null;
  }

  get final(): boolean {
    return this.current !== null && isFinal(this.current, this._opts.retriesEnabled());
  }

  hostConnected(): void {
    if (this.id && !this.final && !this.lost) this._open();
  }

  hostDisconnected(): void {
    this._close();
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
    this._close();
    this._key = key;
    this.id = id;
    this._api = apiBase;
    this._token = token;
    this.current = initial ?? null;
    this.lost = false;
    this._lastSeq = -1;
    this._attempts = 0;
    store(key, { id, token });
    this._open();
    this._host.requestUpdate();
  }

  /** Forgets the request (visitor asks for another call). */
  reset(): void {
    this._close();
    if (this._key) store(this._key, null);
    this.id = null;
    this.current = null;
    this.lost = false;
    this._host.requestUpdate();
  }

  /**
   * Each stream opens with a fresh single-use ticket, so the browser's own reconnect (same URL, spent
   * ticket) is not used: any error closes the stream and we reopen it with a new ticket, backing off.
   */
  private _open(): void {
    this._close();
    const mark = {} as EventSource;
    this._es = mark;
    eventsUrl(this._api, this.id!, this._token).then(
      (url) => {
        if (this._es !== mark) return;
        // Resumes after what we showed (the browser's Last-Event-ID header is gone with its reconnect).
        const es = new EventSource(url + (this._lastSeq < 0 ? '' : '&lastEventId=' + this._lastSeq));
        this._es = es;
        es.addEventListener('open', () => (this._attempts = 0));
        es.addEventListener('status', (e) => this._onMessage(e as MessageEvent<string>));
        es.addEventListener('error', () => this._es === es && this._retry());
      },
      () => this._es === mark && this._retry(),
    );
  }

  private _retry(): void {
    this._close();
    const max = this._opts.maxAttempts ?? 5;
    if (++this._attempts > max) {
      this.lost = true;
      store(this._key, null);
      this._host.requestUpdate();
      return;
    }
    const base = this._opts.backoffMs ?? 1000;
    this._timer = setTimeout(() => this._open(), Math.min(30_000, base * 2 ** (this._attempts - 1)));
  }

  private _onMessage(e: MessageEvent<string>): void {
    // A stream reopened by us (not by the browser) replays from the start: skip what we already showed.
    const seq = Number(e.lastEventId);
    if (e.lastEventId !== '' && Number.isFinite(seq)) {
      if (seq <= this._lastSeq) return;
      this._lastSeq = seq;
    }
    const ev = parseStatusEvent(e.data);
    if (!ev || !this.id) return;
    this._attempts = 0;
    this.current = ev;
    this._opts.onEvent(this.id, ev);
    if (isFinal(ev, this._opts.retriesEnabled())) {
      this._close();
      store(this._key, null);
    }
    this._host.requestUpdate();
  }

  private _close(): void {
    clearTimeout(this._timer);
    this._es?.close?.();
    this._es = null;
  }
}
