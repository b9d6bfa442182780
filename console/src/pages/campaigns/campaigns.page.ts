import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/progress-bar/progress-bar.js';
import '@awesome.me/webawesome/dist/components/spinner/spinner.js';
import { html } from 'lit';
import { ok, problemText } from '../../api.ts';
import { when } from '../../format.ts';
import { define, OwnerPage } from '../owner-page.ts';
import type { Campaign } from './campaign.types.ts';
import { styles } from './campaigns.styles.ts';
import { outcomeCounts, progressSummary, STATUS_LABELS, statusVariant } from './labels.ts';
import { PollController } from './poll.controller.ts';

/** `<ll-campaigns-page>`: the business's campaigns, newest first, each with its status and live progress. */
export class CampaignsPage extends OwnerPage {
  static override styles = styles;
  static override properties = { ...OwnerPage.properties, _items: { state: true }, _loaded: { state: true } };
  declare _items: Campaign[];
  declare _loaded: boolean;

  // Re-reads while a campaign is calling (or has calls on the line); stops when none is.
  readonly poll = new PollController(this, async () => {
    await this._load();
    const live = this._items.some((c) => c.status === 'running' || (c.progress?.dialling ?? 0) > 0);
    return { key: JSON.stringify(this._items.map((c) => [c.status, c.progress])), live };
  });

  constructor() {
    super();
    this._items = [];
    this._loaded = false;
  }

  private async _load() {
    try {
      const r = await ok(
        this.api.GET('/api/v1/businesses/{id}/campaigns', {
          params: { path: { id: this.businessId }, query: { limit: 50 } },
        }),
      );
      this._items = r.items;
      this._error = '';
    } catch (err) {
      this._error = problemText(err);
      throw err;
    } finally {
      this._loaded = true;
    }
  }

  private _item(c: Campaign) {
    const p = progressSummary(c.progress);
    return html`<li>
      <div class="title">
        <a href="/app/campaigns/${c.id}">${c.name}</a>
        <wa-badge variant=${statusVariant(c.status)}>${STATUS_LABELS[c.status]}</wa-badge>
      </div>
      ${
        c.status === 'draft'
          ? html`<p class="quiet">Not started · created ${when(c.createdAt)}</p>`
          : html`<wa-progress-bar value=${p.percent} label="${c.name}: contacts done">${p.percent}%</wa-progress-bar>
              <p>${p.done} of ${p.total} done · ${p.remaining} remaining · ${c.progress?.dials ?? 0} calls placed
                <span class="quiet">· started ${when(c.startedAt)}</span></p>
              <div class="counts">${outcomeCounts(c.progress?.outcomes).map((o) => html`<wa-badge variant="neutral" appearance="outlined">${o.label}: ${o.n}</wa-badge>`)}</div>`
      }
    </li>`;
  }

  override render() {
    return html`<div class="head">
        <h1>Campaigns</h1>
        <wa-button href="/app/campaigns/new" variant="brand">New campaign</wa-button>
      </div>
      <p>The assistant calls the contacts of a lead list for you, within each contact's calling hours, and reports
        what each call came to. Lists are uploaded on the <a href="/app/lists">Lists page</a>.</p>
      ${this.renderError()}
      ${
        !this._loaded
          ? html`<wa-spinner aria-label="Loading"></wa-spinner>`
          : this._items.length
            ? html`<ul class="campaigns">${this._items.map((c) => this._item(c))}</ul>`
            : html`<p>No campaigns yet.</p>`
      }`;
  }
}
define('ll-campaigns-page', CampaignsPage);
