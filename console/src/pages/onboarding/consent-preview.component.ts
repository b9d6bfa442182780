import { css, html, LitElement } from 'lit';
import { apiOf, ok, problemText } from '../../api.ts';
import { sessionOf, useSession } from '../../controllers/session.controller.ts';

/**
 * `<ll-consent-preview>`: the exact words a caller hears before the conversation, asked of the server
 * (the voice webhook's own wording function) for the settings as they stand in the form, saved or not.
 */
export class ConsentPreview extends LitElement {
  static override styles = css`
    blockquote {
      margin: 0;
      padding: var(--wa-space-s) var(--wa-space-m);
      border-inline-start: var(--wa-border-width-l) solid var(--wa-color-brand-border-normal);
      background: var(--wa-color-surface-lowered);
    }
    h3 {
      font-size: var(--wa-font-size-s);
      margin: var(--wa-space-s) 0;
    }
  `;
  static override properties = {
    businessId: { attribute: false },
    consentPrompt: { attribute: false },
    recordingEnabled: { attribute: false },
    _words: { state: true },
    _error: { state: true },
  };
  declare businessId: string;
  declare consentPrompt: string | null;
  declare recordingEnabled: boolean;
  declare _words: { inbound: string; callback: string } | null;
  declare _error: string;
  private readonly _session = useSession(this);
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _asked = 0;

  constructor() {
    super();
    this.businessId = '';
    this.consentPrompt = null;
    this.recordingEnabled = true;
    this._words = null;
    this._error = '';
  }

  override updated(changed: Map<string, unknown>) {
    if (!['businessId', 'consentPrompt', 'recordingEnabled'].some((k) => changed.has(k)) || !this.businessId) return;
    // Typing in the custom wording asks once the owner pauses, not per key.
    clearTimeout(this._timer);
    this._timer = setTimeout(() => void this._load(), changed.has('businessId') ? 0 : 300);
  }

  private async _load() {
    const asked = ++this._asked;
    try {
      const words = await ok(
        apiOf(sessionOf(this._session)).POST('/api/v1/businesses/{id}/consent-preview', {
          params: { path: { id: this.businessId } },
          body: { consentPrompt: this.consentPrompt?.trim() || null, recordingEnabled: this.recordingEnabled },
        }),
      );
      if (asked === this._asked) [this._words, this._error] = [words, ''];
    } catch (err) {
      if (asked === this._asked) this._error = problemText(err);
    }
  }

  override render() {
    if (this._error) return html`<p role="alert">${this._error}</p>`;
    if (!this._words) return html`<p>Loading the wording…</p>`;
    return html`
      <h3>A caller hears</h3>
      <blockquote data-testid="consent-inbound">${this._words.inbound}</blockquote>
      <h3>When Leadline calls a website visitor back</h3>
      <blockquote>${this._words.callback}</blockquote>
    `;
  }
}
customElements.get('ll-consent-preview') || customElements.define('ll-consent-preview', ConsentPreview);
