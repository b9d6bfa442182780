import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-reads while something is moving: `load()` resolves to a fingerprint of what it read and whether more
 * may change. The wait starts at `minMs`, grows ×1.5 to `maxMs` while the fingerprint stays the same and
 * drops back when it changes. Nothing is fetched while the tab is hidden (a hidden tab reads again the
 * moment it is shown) or once `load()` says nothing will change (`kick()` starts it again).
 * Campaign dials have no server push: the inbox stream only hears of answered calls, not of the busy,
 * unanswered and refused dials that make up most of a campaign's progress.
 */
export class PollController implements ReactiveController {
  private readonly _load: () => Promise<{ key: string; live: boolean }>;
  private readonly _minMs: number;
  private readonly _maxMs: number;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _wait: number;
  private _last = '';
  private _connected = false;
  private _running = false;
  private _again = false;

  constructor(
    host: ReactiveControllerHost,
    load: () => Promise<{ key: string; live: boolean }>,
    opts: { minMs?: number; maxMs?: number } = {},
  ) {
    this._load = load;
    this._minMs = opts.minMs ?? 1500;
    this._maxMs = opts.maxMs ?? 30_000;
    this._wait = this._minMs;
    host.addController(this);
  }

  private readonly _visibility = () => {
    if (document.hidden) this._clear();
    else void this.kick();
  };

  hostConnected() {
    this._connected = true;
    document.addEventListener('visibilitychange', this._visibility);
    void this.kick();
  }

  hostDisconnected() {
    this._connected = false;
    document.removeEventListener('visibilitychange', this._visibility);
    this._clear();
  }

  /** Reads now and polls from the shortest wait (after a change the page made itself, or on showing). */
  async kick() {
    this._clear();
    this._wait = this._minMs;
    await this._tick();
  }

  private _clear() {
    if (this._timer) clearTimeout(this._timer);
    this._timer = null;
  }

  private async _tick() {
    if (!this._connected || document.hidden) return;
    if (this._running) {
      this._again = true; // a read already in flight may predate the change: read once more after it
      return;
    }
    this._running = true;
    let live = true;
    try {
      const r = await this._load();
      live = r.live;
      this._wait = r.key === this._last ? Math.min(this._maxMs, Math.round(this._wait * 1.5)) : this._minMs;
      this._last = r.key;
    } catch {
      // A failed read (network, a restart) waits longer, as an unchanged one does; the page shows the error.
      this._wait = Math.min(this._maxMs, this._wait * 2);
    } finally {
      this._running = false;
    }
    if ((live || this._again) && this._connected && !document.hidden) {
      this._clear();
      this._timer = setTimeout(() => void this._tick(), this._again ? 0 : this._wait);
      this._again = false;
    }
  }
}
