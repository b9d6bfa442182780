import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/copy-button/copy-button.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/textarea/textarea.js';
import { html, LitElement, nothing } from 'lit';
import type { paths } from '../../../../client/generated/leadline-api.ts';
import { announce } from '../../announce.ts';
import { apiOf, ok, problemText } from '../../api.ts';
import { sessionOf, useSession } from '../../controllers/session.controller.ts';
import './callbacks.component.ts';
import { previewUrl, snippetOf } from './snippet.ts';
import { styles } from './widget-settings.styles.ts';

type Fields = NonNullable<paths['/api/v1/businesses/{id}']['patch']['requestBody']>['content']['application/json'];
type Business = Fields & { id: string; widgetPublicKey: string; widgetOrigins: string[] };

/**
 * `<ll-widget-settings-page>`: the website snippet, the sites allowed to use it, its accent colour, a live
 * preview of the real widget on a sample page, and the callback requests visitors left.
 */
export class WidgetSettingsPage extends LitElement {
  static override styles = styles;
  static override properties = {
    _b: { state: true },
    _error: { state: true },
    _busy: { state: true },
    _version: { state: true },
  };
  declare _b: Business | null;
  declare _error: string;
  declare _busy: boolean;
  /** Bumped on save: the preview reloads with the new settings. */
  declare _version: number;
  private readonly _session = useSession(this);

  constructor() {
    super();
    this._b = null;
    this._error = '';
    this._busy = false;
    this._version = 0;
  }

  private get _api() {
    return apiOf(sessionOf(this._session));
  }

  override async connectedCallback() {
    super.connectedCallback();
    const id = this._session.value?.businessId;
    if (id) this._b = (await ok(this._api.GET('/api/v1/businesses/{id}', { params: { path: { id } } }))) as Business;
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
      const { accent: _old, ...rest } = this._b!.widgetSettings ?? {};
      this._b = (await ok(
        this._api.PATCH('/api/v1/businesses/{id}', {
          params: { path: { id: this._b!.id } },
          body: { widgetOrigins: origins, widgetSettings: accent ? { ...rest, accent } : rest },
        }),
      )) as Business;
      this._version++;
      announce(this, 'Widget settings saved');
    } catch (err) {
      this._error = problemText(err);
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
        <wa-input name="accent" label="Accent colour (hex, e.g. #0a7cff)" value=${b.widgetSettings?.accent ?? ''}></wa-input>
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>Save</wa-button>
      </form>
      <section aria-labelledby="h-preview">
        <h2 id="h-preview">Preview</h2>
        <p>Your widget, live, on a sample page: the same script and settings your website gets.</p>
        <iframe title="Preview of the widget on a sample page" src=${previewUrl(b.widgetPublicKey, this._version)}></iframe>
      </section>
      <section aria-labelledby="h-callbacks">
        <h2 id="h-callbacks">Callback requests</h2>
        <ll-callback-list .businessId=${b.id}></ll-callback-list>
      </section>`;
  }
}
customElements.get('ll-widget-settings-page') || customElements.define('ll-widget-settings-page', WidgetSettingsPage);
