import { html, LitElement, nothing } from 'lit';
import { apiOf, ok, problemText } from '../../api.ts';
import { useSession } from '../../controllers/session.controller.ts';
import { duration } from '../../format.ts';
import { styles } from './recording-player.styles.ts';

interface Link {
  /** Same-origin path of the signed link (the console is served by the app that serves recordings). */
  path: string;
  /** Local clock time the link stops working: counted from expiresIn, so a skewed clock does not matter. */
  deadline: number;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * `<ll-recording-player .callId=…>`: the call's recording in a native <audio> player. Each view mints a
 * short-lived link for this member (audited as a view); the player shows when it expires and, once it has,
 * fetches a new one the next time play is pressed (or when the old one is refused mid-playback).
 */
export class RecordingPlayer extends LitElement {
  static override styles = styles;
  static override properties = {
    callId: { attribute: false },
    _link: { state: true },
    _expired: { state: true },
    _error: { state: true },
    _seconds: { state: true },
  };
  declare callId: string;
  declare _link: Link | null;
  declare _expired: boolean;
  declare _error: string;
  declare _seconds: number | null;
  private readonly _session = useSession(this);
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _refreshing: Promise<void> | null = null;

  constructor() {
    super();
    this.callId = '';
    this._link = null;
    this._expired = false;
    this._error = '';
    this._seconds = null;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this._refresh();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this._timer);
  }

  private get _audio() {
    return this.renderRoot.querySelector('audio');
  }

  private _refresh(): Promise<void> {
    this._refreshing ??= (async () => {
      try {
        const session = this._session.value;
        if (!session) throw new Error('not signed in');
        const link = await ok(
          apiOf(session).GET('/api/v1/calls/{callId}/recording-link', { params: { path: { callId: this.callId } } }),
        );
        const u = new URL(link.url, location.origin);
        this._link = { path: u.pathname + u.search, deadline: Date.now() + link.expiresIn * 1000 };
        this._seconds = link.seconds;
        this._expired = false;
        this._error = '';
        clearTimeout(this._timer);
        this._timer = setTimeout(
          () => {
            this._expired = true;
          },
          Math.max(0, this._link.deadline - Date.now()),
        );
        await this.updateComplete;
      } catch (err) {
        this._error = problemText(err);
      } finally {
        this._refreshing = null;
      }
    })();
    return this._refreshing;
  }

  /** Play pressed on an expired link: a new link first, then play from where it was. */
  private _onPlay = async () => {
    const audio = this._audio;
    if (!audio || !this._expired) return;
    audio.pause();
    await this._resume(audio.currentTime);
  };

  /** The server refused the link (it expired while paused, or mid-stream): one new link, then go on. */
  private _onError = async () => {
    const audio = this._audio;
    if (!audio || this._refreshing) return;
    if (Date.now() < (this._link?.deadline ?? 0) - 1000) {
      this._error = 'The recording could not be played.';
      return;
    }
    await this._resume(audio.currentTime);
  };

  private async _resume(at: number) {
    await this._refresh();
    const audio = this._audio;
    if (!audio || this._error) return;
    audio.currentTime = at;
    await audio.play().catch(() => {});
  }

  override render() {
    const link = this._link;
    if (this._error) return html`<p role="alert">${this._error}</p>`;
    if (!link) return html`<p>Loading the recording…</p>`;
    return html`
      <audio controls preload="none" src=${link.path} aria-label="Call recording" @play=${this._onPlay} @error=${this._onError}></audio>
      <p class="link-status" role="status">
        ${this._seconds ? html`${duration(this._seconds)} · ` : nothing}
        ${
          this._expired
            ? 'The listening link has expired: press play for a new one.'
            : `Listening link valid until ${timeOfDay.format(link.deadline)}.`
        }
        Every listen is recorded in the audit log.
      </p>
    `;
  }
}
customElements.get('ll-recording-player') || customElements.define('ll-recording-player', RecordingPlayer);
