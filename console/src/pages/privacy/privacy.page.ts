import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import '@awesome.me/webawesome/dist/components/switch/switch.js';
import { html, nothing } from 'lit';
import { ok } from '../../api.ts';
import { when } from '../../format.ts';
import { define, formValues, OwnerPage } from '../owner-page.ts';
import { type PrivacySettings, STATE_VARIANT, SYSTEM_NAMES } from './privacy.types.ts';

type RequestRow = Awaited<ReturnType<PrivacyPage['_requests']>>['items'][number];

/**
 * `<ll-privacy-page>`: a person's data exported or erased (status per system, the export downloaded),
 * how long calls are kept and what happens to leads after that, a legal hold on the whole business, and
 * closing the business with its grace period (reopen until the data goes).
 */
export class PrivacyPage extends OwnerPage {
  static override properties = {
    ...OwnerPage.properties,
    _settings: { state: true },
    _rows: { state: true },
  };
  declare _settings: PrivacySettings | null;
  declare _rows: RequestRow[];

  constructor() {
    super();
    this._settings = null;
    this._rows = [];
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.act('', () => this._load());
  }

  private _id() {
    return { params: { path: { id: this.businessId } } };
  }

  private _requests() {
    return ok(this.api.GET('/api/v1/businesses/{id}/privacy-requests', this._id()));
  }

  private async _load() {
    const [business, requests] = await Promise.all([
      ok(this.api.GET('/api/v1/businesses/{id}', this._id())),
      this._requests(),
    ]);
    this._settings = business as PrivacySettings;
    this._rows = requests.items;
  }

  private _submit(done: (v: Record<string, string>) => string, fn: (v: Record<string, string>) => Promise<unknown>) {
    return async (e: SubmitEvent) => {
      e.preventDefault();
      const form = e.target as HTMLFormElement;
      const v = formValues(form);
      if (
        await this.act(done(v), async () => {
          await fn(v);
          await this._load();
        })
      )
        form.reset();
    };
  }

  private _request = this._submit(
    (v) => (v.type === 'erase' ? 'Erasure requested' : 'Export requested'),
    (v) =>
      ok(
        this.api.POST('/api/v1/businesses/{id}/privacy-requests', {
          ...this._id(),
          body: {
            type: v.type === 'erase' ? 'erase' : 'export',
            ...(v.phone ? { phone: v.phone } : {}),
            ...(v.email ? { email: v.email } : {}),
          },
        }),
      ),
  );

  private _retention = this._submit(
    () => 'Retention saved',
    (v) =>
      ok(
        this.api.PATCH('/api/v1/businesses/{id}', {
          ...this._id(),
          body: {
            retentionDays: Number(v.retentionDays),
            leadRetention: v.leadRetention === 'delete' ? 'delete' : 'keep_fields',
          },
        }),
      ),
  );

  private _close = this._submit(
    () => 'The business is closing',
    (v) =>
      ok(
        this.api.POST('/api/v1/businesses/{id}/closure', { ...this._id(), body: { confirmName: v.confirmName ?? '' } }),
      ),
  );

  private _reopen = () =>
    this.act('The business is open again', async () => {
      await ok(this.api.DELETE('/api/v1/businesses/{id}/closure', this._id()));
      await this._load();
    });

  private _hold = (e: Event) => {
    const hold = (e.target as HTMLInputElement).checked;
    return this.act(hold ? 'Legal hold on: nothing is deleted' : 'Legal hold lifted', async () => {
      await ok(this.api.PUT('/api/v1/businesses/{id}/hold', { ...this._id(), body: { hold } })).catch(async (err) => {
        await this._load(); // the switch shows what the server has
        throw err;
      });
      await this._load();
    });
  };

  /** The export as a file: fetched with the session (it needs the bearer token), saved by the browser. */
  private _download(row: RequestRow) {
    return this.act('Export downloaded', async () => {
      const { data, response } = await this.api.GET('/api/v1/businesses/{id}/privacy-requests/{requestId}/download', {
        params: { path: { id: this.businessId, requestId: row.id } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw new Error(`The export could not be downloaded (HTTP ${response.status})`);
      const url = URL.createObjectURL(data as Blob);
      const a = Object.assign(document.createElement('a'), { href: url, download: `leadline-export-${row.id}.json` });
      this.renderRoot.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  }

  private _requestsSection() {
    return html`<section aria-labelledby="h-requests">
      <h2 id="h-requests">Privacy requests</h2>
      <p class="quiet">When someone asks for a copy of their data, or for it to be erased, look them up by phone and/or e-mail.</p>
      <form @submit=${this._request} aria-label="New privacy request">
        <wa-select name="type" label="Request" value="export">
          <wa-option value="export">Export their data</wa-option>
          <wa-option value="erase">Erase their data</wa-option>
        </wa-select>
        <wa-input name="phone" type="tel" label="Phone"></wa-input>
        <wa-input name="email" type="email" label="E-mail"></wa-input>
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>Submit request</wa-button>
      </form>
      ${
        this._rows.length
          ? html`<ul class="requests">${this._rows.map(
              (r) => html`<li>
                <strong>${r.type === 'erase' ? 'Erasure' : 'Export'}</strong>, ${when(r.createdAt)}:
                <wa-badge variant=${STATE_VARIANT[r.status] ?? 'neutral'}>${r.status}</wa-badge>
                <ul aria-label="Status per system">${Object.entries(r.systems).map(
                  ([system, s]) =>
                    html`<li>${SYSTEM_NAMES[system] ?? system}: ${s.state}${s.detail ? html` <span class="quiet">(${s.detail})</span>` : nothing}</li>`,
                )}</ul>
                ${r.downloadable ? html`<wa-button size="small" @click=${() => this._download(r)}>Download export</wa-button>` : nothing}
              </li>`,
            )}</ul>`
          : html`<p>No requests yet.</p>`
      }
    </section>`;
  }

  private _closure(s: PrivacySettings) {
    if (s.closingAt)
      return html`<wa-callout variant="danger">
          Closing since ${when(s.closingAt)}. The receptionist no longer answers; everything is deleted after
          <strong>${when(s.purgeAfter)}</strong>${s.legalHold ? ' (not while the legal hold is on)' : ''}. Until then you can export data or reopen.
        </wa-callout>
        <wa-button @click=${this._reopen} ?loading=${this._busy}>Reopen the business</wa-button>`;
    return html`<p>Closing stops the receptionist, disconnects CRMs, releases phone numbers and revokes keys. Data is kept for a grace period, then deleted.</p>
      <form @submit=${this._close} aria-label="Close the business">
        <wa-input name="confirmName" label=${`Type “${s.name}” to confirm`} required autocomplete="off"></wa-input>
        <wa-button type="submit" variant="danger" ?loading=${this._busy}>Close the business</wa-button>
      </form>`;
  }

  override render() {
    const s = this._settings;
    if (!s)
      return html`<h1>Privacy</h1>${this.renderError()}<wa-spinner aria-label="Loading privacy settings"></wa-spinner>`;
    return html`
      <h1>Privacy</h1>
      ${this.renderError()}
      ${this._requestsSection()}
      <section aria-labelledby="h-retention">
        <h2 id="h-retention">Retention</h2>
        <form @submit=${this._retention} aria-label="Retention settings">
          <wa-input name="retentionDays" type="number" min="1" max="3650" required label="Keep calls for (days)" value=${String(s.retentionDays)}></wa-input>
          <wa-select name="leadRetention" label="After that, leads" value=${s.leadRetention}>
            <wa-option value="keep_fields">Keep the lead’s details, drop summary and transcript</wa-option>
            <wa-option value="delete">Delete the lead</wa-option>
          </wa-select>
          <wa-button type="submit" ?loading=${this._busy}>Save retention</wa-button>
        </form>
      </section>
      <section aria-labelledby="h-hold">
        <h2 id="h-hold">Legal hold</h2>
        <wa-switch .checked=${s.legalHold} @change=${this._hold} hint="While on, retention, erasure and closure delete nothing.">Legal hold on this business</wa-switch>
      </section>
      <section aria-labelledby="h-closure">
        <h2 id="h-closure">Close the business</h2>
        ${this._closure(s)}
      </section>
    `;
  }
}
define('ll-privacy-page', PrivacyPage);
