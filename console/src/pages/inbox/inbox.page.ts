import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import { html, LitElement, nothing } from 'lit';
import { announce } from '../../announce.ts';
import { LiveEventsController } from '../../controllers/live-events.controller.ts';
import { useSession } from '../../controllers/session.controller.ts';
import type { paths } from '../../../../client/index.ts';
import { ok } from '../../session.ts';
import { duration, temperatureVariant, when } from '../../format.ts';
import { type InboxFilters, InboxController, type InboxItem } from './inbox.controller.ts';
import { styles } from './inbox.styles.ts';

/** `<ll-inbox-page>`: calls and leads, newest first, live, filtered, searchable. */
/** The inbox's Server-Sent Events, read by LiveEventsController (a stream, not a JSON call); the path is the document's. */
const INBOX_EVENTS = '/api/v1/businesses/{id}/inbox/events' satisfies keyof paths;

export class InboxPage extends LitElement {
  static override styles = styles;
  static override properties = { _services: { state: true } };
  declare _services: string[];

  private readonly _session = useSession(this);
  private readonly _business = () => this._session.value?.businessId ?? null;
  readonly inbox = new InboxController(this, () => {
    const session = this._session.value;
    const businessId = this._business();
    return session && businessId ? { session, businessId } : null;
  });
  readonly live = new LiveEventsController(this, {
    url: () => {
      const id = this._business();
      return id ? INBOX_EVENTS.replace('{id}', encodeURIComponent(id)) : null;
    },
    session: () => this._session.value,
    onEvent: (name) => {
      if (name === 'inbox') void this._onChange();
      if (name === 'ready') void this.inbox.refresh();
    },
  });
  private _searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this._services = [];
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.inbox.reload();
    const id = this._business();
    const client = this._session.value?.client;
    if (id && client)
      client
        .GET('/api/v1/businesses/{id}', { params: { path: { id } } })
        .then((r) => {
          this._services = ok(r).services;
        })
        .catch(() => {});
  }

  private async _onChange() {
    const added = await this.inbox.refresh();
    if (added) announce(this, added === 1 ? '1 new call in the inbox' : `${added} new calls in the inbox`);
  }

  private _filter(key: keyof InboxFilters, debounce = false) {
    return (e: Event) => {
      const value = String((e.target as HTMLInputElement).value ?? '');
      this.inbox.filters = { ...this.inbox.filters, [key]: value || undefined };
      clearTimeout(this._searchTimer);
      this._searchTimer = setTimeout(
        async () => {
          await this.inbox.reload();
          announce(this, `${this.inbox.items.length}${this.inbox.next ? '+' : ''} calls shown`);
        },
        debounce ? 300 : 0,
      );
    };
  }

  private _row(i: InboxItem) {
    const l = i.lead;
    return html`<li>
      <a href="/app/calls/${i.callId}">
        <span>
          <span class="who">${l?.name ?? l?.phone ?? i.from ?? 'Unknown caller'}</span>
          <span class="meta">${l?.phone ?? i.from ?? ''} · ${when(i.startedAt)} · ${duration(i.durationSeconds)}${l?.service ? ` · ${l.service}` : ''}</span>
        </span>
        <span class="tags">
          ${l?.temperature ? html`<wa-badge variant=${temperatureVariant(l.temperature)}>${l.temperature}</wa-badge>` : nothing}
          ${i.handledAt ? html`<wa-badge variant="success" appearance="outlined">Handled</wa-badge>` : nothing}
          ${!l ? html`<wa-badge variant="neutral" appearance="outlined">${i.status.replace('_', ' ')}</wa-badge>` : nothing}
        </span>
        ${l?.summary ? html`<span class="summary">${l.summary}</span>` : nothing}
      </a>
    </li>`;
  }

  override render() {
    const { inbox } = this;
    return html`
      <div class="top">
        <h1>Inbox</h1>
        <span class="live">${this.live.connected ? 'Live' : 'Connecting…'}</span>
      </div>
      <form role="search" aria-label="Filter calls" @submit=${(e: Event) => e.preventDefault()}>
        <wa-input label="Search name or phone" type="search" name="q" @input=${this._filter('q', true)}></wa-input>
        <wa-select label="Temperature" name="temperature" value="" @change=${this._filter('temperature')}>
          <wa-option value="">All</wa-option>
          <wa-option value="Hot">Hot</wa-option>
          <wa-option value="Warm">Warm</wa-option>
          <wa-option value="Cold">Cold</wa-option>
        </wa-select>
        <wa-select label="Status" name="handled" value="" @change=${this._filter('handled')}>
          <wa-option value="">All</wa-option>
          <wa-option value="false">Unhandled</wa-option>
          <wa-option value="true">Handled</wa-option>
        </wa-select>
        <wa-select label="Service" name="service" value="" @change=${this._filter('service')}>
          <wa-option value="">All</wa-option>
          ${this._services.map((s) => html`<wa-option value=${s}>${s}</wa-option>`)}
        </wa-select>
        <wa-input label="From" type="date" name="from" @change=${this._filter('from')}></wa-input>
        <wa-input label="To" type="date" name="to" @change=${this._filter('to')}></wa-input>
      </form>
      ${inbox.error ? html`<wa-callout variant="danger" role="alert">${inbox.error}</wa-callout>` : nothing}
      ${
        inbox.items.length === 0 && !inbox.loading
          ? html`<p>No calls yet${Object.values(inbox.filters).some(Boolean) ? ' match these filters' : ''}.
              <a href="/app/onboarding#test-call">Make a test call</a></p>`
          : html`<ul aria-label="Calls" aria-busy=${inbox.loading ? 'true' : 'false'}>${inbox.items.map((i) => this._row(i))}</ul>`
      }
      ${inbox.next ? html`<wa-button class="more" appearance="outlined" @click=${() => inbox.more()}>Load more</wa-button>` : nothing}
    `;
  }
}
customElements.get('ll-inbox-page') || customElements.define('ll-inbox-page', InboxPage);
