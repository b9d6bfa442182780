import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/textarea/textarea.js';
import { html, LitElement, nothing } from 'lit';
import { announce } from '../../announce.ts';
import { useSession } from '../../controllers/session.controller.ts';
import { when } from '../../format.ts';
import { apiClient, messageOf, type paths, unwrap } from '../lists/api.ts';
import { styles } from '../lists/lists.styles.ts';

type DncPath = paths['/api/v1/businesses/{id}/do-not-call'];
type Entry = DncPath['get']['responses'][200]['content']['application/json']['items'][number];

const SOURCES: Record<Entry['source'], string> = {
  manual: 'Added here',
  import: 'Imported',
  call_opt_out: 'Asked on a call',
  sms_stop: 'Texted STOP',
  platform: 'Platform list',
};

/** The business's list: add numbers, search, remove what the business added. */
export const splitNumbers = (text: string) =>
  text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** `<ll-do-not-call-page>`: every number campaigns must not call, whatever asked for it. */
export class DoNotCallPage extends LitElement {
  static override styles = styles;
  static override properties = {
    _items: { state: true },
    _next: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };
  declare _items: Entry[];
  declare _next: string | null;
  declare _error: string;
  declare _busy: boolean;
  private readonly _session = useSession(this);
  private _search = '';

  constructor() {
    super();
    this._items = [];
    this._next = null;
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

  private async _load(more = false) {
    try {
      const r = unwrap(
        await this._api.GET('/api/v1/businesses/{id}/do-not-call', {
          params: {
            path: { id: this._id },
            query: {
              ...(this._search ? { phone: this._search } : {}),
              ...(more && this._next ? { cursor: this._next } : {}),
            },
          },
        }),
      );
      this._items = more ? [...this._items, ...r.items] : r.items;
      this._next = r.next;
    } catch (err) {
      this._error = messageOf(err);
    }
  }

  private async _add(e: SubmitEvent) {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const form = new FormData(formEl);
    const phones = splitNumbers(String(form.get('phones') ?? ''));
    const note = String(form.get('note') ?? '').trim();
    if (!phones.length) return;
    this._busy = true;
    this._error = '';
    try {
      const r = unwrap(
        await this._api.POST('/api/v1/businesses/{id}/do-not-call', {
          params: { path: { id: this._id } },
          body: { phones, ...(note ? { note } : {}) },
        }),
      );
      const bad = r.invalid.map((i) => i.input).join(', ');
      announce(this, `${r.added} added, ${r.alreadyListed} already listed${bad ? `; not numbers: ${bad}` : ''}`);
      if (bad) this._error = `Not phone numbers: ${bad}`;
      formEl.reset();
      await this._load();
    } catch (err) {
      this._error = messageOf(err);
    } finally {
      this._busy = false;
    }
  }

  private async _find(e: SubmitEvent) {
    e.preventDefault();
    this._search = String(new FormData(e.target as HTMLFormElement).get('q') ?? '').trim();
    await this._load();
    announce(this, `${this._items.length} found`);
  }

  private async _remove(entry: Entry) {
    try {
      unwrap(
        await this._api.DELETE('/api/v1/businesses/{id}/do-not-call/{entryId}', {
          params: { path: { id: this._id, entryId: entry.id } },
        }),
      );
      announce(this, `${entry.phone} removed`);
      await this._load();
    } catch (err) {
      this._error = messageOf(err);
    }
  }

  override render() {
    return html`<h1>Do not call</h1>
      <p>Campaigns never call these numbers. People who ask on a call or text STOP are added for you and stay until they undo it.</p>
      ${this._error ? html`<wa-callout variant="danger" role="alert">${this._error}</wa-callout>` : nothing}
      <section aria-labelledby="add-title">
        <h2 id="add-title">Add numbers</h2>
        <form @submit=${this._add}>
          <wa-textarea name="phones" label="Numbers (one per line)" rows="3" required></wa-textarea>
          <wa-input name="note" label="Note (optional)"></wa-input>
          <div class="actions"><wa-button type="submit" variant="brand" ?loading=${this._busy}>Add</wa-button></div>
        </form>
      </section>
      <section aria-labelledby="list-title">
        <h2 id="list-title">The list</h2>
        <form role="search" @submit=${this._find}>
          <wa-input name="q" type="search" label="Find a number" with-clear></wa-input>
          <div class="actions"><wa-button type="submit">Search</wa-button></div>
        </form>
        ${
          this._items.length
            ? html`<div class="scroll"><table>
                <thead><tr><th scope="col">Number</th><th scope="col">Why</th><th scope="col">Note</th><th scope="col">Since</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
                <tbody>${this._items.map(
                  (i) => html`<tr>
                    <td>${i.phone ?? html`<wa-badge variant="neutral">Erased person</wa-badge>`}</td>
                    <td>${SOURCES[i.source]}</td><td>${i.note ?? ''}</td><td>${when(i.createdAt)}</td>
                    <td>${i.removable ? html`<wa-button size="small" appearance="outlined" @click=${() => this._remove(i)}>Remove<span class="sr-only"> ${i.phone}</span></wa-button>` : nothing}</td>
                  </tr>`,
                )}</tbody></table></div>
              ${this._next ? html`<div class="actions"><wa-button @click=${() => this._load(true)}>Show more</wa-button></div>` : nothing}`
            : html`<p>No numbers${this._search ? ' match' : ' yet'}.</p>`
        }
      </section>`;
  }
}
customElements.get('ll-do-not-call-page') || customElements.define('ll-do-not-call-page', DoNotCallPage);
