import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/checkbox/checkbox.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import '@awesome.me/webawesome/dist/components/textarea/textarea.js';
import { html, LitElement, nothing } from 'lit';
import { announce } from '../../announce.ts';
import { useSession } from '../../controllers/session.controller.ts';
import { ApiError } from '../../session.ts';
import { DAYS, DEFAULT_HOURS, hoursFromForm, type WeeklyHours } from './hours.ts';
import { styles } from './onboarding.styles.ts';

interface Business {
  id: string;
  name: string;
  industry: string | null;
  timezone: string;
  weeklyHours: WeeklyHours;
  services: string[];
  greeting: string | null;
  tone: string | null;
  forwardingNumber: string | null;
  escalationRules: { keywords?: string[]; transferDuringHoursOnly?: boolean };
}

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Toronto',
  'America/Vancouver',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
];

const lines = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** `<ll-onboarding-page>`: set up (or change) the business, then make a test call. */
export class OnboardingPage extends LitElement {
  static override styles = styles;
  static override properties = {
    _business: { state: true },
    _samples: { state: true },
    _error: { state: true },
    _busy: { state: true },
    _testCallId: { state: true },
  };
  declare _business: Business | null;
  declare _samples: { id: string; title: string }[];
  declare _error: string;
  declare _busy: boolean;
  declare _testCallId: string;
  private readonly _session = useSession(this);

  constructor() {
    super();
    this._business = null;
    this._samples = [];
    this._error = '';
    this._busy = false;
    this._testCallId = '';
  }

  override async connectedCallback() {
    super.connectedCallback();
    const s = this._session.value;
    if (!s) return;
    const id = s.businessId;
    const [business, samples] = await Promise.all([
      id ? s.api<Business>('GET', `/api/v1/businesses/${id}`) : Promise.resolve(null),
      s.api<{ items: { id: string; title: string }[] }>('GET', '/api/v1/test-calls/samples'),
    ]);
    this._business = business;
    this._samples = samples.items;
  }

  private async _save(e: SubmitEvent) {
    e.preventDefault();
    const s = this._session.value!;
    const data = new FormData(e.target as HTMLFormElement);
    const body = {
      name: String(data.get('name') ?? '').trim(),
      industry: String(data.get('industry') ?? '').trim() || null,
      timezone: String(data.get('timezone') ?? ''),
      weeklyHours: hoursFromForm(data),
      services: lines(data.get('services')),
      greeting: String(data.get('greeting') ?? '').trim() || null,
      tone: String(data.get('tone') ?? '').trim() || null,
      forwardingNumber: String(data.get('forwardingNumber') ?? '').trim() || null,
      escalationRules: {
        keywords: lines(data.get('keywords')),
        transferDuringHoursOnly: data.get('duringHoursOnly') !== null,
      },
    };
    this._busy = true;
    this._error = '';
    try {
      this._business = this._business
        ? await s.api<Business>('PATCH', `/api/v1/businesses/${this._business.id}`, body)
        : await s.api<Business>('POST', '/api/v1/businesses', body);
      await s.refreshMe();
      announce(this, 'Saved. Now make a test call.');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#test-call h2')?.focus();
    } catch (err) {
      this._error = err instanceof ApiError ? err.explanation : (err as Error).message;
    } finally {
      this._busy = false;
    }
  }

  private async _testCall(e: SubmitEvent) {
    e.preventDefault();
    const sample = String(new FormData(e.target as HTMLFormElement).get('sample') ?? '');
    this._busy = true;
    this._error = '';
    try {
      const r = await this._session.value!.api<{ callId: string }>(
        'POST',
        `/api/v1/businesses/${this._business!.id}/test-calls`,
        { sample },
      );
      this._testCallId = r.callId;
      announce(this, 'Test call placed. Its lead will appear in the inbox in a moment.');
    } catch (err) {
      this._error = err instanceof ApiError ? err.explanation : (err as Error).message;
    } finally {
      this._busy = false;
    }
  }

  private _day(day: (typeof DAYS)[number]) {
    const [key, label] = day;
    const hours = this._business?.weeklyHours ?? DEFAULT_HOURS;
    const range = hours[key]?.[0];
    return html`<div class="day">
      <wa-checkbox name="open-${key}" value="1" ?checked=${Boolean(range)}>${label}</wa-checkbox>
      <wa-input type="time" name="from-${key}" label="${label} opens" value=${range?.[0] ?? '08:00'}></wa-input>
      <wa-input type="time" name="to-${key}" label="${label} closes" value=${range?.[1] ?? '17:00'}></wa-input>
    </div>`;
  }

  override render() {
    const b = this._business;
    const zone = b?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const zones = ZONES.includes(zone) ? ZONES : [zone, ...ZONES];
    return html`
      <h1>${b ? 'Your receptionist' : 'Set up your receptionist'}</h1>
      ${this._error ? html`<wa-callout variant="danger" role="alert">${this._error}</wa-callout>` : nothing}
      <form @submit=${this._save}>
        <fieldset>
          <legend>Your business</legend>
          <wa-input name="name" label="Business name" required value=${b?.name ?? ''}></wa-input>
          <wa-input name="industry" label="Industry (e.g. plumbing)" value=${b?.industry ?? ''}></wa-input>
          <wa-select name="timezone" label="Time zone" value=${zone}>
            ${zones.map((z) => html`<wa-option value=${z}>${z.replace('_', ' ')}</wa-option>`)}
          </wa-select>
        </fieldset>
        <fieldset>
          <legend>Opening hours</legend>
          ${DAYS.map((d) => this._day(d))}
        </fieldset>
        <fieldset>
          <legend>What callers hear</legend>
          <wa-textarea name="services" label="Services, one per line" rows="3" value=${(b?.services ?? []).join('\n')}></wa-textarea>
          <wa-input name="greeting" label="Greeting" value=${b?.greeting ?? ''} placeholder="Thanks for calling…"></wa-input>
          <wa-input name="tone" label="Tone" value=${b?.tone ?? ''} placeholder="warm, calm and professional"></wa-input>
        </fieldset>
        <fieldset>
          <legend>When a person should take over</legend>
          <wa-input name="forwardingNumber" label="Forwarding number (E.164, e.g. +15125550100)" value=${b?.forwardingNumber ?? ''}></wa-input>
          <wa-input name="keywords" label="Transfer at once when the caller says (comma-separated)" value=${(b?.escalationRules.keywords ?? []).join(', ')} placeholder="flooding, gas smell"></wa-input>
          <wa-checkbox name="duringHoursOnly" value="1" ?checked=${b?.escalationRules.transferDuringHoursOnly ?? true}>Transfer only during opening hours</wa-checkbox>
        </fieldset>
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>${b ? 'Save changes' : 'Create my receptionist'}</wa-button>
      </form>
      ${
        b
          ? html`<section id="test-call" aria-labelledby="h-test">
              <h2 id="h-test" tabindex="-1">Make a test call</h2>
              <p>Pick a sample caller: Leadline runs the real call path on it and the lead appears in your inbox.</p>
              <form @submit=${this._testCall}>
                <div class="row">
                  <wa-select name="sample" label="Sample call" value=${this._samples[0]?.id ?? ''}>
                    ${this._samples.map((s) => html`<wa-option value=${s.id}>${s.title}</wa-option>`)}
                  </wa-select>
                  <wa-button type="submit" ?loading=${this._busy}>Simulate call</wa-button>
                </div>
              </form>
              ${this._testCallId ? html`<p>Test call placed. <a href="/app/inbox">Watch it arrive in the inbox</a>.</p>` : nothing}
            </section>`
          : nothing
      }
    `;
  }
}
customElements.get('ll-onboarding-page') || customElements.define('ll-onboarding-page', OnboardingPage);
