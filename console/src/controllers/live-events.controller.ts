import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Session } from '../session.ts';

/**
 * Server-Sent Events read with fetch (EventSource cannot send the bearer token): calls `onEvent` with
 * each event's name and its data (the `data:` lines joined), reconnects after the server's `retry` (or 3 s) for as long as the host is connected.
 */
export class LiveEventsController implements ReactiveController {
  private _abort: AbortController | null = null;
  private readonly _host: ReactiveControllerHost;
  private readonly _url: () => string | null;
  private readonly _session: () => Session | undefined;
  private readonly _onEvent: (name: string, data: string) => void;
  connected = false;

  constructor(
    host: ReactiveControllerHost,
    opts: {
      url: () => string | null;
      session: () => Session | undefined;
      onEvent: (name: string, data: string) => void;
    },
  ) {
    this._host = host;
    this._url = opts.url;
    this._session = opts.session;
    this._onEvent = opts.onEvent;
    host.addController(this);
  }

  hostConnected() {
    this._abort = new AbortController();
    void this._run(this._abort.signal);
  }

  hostDisconnected() {
    this._abort?.abort();
    this._abort = null;
  }

  private async _run(signal: AbortSignal) {
    let retryMs = 3000;
    while (!signal.aborted) {
      const url = this._url();
      const session = this._session();
      if (url && session) {
        try {
          const res = await fetch(url, { headers: await session.authHeaders(), signal });
          if (res.ok && res.body) {
            const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
            let buffer = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buffer += value;
              let end = buffer.indexOf('\n\n');
              while (end >= 0) {
                const frame = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const name = /^event: (.+)$/m.exec(frame)?.[1];
                const retry = /^retry: (\d+)$/m.exec(frame)?.[1];
                if (retry) retryMs = Number(retry);
                if (name === 'ready') {
                  this.connected = true;
                  this._host.requestUpdate();
                }
                const data = [...frame.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
                if (name) this._onEvent(name, data);
                end = buffer.indexOf('\n\n');
              }
            }
          }
        } catch {
          // aborted, or the network went away: reconnect below
        }
      }
      this.connected = false;
      this._host.requestUpdate();
      if (signal.aborted) return;
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}
