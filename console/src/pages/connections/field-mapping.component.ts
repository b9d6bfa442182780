import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/details/details.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import '@awesome.me/webawesome/dist/components/spinner/spinner.js';
import { css, html, LitElement, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { announce } from '../../announce.ts';
import { type ConsoleClient, ok, problemText } from '../../api.ts';
import { ApiError } from '../../session.ts';
import { type FieldsView, fieldErrors, mappingOf, optionLabel } from './mapping.ts';

/**
 * `<ll-field-mapping .api=… business-id=… provider=… name=…>`: one row per Leadline field with the CRM field
 * it goes to ("Default" or one of the CRM's writable fields), saved with PATCH …/connections/:provider; the
 * server's objections are shown on the rows they name. Loaded when first opened: reading the CRM's fields
 * costs a request there.
 */
export class FieldMapping extends LitElement {
  static override styles = css`
    form {
      display: flex;
      flex-direction: column;
      gap: var(--wa-space-s);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--wa-space-s);
    }
    wa-select[data-invalid]::part(hint) {
      color: var(--wa-color-danger-on-quiet);
      font-weight: var(--wa-font-weight-semibold);
    }
    p {
      margin: 0;
    }
  `;
  static override properties = {
    api: { attribute: false },
    businessId: { attribute: 'business-id' },
    provider: {},
    name: {},
    _view: { state: true },
    _errors: { state: true },
    _error: { state: true },
    _busy: { state: true },
    _draft: { state: true },
  };
  declare api: ConsoleClient;
  declare businessId: string;
  declare provider: string;
  declare name: string;
  declare _view: FieldsView | null;
  /** Server objections by our field's key. */
  declare _errors: Record<string, string>;
  declare _error: string;
  declare _busy: boolean;
  /** The rows' choices, saved or not: a refused save keeps them for the owner to correct. */
  declare _draft: Record<string, string>;
  private _loading = false;

  constructor() {
    super();
    this._view = null;
    this._errors = {};
    this._error = '';
    this._busy = false;
    this._draft = {};
  }

  private get _path() {
    return { params: { path: { id: this.businessId, provider: this.provider } } };
  }

  private async _load() {
    if (this._view || this._loading) return;
    this._loading = true;
    this._error = '';
    try {
      const view = await ok(this.api.GET('/api/v1/businesses/{id}/connections/{provider}/fields', this._path));
      this._draft = Object.fromEntries(view.leadFields.map((f) => [f.key, f.current ?? '']));
      this._view = view;
    } catch (err) {
      this._error = problemText(err);
    } finally {
      this._loading = false;
    }
  }

  private async _save(mapping: Record<string, string>, done: string) {
    this._busy = true;
    this._error = '';
    this._errors = {};
    try {
      await ok(
        this.api.PATCH('/api/v1/businesses/{id}/connections/{provider}', {
          ...this._path,
          body: { fieldMapping: mapping },
        }),
      );
      const view = this._view!;
      this._view = {
        ...view,
        mapping,
        leadFields: view.leadFields.map((f) => ({ ...f, current: mapping[f.key] ?? null })),
      };
      this._draft = Object.fromEntries(view.leadFields.map((f) => [f.key, mapping[f.key] ?? '']));
      announce(this, done);
    } catch (err) {
      this._errors = err instanceof ApiError ? fieldErrors(err.problem) : {};
      this._error = problemText(err);
    } finally {
      this._busy = false;
    }
  }

  private _submit(e: SubmitEvent) {
    e.preventDefault();
    void this._save(mappingOf(Object.entries(this._draft)), `${this.name} field mapping saved`);
  }

  private _choose(e: Event) {
    const s = e.target as HTMLElement & { name: string; value: unknown };
    this._draft = { ...this._draft, [s.name]: String(s.value ?? '') };
  }

  private _reset() {
    void this._save({}, `${this.name} field mapping reset to the defaults`);
  }

  private _editor(v: FieldsView) {
    if (!v.mappable) return html`<p>${this.name} has no field mapping.</p>`;
    return html`<form @submit=${this._submit}>
      <p>Where each Leadline field goes in the ${this.name} ${v.object}. Not mapped: ${v.unmapped}.</p>
      ${v.leadFields.map((f) => {
        const error = this._errors[f.key];
        return html`<wa-select
          name=${f.key}
          label=${f.label}
          .value=${live(this._draft[f.key] ?? '')}
          @change=${this._choose}
          hint=${error ?? ''}
          ?data-invalid=${Boolean(error)}
        >
          <wa-option value="">${optionLabel(v, f.default)}</wa-option>
          ${v.crmFields.map((c) => html`<wa-option value=${c.name}>${c.label} (${c.name})</wa-option>`)}
        </wa-select>`;
      })}
      <div class="actions">
        <wa-button type="submit" variant="brand" size="small" ?loading=${this._busy}>Save mapping</wa-button>
        <wa-button appearance="outlined" size="small" ?disabled=${this._busy} @click=${this._reset}>Reset to defaults</wa-button>
      </div>
    </form>`;
  }

  override render() {
    return html`<wa-details @wa-show=${() => void this._load()}>
      <span slot="summary">${this.name} field mapping</span>
      ${this._error ? html`<wa-callout variant="danger" role="alert">${this._error}</wa-callout>` : nothing}
      ${this._view ? this._editor(this._view) : this._error ? nothing : html`<wa-spinner aria-label="Loading ${this.name} fields"></wa-spinner>`}
    </wa-details>`;
  }
}
customElements.get('ll-field-mapping') || customElements.define('ll-field-mapping', FieldMapping);
