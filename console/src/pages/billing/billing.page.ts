import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/progress-bar/progress-bar.js';
import './usage-chart.component.ts';
import { html, nothing } from 'lit';
import { ok } from '../../api.ts';
import { when } from '../../format.ts';
import { define, OwnerPage } from '../owner-page.ts';
import { cumulative, minutesText, planPrice, stripeReturn, usageAlert } from './billing-view.ts';

type Billing = Awaited<ReturnType<BillingPage['_billing']>>;
type Usage = Awaited<ReturnType<BillingPage['_usage']>>;
type Plans = Awaited<ReturnType<BillingPage['_plans']>>;

const STATUS: Record<string, string> = {
  trialing: 'Trial',
  active: 'Active',
  past_due: 'Payment overdue',
  restricted: 'Restricted (payment overdue)',
  canceled: 'Canceled',
};

/**
 * `<ll-billing-page>`: minutes used this period (chart), calls per day (chart), the plan and its limits,
 * the balance and usage alerts, and — where billing is on — checkout for a plan, minute top-ups and the
 * Stripe portal (each answer is a Stripe URL the browser goes to).
 */
export class BillingPage extends OwnerPage {
  static override properties = { ...OwnerPage.properties, _data: { state: true }, _returned: { state: true } };
  declare _data: { billing: Billing; usage: Usage; plans: Plans } | null;
  /** What Stripe's return to this page said (checkout done or canceled, back from the portal). */
  declare _returned: ReturnType<typeof stripeReturn>;

  constructor() {
    super();
    this._data = null;
    this._returned = null;
  }

  override connectedCallback() {
    super.connectedCallback();
    this._returned = stripeReturn(location.search);
    // Said once: a reload or a bookmark of this address must not announce the payment again.
    if (this._returned) history.replaceState(history.state, '', location.pathname);
    void this.act('', async () => {
      const [billing, usage, plans] = await Promise.all([this._billing(), this._usage(), this._plans()]);
      this._data = { billing, usage, plans };
    });
  }

  private _id() {
    return { params: { path: { id: this.businessId } } };
  }
  private _billing() {
    return ok(this.api.GET('/api/v1/businesses/{id}/billing', this._id()));
  }
  private _usage() {
    return ok(this.api.GET('/api/v1/businesses/{id}/usage/daily', this._id()));
  }
  private _plans() {
    return ok(this.api.GET('/api/v1/billing/plans'));
  }

  /** Stripe answers with a page to go to; the console leaves for it. */
  private _go(what: string, fn: () => Promise<{ url: string | null }>) {
    return this.act(`Opening Stripe ${what}`, async () => {
      const { url } = await fn();
      if (url) location.assign(url);
    });
  }

  private _checkout(plan: 'starter' | 'pro' | 'business') {
    return this._go('Checkout', () =>
      ok(this.api.POST('/api/v1/businesses/{id}/billing/checkout', { ...this._id(), body: { plan } })),
    );
  }

  private _topUp = () =>
    this._go('Checkout', () =>
      ok(this.api.POST('/api/v1/businesses/{id}/billing/top-up', { ...this._id(), body: { packs: 1 } })),
    );

  private _portal = () =>
    this._go('billing portal', () =>
      ok(this.api.POST('/api/v1/businesses/{id}/billing/portal', { ...this._id(), body: {} })),
    );

  private _plansSection(billing: Billing, plans: Plans) {
    const current = plans.items.find((p) => p.id === billing.plan);
    return html`<section aria-labelledby="h-plan">
      <h2 id="h-plan">Plan</h2>
      <p>
        <strong>${current?.name ?? billing.plan}</strong>
        <wa-badge variant=${billing.status === 'active' || billing.status === 'trialing' ? 'success' : 'danger'}>${STATUS[billing.status] ?? billing.status}</wa-badge>
        ${billing.periodEnd ? html`<span class="quiet">renews ${when(billing.periodEnd)}</span>` : nothing}
      </p>
      ${
        billing.billingEnabled
          ? html`<div class="row">
              <wa-button @click=${this._portal} ?loading=${this._busy}>Manage billing and invoices</wa-button>
              <wa-button @click=${this._topUp} ?loading=${this._busy}>Buy ${plans.topUpMinutes} more minutes</wa-button>
            </div>
            <div class="table"><table>
              <thead><tr><th scope="col">Plan</th><th scope="col">Minutes a month</th><th scope="col">Price</th><th scope="col"><span class="sr-only">Choose</span></th></tr></thead>
              <tbody>${plans.items
                .filter((p) => p.purchasable)
                .map(
                  (p) => html`<tr>
                    <td>${p.name}</td><td>${p.monthlyMinutes}</td><td>${planPrice(p.priceCents)}</td>
                    <td>${
                      p.id === billing.plan
                        ? html`<span class="quiet">Current plan</span>`
                        : html`<wa-button size="small" variant="brand" @click=${() => this._checkout(p.id as 'starter' | 'pro' | 'business')}>Choose ${p.name}</wa-button>`
                    }</td>
                  </tr>`,
                )}</tbody>
            </table></div>`
          : html`<p class="quiet">Billing is not switched on for this installation.</p>`
      }
    </section>`;
  }

  override render() {
    const d = this._data;
    if (!d)
      return html`<h1>Usage and billing</h1>${this.renderError()}<wa-spinner aria-label="Loading billing"></wa-spinner>`;
    const { billing, usage, plans } = d;
    const alert = usageAlert(usage.alertPercent, billing.status, billing.graceEndsAt);
    const used = usage.usedSeconds;
    const available = used + Math.max(0, billing.balanceSeconds);
    return html`
      <h1>Usage and billing</h1>
      ${this.renderError()}
      ${this._returned ? html`<wa-callout variant=${this._returned.variant} role="status">${this._returned.text}</wa-callout>` : nothing}
      ${alert ? html`<wa-callout variant=${alert.variant} role="status">${alert.text}</wa-callout>` : nothing}
      <section aria-labelledby="h-minutes">
        <h2 id="h-minutes">Minutes this period</h2>
        <p>
          <strong>${minutesText(used)}</strong> used of ${minutesText(available)} ·
          <strong>${minutesText(billing.balanceSeconds)}</strong> left${billing.reservedSeconds ? html` (${minutesText(billing.reservedSeconds)} held by calls in progress)` : nothing}
        </p>
        <wa-progress-bar value=${available ? Math.min(100, Math.round((used / available) * 100)) : 0} label="Share of this period's minutes used"></wa-progress-bar>
        <ll-usage-chart kind="line" label="Minutes used this period" unit="Minutes (running total)" .points=${cumulative(usage.days.map((x) => ({ date: x.date, value: x.minutes })))}></ll-usage-chart>
      </section>
      <section aria-labelledby="h-calls">
        <h2 id="h-calls">Calls per day</h2>
        <ll-usage-chart kind="bars" label="Calls per day" unit="Calls" .points=${usage.days.map((x) => ({ date: x.date, value: x.calls }))}></ll-usage-chart>
        <p class="quiet">Days in ${usage.timezone}, from ${when(usage.from)}.</p>
      </section>
      ${this._plansSection(billing, plans)}
    `;
  }
}
define('ll-billing-page', BillingPage);
