import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/card/card.js';
import '@awesome.me/webawesome/dist/components/dialog/dialog.js';
import '@awesome.me/webawesome/dist/components/progress-bar/progress-bar.js';
import './field-mapping.component.ts';
import { html, LitElement, nothing } from 'lit';
import type { paths } from '../../../../client/index.ts';
import { announce } from '../../announce.ts';
import { apiOf, ok, problemText } from '../../api.ts';
import { LiveEventsController } from '../../controllers/live-events.controller.ts';
import { sessionOf, useSession } from '../../controllers/session.controller.ts';
import { when } from '../../format.ts';
import { nextRun, runProgress, type SyncCounts, type SyncRun, startRun } from './progress.ts';
import { styles } from './connections.styles.ts';

/** Sync progress as Server-Sent Events, read by LiveEventsController; the path is the document's. */
const PROGRESS_EVENTS = '/api/v1/businesses/{id}/connections/events' satisfies keyof paths;

interface Connection {
  provider: string;
  status: string;
  externalAccount: { name: string | null; ownerEmail: string | null };
  lastSyncAt: string | null;
  lastError: string | null;
  counts: SyncCounts;
}

const PROVIDERS: [string, string, string][] = [
  ['hubspot', 'HubSpot', 'Contacts and call notes'],
  ['salesforce', 'Salesforce', 'Leads and call tasks'],
  ['google-calendar', 'Google Calendar', 'Free/busy and booked appointments'],
];

/**
 * `<ll-connections-page>`: one card per CRM — status, connect / reconnect, field mapping, backfill with
 * progress that moves live (the server's `progress` events carry each connection's counts).
 */
export class ConnectionsPage extends LitElement {
  static override styles = styles;
  static override properties = {
    _items: { state: true },
    _error: { state: true },
    _confirm: { state: true },
    _runs: { state: true },
  };
  declare _items: Connection[];
  declare _error: string;
  /** The provider whose disconnection waits for the owner's confirmation. */
  declare _confirm: [string, string] | null;
  /** Per provider: the run of sending its bar shows. */
  declare _runs: Record<string, SyncRun | null>;
  private readonly _session = useSession(this);
  readonly live = new LiveEventsController(this, {
    url: () => {
      const id = this._session.value?.businessId;
      return id ? PROGRESS_EVENTS.replace('{id}', encodeURIComponent(id)) : null;
    },
    session: () => this._session.value,
    onEvent: (name, data) => {
      if (name === 'ready' || name === 'progress') this._progress(data);
    },
  });

  constructor() {
    super();
    this._items = [];
    this._error = '';
    this._confirm = null;
    this._runs = {};
  }

  /** New counts from the stream: each card's counts and run move; a finished run is announced once. */
  private _progress(data: string) {
    let update: { items: { provider: string; counts: SyncCounts }[] };
    try {
      update = JSON.parse(data);
    } catch {
      return;
    }
    const runs = { ...this._runs };
    for (const u of update.items) {
      const before = runs[u.provider] ?? null;
      const run = nextRun(before, u.counts);
      runs[u.provider] = run;
      if (before && !before.finished && run?.finished) {
        const { sent } = runProgress(run, u.counts);
        announce(this, `${this._name(u.provider)}: done, ${sent} ${sent === 1 ? 'lead' : 'leads'} sent`);
      }
    }
    this._runs = runs;
    this._items = this._items.map((c) => {
      const u = update.items.find((i) => i.provider === c.provider);
      return u ? { ...c, counts: u.counts } : c;
    });
  }

  private _name(provider: string) {
    return PROVIDERS.find(([p]) => p === provider)?.[1] ?? provider;
  }

  private get _api() {
    return apiOf(sessionOf(this._session));
  }
  private _path(provider?: string) {
    const id = this._session.value?.businessId ?? '';
    return { params: { path: provider ? { id, provider } : { id } } } as {
      params: { path: { id: string; provider: string } };
    };
  }

  private async _load() {
    try {
      const page = await ok(this._api.GET('/api/v1/businesses/{id}/connections', this._path()));
      this._items = (page as { items: Connection[] }).items;
    } catch (err) {
      this._error = problemText(err);
    }
  }

  override connectedCallback() {
    super.connectedCallback();
    void this._load();
  }

  private async _connect(provider: string) {
    try {
      const r = await ok(
        this._api.POST('/api/v1/businesses/{id}/connections/{provider}/install-link', this._path(provider)),
      );
      location.assign((r as { url: string }).url);
    } catch (err) {
      this._error = problemText(err);
    }
  }

  private async _backfill(provider: string, name: string) {
    const counts = this._items.find((c) => c.provider === provider)?.counts;
    // Measured from what was settled before asking: the stream may report the first sends before the answer.
    if (counts) this._runs = { ...this._runs, [provider]: startRun(counts) };
    try {
      const r = await ok(
        this._api.POST('/api/v1/businesses/{id}/connections/{provider}/backfill', {
          ...this._path(provider),
          body: { days: 30 },
        }),
      );
      if (r.queued.leads === 0) {
        this._runs = { ...this._runs, [provider]: null };
        announce(this, `Every lead of the last 30 days is already in ${name}`);
      } else announce(this, `Sending ${r.queued.leads} leads of the last 30 days to ${name}`);
    } catch (err) {
      this._runs = { ...this._runs, [provider]: null };
      this._error = problemText(err);
    }
  }

  private async _disconnect() {
    const [provider, name] = this._confirm!;
    this._confirm = null;
    try {
      await ok(
        this._api.POST('/oauth/{provider}/uninstall', {
          params: { path: { provider } },
          body: { businessId: this._session.value?.businessId ?? '' },
        }),
      );
      announce(this, `${name} disconnected`);
      await this._load();
    } catch (err) {
      this._error = problemText(err);
    }
  }

  private _progressBar(provider: string, name: string, counts: SyncCounts) {
    const run = this._runs[provider];
    if (!run) return nothing;
    const { percent, sent, total } = runProgress(run, counts);
    return html`<wa-progress-bar value=${percent} label="${name} sync progress">${percent}%</wa-progress-bar>
      <p class="run">${run.finished ? `Done: ${sent} of ${total} sent` : `Sending: ${sent} of ${total}`}</p>`;
  }

  private _card([provider, name, what]: [string, string, string]) {
    const c = this._items.find((i) => i.provider === provider);
    const badge = !c
      ? html`<wa-badge variant="neutral" appearance="outlined">Not connected</wa-badge>`
      : c.status === 'active'
        ? html`<wa-badge variant="success">Connected</wa-badge>`
        : c.status === 'disconnected'
          ? html`<wa-badge variant="neutral" appearance="outlined">Disconnected</wa-badge>`
          : html`<wa-badge variant="warning">Needs reconnecting</wa-badge>`;
    return html`<wa-card>
      <h2 slot="header">${name}</h2>
      <div class="status">${badge} ${c?.externalAccount.name ? html`<span>${c.externalAccount.name}</span>` : nothing}</div>
      <p>${what}</p>
      ${
        c
          ? html`<p>${c.counts.synced} synced · ${c.counts.pending} waiting · ${c.counts.failed} failed${c.lastSyncAt ? ` · last ${when(c.lastSyncAt)}` : ''}</p>
              ${this._progressBar(provider, name, c.counts)}
              ${c.lastError ? html`<p>${c.lastError}</p>` : nothing}`
          : nothing
      }
      ${
        c?.status === 'active'
          ? html`<ll-field-mapping .api=${this._api} business-id=${this._session.value?.businessId ?? ''} provider=${provider} name=${name}></ll-field-mapping>`
          : nothing
      }
      <div class="actions" slot="footer">
        <wa-button size="small" variant=${c?.status === 'active' ? 'neutral' : 'brand'} @click=${() => this._connect(provider)}>
          ${c ? 'Reconnect' : 'Connect'}
        </wa-button>
        ${c?.status === 'active' ? html`<wa-button size="small" appearance="outlined" @click=${() => this._backfill(provider, name)}>Send last 30 days</wa-button>` : nothing}
        ${c && c.status !== 'disconnected' ? html`<wa-button size="small" appearance="outlined" variant="danger" @click=${() => (this._confirm = [provider, name])}>Disconnect ${name}</wa-button>` : nothing}
      </div>
    </wa-card>`;
  }

  override render() {
    return html`<h1>Connections</h1>
      ${this._error ? html`<wa-callout variant="danger" role="alert">${this._error}</wa-callout>` : nothing}
      <div class="cards">${PROVIDERS.map((p) => this._card(p))}</div>
      <wa-dialog label=${this._confirm ? `Disconnect ${this._confirm[1]}?` : 'Disconnect'} ?open=${this._confirm !== null}
        @wa-after-hide=${() => (this._confirm = null)}>
        <p>Leadline stops sending leads to ${this._confirm?.[1]} and gives up its access there. Leads already sent stay in ${this._confirm?.[1]}.</p>
        <wa-button slot="footer" appearance="outlined" @click=${() => (this._confirm = null)}>Keep connected</wa-button>
        <wa-button slot="footer" variant="danger" @click=${this._disconnect}>Disconnect</wa-button>
      </wa-dialog>`;
  }
}
customElements.get('ll-connections-page') || customElements.define('ll-connections-page', ConnectionsPage);
