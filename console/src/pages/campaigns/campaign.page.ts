import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/dialog/dialog.js';
import '@awesome.me/webawesome/dist/components/progress-bar/progress-bar.js';
import '@awesome.me/webawesome/dist/components/spinner/spinner.js';
import { html, nothing } from 'lit';
import { announce } from '../../announce.ts';
import { ok, problemText } from '../../api.ts';
import { duration, when } from '../../format.ts';
import { define, OwnerPage } from '../owner-page.ts';
import type { Campaign, Report, ReportCall, Transition } from './campaign.types.ts';
import { styles } from './campaigns.styles.ts';
import {
  ACTION_DONE,
  ACTION_LABELS,
  actionsFor,
  DAYS,
  GOALS,
  outcomeLabel,
  outcomeCounts,
  progressSummary,
  STATUS_LABELS,
  statusVariant,
} from './labels.ts';
import { PollController } from './poll.controller.ts';

/**
 * `<ll-campaign-page>`: one campaign — status and live progress, start / pause / resume / cancel (cancel
 * asks first), and its report: outcomes, minutes used, conversion, the calls (each opens its call page)
 * and the CSV export.
 */
export class CampaignPage extends OwnerPage {
  static override styles = styles;
  static override properties = {
    ...OwnerPage.properties,
    campaignId: { type: String },
    _campaign: { state: true },
    _report: { state: true },
    _confirmCancel: { state: true },
  };
  declare campaignId: string;
  declare _campaign: Campaign | null;
  declare _report: Report | null;
  declare _confirmCancel: boolean;

  // Re-reads while dials can still change something: running, or paused with calls still on the line.
  private readonly _poll = new PollController(this, async () => {
    await this._load();
    const c = this._campaign;
    const live = !!c && (c.status === 'running' || (c.progress?.dialling ?? 0) > 0);
    return { key: JSON.stringify([c?.status, c?.progress, this._report?.minutesUsed]), live };
  });

  constructor() {
    super();
    this.campaignId = '';
    this._campaign = null;
    this._report = null;
    this._confirmCancel = false;
  }

  private get _path() {
    return { params: { path: { id: this.businessId, campaignId: this.campaignId } } };
  }

  private async _load() {
    if (!this.campaignId) return;
    try {
      const [c, r] = await Promise.all([
        ok(this.api.GET('/api/v1/businesses/{id}/campaigns/{campaignId}', this._path)),
        ok(this.api.GET('/api/v1/businesses/{id}/campaigns/{campaignId}/report', this._path)),
      ]);
      const before = this._campaign?.status;
      this._campaign = c;
      this._report = r;
      this._error = '';
      if (before && before !== c.status) announce(this, `Campaign ${STATUS_LABELS[c.status].toLowerCase()}`);
    } catch (err) {
      this._error = problemText(err);
      throw err;
    }
  }

  override updated(changed: Map<string, unknown>) {
    // A campaign not read yet (the id came after connecting, or the router reused the element): read it now.
    if (changed.has('campaignId') && this.campaignId && this._campaign?.id !== this.campaignId) void this._poll.kick();
  }

  private async _do(t: Transition) {
    this._confirmCancel = false;
    const done = await this.act(ACTION_DONE[t], async () => {
      const p = this._path;
      // Four routes of one shape; each named literally so the client checks it.
      this._campaign = await ok(
        t === 'start'
          ? this.api.POST('/api/v1/businesses/{id}/campaigns/{campaignId}/start', p)
          : t === 'pause'
            ? this.api.POST('/api/v1/businesses/{id}/campaigns/{campaignId}/pause', p)
            : t === 'resume'
              ? this.api.POST('/api/v1/businesses/{id}/campaigns/{campaignId}/resume', p)
              : this.api.POST('/api/v1/businesses/{id}/campaigns/{campaignId}/cancel', p),
      );
    });
    if (done) await this._poll.kick();
  }

  /** report.csv needs the access token, so it is fetched and handed to the browser as a download. */
  private async _download() {
    await this.act('Report downloaded', async () => {
      const res = await this.api.GET('/api/v1/businesses/{id}/campaigns/{campaignId}/report.csv', {
        ...this._path,
        parseAs: 'blob',
      });
      const blob = (await ok(Promise.resolve(res))) as unknown as Blob;
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${this._campaign?.name ?? 'campaign'} - calls.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  }

  private _progress(c: Campaign) {
    const p = progressSummary(c.progress);
    if (c.status === 'draft')
      return html`<p>Not started. Starting queues every contact of the list; calls go out within the calling hours.</p>`;
    return html`<wa-progress-bar value=${p.percent} label="Contacts done">${p.percent}%</wa-progress-bar>
      <p><strong>${p.done}</strong> of ${p.total} contacts done · <strong>${p.remaining}</strong> remaining ·
        ${c.progress?.dialling ?? 0} on the line now · ${c.progress?.dials ?? 0} calls placed</p>
      ${
        c.status === 'running' && c.progress?.dailyLimitResetsAt
          ? html`<wa-callout variant="warning"
              >Today's campaign calls for this business are used up (a platform limit). Calling goes on by itself
              at ${when(c.progress.dailyLimitResetsAt)}.</wa-callout
            >`
          : ''
      }`;
  }

  private _settings(c: Campaign) {
    const days = DAYS.filter(([n]) => c.window.days.includes(n))
      .map(([, l]) => l)
      .join(', ');
    return html`<dl>
      <dt>Goal</dt><dd>${GOALS.find(([g]) => g === c.goal)?.[1] ?? c.goal}</dd>
      <dt>Calls from</dt><dd>${c.callerId}</dd>
      <dt>Calling hours</dt><dd>${c.window.start}–${c.window.end} the contact's time, ${days}</dd>
      <dt>Attempts</dt><dd>up to ${c.maxAttempts}, ${Math.round(c.retrySpacingMinutes / 6) / 10} h apart</dd>
      <dt>Pace</dt><dd>${c.maxConcurrent} at once, ${c.callsPerMinute} a minute</dd>
      <dt>Answering machines</dt><dd>${c.machineAction === 'leave_message' ? 'leave a message' : 'hang up'}</dd>
      <dt>Created</dt><dd>${when(c.createdAt)}</dd>
      ${c.startedAt ? html`<dt>Started</dt><dd>${when(c.startedAt)}</dd>` : nothing}
    </dl>`;
  }

  private _call(k: ReportCall) {
    return html`<tr>
      <td>${k.contactName ?? ''}<br /><span class="quiet">${k.phone}</span></td>
      <td>${outcomeLabel(k.outcome)}${k.attempt > 1 ? html` <span class="quiet">(attempt ${k.attempt})</span>` : nothing}</td>
      <td class="wide">${duration(k.seconds)}</td>
      <td class="wide">${when(k.startedAt)}</td>
      <td>${k.callId ? html`<a href="/app/calls/${k.callId}">Open call<span class="sr-only"> with ${k.contactName ?? k.phone}</span></a>` : html`<span class="quiet">No call</span>`}</td>
    </tr>`;
  }

  private _reportView(r: Report) {
    const counts = outcomeCounts(r.outcomes);
    return html`<section aria-labelledby="report-title">
      <h2 id="report-title">Report</h2>
      <div class="figures">
        <div class="figure card"><strong>${r.dials}</strong>calls placed</div>
        <div class="figure card"><strong>${r.reached}</strong>people reached</div>
        <div class="figure card"><strong>${Math.round(r.conversion * 100)}%</strong>interested or booked</div>
        <div class="figure card"><strong>${r.minutesUsed}</strong>minutes used</div>
      </div>
      <h3>Outcomes</h3>
      ${
        counts.length
          ? html`<div class="table"><table>
              <thead><tr><th scope="col">Outcome</th><th scope="col">Calls</th></tr></thead>
              <tbody>${counts.map((o) => html`<tr><td>${o.label}</td><td>${o.n}</td></tr>`)}</tbody>
            </table></div>`
          : html`<p>No outcomes yet.</p>`
      }
      <h3>Calls</h3>
      ${
        r.calls.length
          ? html`<div class="table"><table>
              <thead><tr><th scope="col">Contact</th><th scope="col">Outcome</th><th scope="col" class="wide">Length</th>
                <th scope="col" class="wide">When</th><th scope="col"><span class="sr-only">Call page</span></th></tr></thead>
              <tbody>${r.calls.map((k) => this._call(k))}</tbody>
            </table></div>`
          : html`<p>No calls yet.</p>`
      }
      ${r.calls.length < r.dials ? html`<p class="quiet">The ${r.calls.length} most recent calls; the CSV has all ${r.dials}.</p>` : nothing}
      <div class="actions"><wa-button appearance="outlined" @click=${this._download}>Download all calls (CSV)</wa-button></div>
    </section>`;
  }

  override render() {
    const c = this._campaign;
    if (!c)
      return html`${this.renderError()}${this._error ? nothing : html`<wa-spinner aria-label="Loading"></wa-spinner>`}`;
    return html`<p><a href="/app/campaigns">All campaigns</a></p>
      <div class="head status">
        <h1>${c.name}</h1>
        <wa-badge variant=${statusVariant(c.status)}>${STATUS_LABELS[c.status]}</wa-badge>
      </div>
      ${this.renderError()}
      <section aria-labelledby="progress-title">
        <h2 id="progress-title">Progress</h2>
        ${this._progress(c)}
        <div class="actions">
          ${actionsFor(c.status).map((t) =>
            t === 'cancel'
              ? html`<wa-button variant="danger" appearance="outlined" @click=${() => (this._confirmCancel = true)}>${ACTION_LABELS[t]}</wa-button>`
              : html`<wa-button variant=${t === 'pause' ? 'neutral' : 'brand'} ?loading=${this._busy} @click=${() => this._do(t)}>${ACTION_LABELS[t]}</wa-button>`,
          )}
        </div>
      </section>
      <section aria-labelledby="settings-title"><h2 id="settings-title">Settings</h2>${this._settings(c)}</section>
      ${this._report ? this._reportView(this._report) : nothing}
      <wa-dialog label="Cancel this campaign?" ?open=${this._confirmCancel} @wa-after-hide=${() => (this._confirmCancel = false)}>
        <p>No more calls are placed for "${c.name}", and a cancelled campaign cannot be started again. Calls already
          on the line finish; their results stay in the report.</p>
        <wa-button slot="footer" appearance="outlined" @click=${() => (this._confirmCancel = false)}>Keep the campaign</wa-button>
        <wa-button slot="footer" variant="danger" @click=${() => this._do('cancel')}>Cancel campaign</wa-button>
      </wa-dialog>`;
  }
}
define('ll-campaign-page', CampaignPage);
