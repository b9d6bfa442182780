import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/checkbox/checkbox.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import { html, LitElement, nothing } from 'lit';
import { announce } from '../../announce.ts';
import { useSession } from '../../controllers/session.controller.ts';
import { when } from '../../format.ts';
import { apiClient, messageOf, type paths, unwrap } from './api.ts';
import { CONSENT, FIELDS, type FieldKey, type Mapping, PREVIEW_BYTES, REASONS, unmapped } from './mapping.ts';
import { styles } from './lists.styles.ts';

type ListsPath = paths['/api/v1/businesses/{id}/lead-lists'];
type ListItem = ListsPath['get']['responses'][200]['content']['application/json']['items'][number];
type Report = ListsPath['post']['responses'][201]['content']['application/json'];
type Preview =
  paths['/api/v1/businesses/{id}/lead-lists/preview']['post']['responses'][200]['content']['application/json'];
type Consent = ListsPath['post']['parameters']['query']['consentBasis'];

/**
 * `<ll-lists-page>`: upload a CSV (choose the file, map its columns from the preview, import), see the
 * validation report, download the refused rows; and the business's lists.
 */
export class ListsPage extends LitElement {
  static override styles = styles;
  static override properties = {
    _lists: { state: true },
    _preview: { state: true },
    _map: { state: true },
    _report: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };
  declare _lists: ListItem[];
  declare _preview: Preview | null;
  declare _map: Mapping;
  declare _report: Report | null;
  declare _error: string;
  declare _busy: boolean;
  private readonly _session = useSession(this);
  private _file: File | null = null;

  constructor() {
    super();
    this._lists = [];
    this._preview = null;
    this._map = { custom: [] };
    this._report = null;
    this._error = '';
    this._busy = false;
  }

  private get _id() {
    return this._session.value?.businessId ?? '';
  }
  private get _api() {
    return apiClient(this._session.value!);
  }

  override connectedCallback() {
    super.connectedCallback();
    void this._load();
  }

  private async _load() {
    try {
      const r = await this._api.GET('/api/v1/businesses/{id}/lead-lists', { params: { path: { id: this._id } } });
      this._lists = unwrap(r).items;
    } catch (err) {
      this._error = messageOf(err);
    }
  }

  /** Reads the start of the chosen file for the mapping step. */
  private async _chosen(e: Event) {
    this._file = (e.target as HTMLInputElement).files?.[0] ?? null;
    this._preview = null;
    this._report = null;
    this._error = '';
    if (!this._file) return;
    try {
      const r = await this._api.POST('/api/v1/businesses/{id}/lead-lists/preview', {
        params: { path: { id: this._id } },
        body: (await this._file.slice(0, PREVIEW_BYTES).text()) as never,
        bodySerializer: (b: unknown) => b as string,
        headers: { 'content-type': 'text/csv' },
      });
      this._preview = unwrap(r);
      const s = this._preview.suggested;
      const map: Mapping = { custom: [] };
      for (const [k] of FIELDS) if (s[k]) map[k] = s[k];
      this._map = map;
      announce(this, `${this._preview.headers.length} columns found; check the mapping below`);
    } catch (err) {
      this._error = messageOf(err);
    }
  }

  private _setField(k: FieldKey, v: string) {
    this._map = { ...this._map, [k]: v || undefined, custom: this._map.custom.filter((c) => c !== v) };
  }

  private _toggleCustom(h: string, on: boolean) {
    const custom = this._map.custom.filter((c) => c !== h);
    this._map = { ...this._map, custom: on ? [...custom, h] : custom };
  }

  private async _import(e: SubmitEvent) {
    e.preventDefault();
    if (!this._file || !this._map.phoneColumn) {
      this._error = 'Choose a file and the column that holds the phone numbers';
      return;
    }
    const form = new FormData(e.target as HTMLFormElement);
    this._busy = true;
    this._error = '';
    try {
      const r = await this._api.POST('/api/v1/businesses/{id}/lead-lists', {
        params: {
          path: { id: this._id },
          query: {
            name: String(form.get('name') ?? '').trim() || this._file.name,
            defaultCountry: String(form.get('country') ?? 'US').toUpperCase(),
            consentBasis: String(form.get('consent')) as Consent,
            phoneColumn: this._map.phoneColumn,
            nameColumn: this._map.nameColumn,
            emailColumn: this._map.emailColumn,
            companyColumn: this._map.companyColumn,
            notesColumn: this._map.notesColumn,
            customColumn: this._map.custom,
          },
        },
        // The file itself: the browser streams it, the server never holds it whole.
        body: this._file as never,
        bodySerializer: (b: unknown) => b as File,
        headers: { 'content-type': 'text/csv' },
      });
      this._report = unwrap(r);
      this._preview = null;
      announce(
        this,
        `Imported ${this._report.acceptedCount} of ${this._report.rowCount} rows; ${this._report.rejected.length} refused`,
      );
      await this._load();
    } catch (err) {
      this._error = messageOf(err);
    } finally {
      this._busy = false;
    }
  }

  private async _open(id: string) {
    try {
      const r = await this._api.GET('/api/v1/businesses/{id}/lead-lists/{listId}', {
        params: { path: { id: this._id, listId: id } },
      });
      this._report = unwrap(r);
    } catch (err) {
      this._error = messageOf(err);
    }
  }

  /** rejected.csv needs the access token, so it is fetched and handed to the browser as a download. */
  private async _download(r: Report) {
    try {
      const res = await this._api.GET('/api/v1/businesses/{id}/lead-lists/{listId}/rejected.csv', {
        params: { path: { id: this._id, listId: r.id } },
        parseAs: 'blob',
      });
      const url = URL.createObjectURL(unwrap(res) as unknown as Blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${r.name} - refused rows.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this._error = messageOf(err);
    }
  }

  private _mapping(p: Preview) {
    const options = (k: FieldKey) =>
      html`<wa-select label=${FIELDS.find(([f]) => f === k)![1]} name=${k} value=${this._map[k] ?? ''}
        ?required=${k === 'phoneColumn'} @change=${(e: Event) => this._setField(k, (e.target as HTMLSelectElement).value)}>
        ${k === 'phoneColumn' ? nothing : html`<wa-option value="">(none)</wa-option>`}
        ${p.headers.map((h) => html`<wa-option value=${h}>${h}</wa-option>`)}
      </wa-select>`;
    const rest = unmapped(p.headers, this._map);
    return html`<h3>Columns</h3>
      <div class="mapping">${FIELDS.map(([k]) => options(k))}</div>
      ${
        rest.length
          ? html`<fieldset><legend>Keep as custom fields</legend>
              ${rest.map(
                (h) => html`<wa-checkbox ?checked=${this._map.custom.includes(h)}
                  @change=${(e: Event) => this._toggleCustom(h, (e.target as HTMLInputElement).checked)}>${h}</wa-checkbox>`,
              )}</fieldset>`
          : nothing
      }
      <h3>First rows</h3>
      <div class="scroll"><table>
        <thead><tr>${p.headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
        <tbody>${p.rows.map((r) => html`<tr>${r.map((v) => html`<td>${v}</td>`)}</tr>`)}</tbody>
      </table></div>`;
  }

  private _reportView(r: Report) {
    return html`<section aria-labelledby="report-title">
      <h2 id="report-title">Report: ${r.name}</h2>
      <div class="counts">
        <wa-badge variant="success">${r.acceptedCount} imported</wa-badge>
        <wa-badge variant="neutral">${r.duplicateCount} duplicates</wa-badge>
        <wa-badge variant="warning">${r.rejectedCount} refused</wa-badge>
        <span>of ${r.rowCount} rows</span>
      </div>
      ${
        r.rejected.length
          ? html`<div class="scroll"><table>
                <caption class="sr-only">Refused rows</caption>
                <thead><tr><th scope="col">Row</th><th scope="col">Reason</th><th scope="col">Detail</th></tr></thead>
                <tbody>${r.rejected.map((x) => html`<tr><td>${x.row}</td><td>${REASONS[x.reason] ?? x.reason}</td><td>${x.detail}</td></tr>`)}</tbody>
              </table></div>
              <div class="actions"><wa-button @click=${() => this._download(r)}>Download refused rows (CSV)</wa-button></div>`
          : html`<p>Every row was imported.</p>`
      }
    </section>`;
  }

  override render() {
    return html`<h1>Lead lists</h1>
      ${this._error ? html`<wa-callout variant="danger" role="alert">${this._error}</wa-callout>` : nothing}
      <section aria-labelledby="upload-title">
        <h2 id="upload-title">Upload a list</h2>
        <form @submit=${this._import}>
          <div class="file">
            <label for="file">CSV file (UTF-8, with a header row)</label>
            <input id="file" type="file" accept=".csv,text/csv" @change=${this._chosen} />
          </div>
          <wa-input name="name" label="List name"></wa-input>
          <wa-input name="country" label="Country of numbers without +code" value="US" maxlength="2"></wa-input>
          <wa-select name="consent" label="Consent to be called" value="express">
            ${CONSENT.map(([v, l]) => html`<wa-option value=${v}>${l}</wa-option>`)}
          </wa-select>
          ${this._preview ? html`<div class="wide">${this._mapping(this._preview)}</div>` : nothing}
          <div class="actions">
            <wa-button type="submit" variant="brand" ?disabled=${!this._preview} ?loading=${this._busy}>Import</wa-button>
          </div>
        </form>
      </section>
      ${this._report ? this._reportView(this._report) : nothing}
      <section aria-labelledby="lists-title">
        <h2 id="lists-title">Your lists</h2>
        ${
          this._lists.length
            ? html`<div class="scroll"><table>
                <thead><tr><th scope="col">Name</th><th scope="col">Imported</th><th scope="col">Refused</th><th scope="col">Uploaded</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
                <tbody>${this._lists.map(
                  (l) => html`<tr><td>${l.name}</td><td>${l.acceptedCount} of ${l.rowCount}</td>
                    <td>${l.duplicateCount + l.rejectedCount}</td><td>${when(l.createdAt)}</td>
                    <td><wa-button size="small" appearance="outlined" @click=${() => this._open(l.id)}>Report</wa-button></td></tr>`,
                )}</tbody></table></div>`
            : html`<p>No lists yet.</p>`
        }
      </section>`;
  }
}
customElements.get('ll-lists-page') || customElements.define('ll-lists-page', ListsPage);
