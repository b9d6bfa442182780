import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/copy-button/copy-button.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/textarea/textarea.js';
import { html, LitElement, nothing } from 'lit';
import { announce } from '../../announce.ts';
import { useSession } from '../../controllers/session.controller.ts';
import { ApiError } from '../../session.ts';
import { snippetOf } from './snippet.ts';
import { styles } from './widget-settings.styles.ts';

interface Business {
  id: string;
  widgetPublicKey: string;
  widgetOrigins: string[];
  widgetSettings: Record<string, unknown> & { accent?: string };
}

/** `<ll-widget-settings-page>`: the website snippet, the sites allowed to use it, its accent colour. */
export class WidgetSettingsPage extends LitElement {
  static override styles = styles;
  static override properties = { _b: { state: true }, _error: { state: true }, _busy: { state: true } };
  declare _b: Business | null;
  declare _error: string;
  declare _busy: boolean;
  private readonly _session = useSession(this);

  constructor() {
    super();
    this._b = null;
    this._error = '';
    this._busy = false;
  }

  override async connectedCallback() {
    super.connectedCallback();
    const s = this._session.value;
    if (s?.businessId) this._b = await s.api<Business>('GET', `/api/v1/businesses/${s.businessId}`);
  }

  private async _save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const origins = String(data.get('origins') ?? '')
      .split(/\s+/)
      .filter(Boolean);
    const accent = String(data.get('accent') ?? '').trim();
    this._busy = true;
    this._error = '';
    try {
      const { accent: _old, ...rest } = this._b!.widgetSettings;
      this._b = await this._session.value!.api<Business>('PATCH', `/api/v1/businesses/${this._b!.id}`, {
        widgetOrigins: origins,
        widgetSettings: accent ? { ...rest, accent } : rest,
      });
      announce(this, 'Widget settings saved');
    } catch (err) {
      this._error = err instanceof ApiError ? err.explanation : (err as Error).message;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const b = this._b;
    if (!b) return html`<h1>Website widget</h1>`;
    const snippet = snippetOf(location.origin, b.widgetPublicKey);
    return html`<h1>Website widget</h1>
      <p>Paste this tag into your website's HTML. Visitors see whether you are open and can ask for a call back.</p>
      <pre id="snippet">${snippet}</pre>
      <wa-copy-button value=${snippet} copy-label="Copy the snippet" success-label="Copied"></wa-copy-button>
      ${this._error ? html`<wa-callout variant="danger" role="alert">${this._error}</wa-callout>` : nothing}
      <form @submit=${this._save}>
        <wa-textarea name="origins" label="Websites allowed to show it (one per line, e.g. https://www.example.com)" rows="3" value=${b.widgetOrigins.join('\n')}></wa-textarea>
        <wa-input name="accent" label="Accent colour (hex, e.g. #0a7cff)" value=${b.widgetSettings.accent ?? ''}></wa-input>
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>Save</wa-button>
      </form>`;
  }
}
customElements.get('ll-widget-settings-page') || customElements.define('ll-widget-settings-page', WidgetSettingsPage);
