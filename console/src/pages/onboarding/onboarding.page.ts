import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/checkbox/checkbox.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import '@awesome.me/webawesome/dist/components/textarea/textarea.js';
import { html, LitElement, nothing } from 'lit';
import { announce } from '../../announce.ts';
import { apiOf, ok, problemText } from '../../api.ts';
import { sessionOf, useSession } from '../../controllers/session.controller.ts';
import './consent-preview.component.ts';
import { DAYS, DEFAULT_HOURS, hoursFromForm, type WeeklyHours } from './hours.ts';
import { styles } from './onboarding.styles.ts';
import {
  type Business,
  CAPTURE_FIELDS,
  CLOSED_FIELDS,
  captureFromRows,
  closedFromRows,
  FAQ_FIELDS,
  faqFromRows,
  toRows,
  VOICES,
  ZONES,
} from './options.ts';
import './phone-numbers.component.ts';
import type { RowList } from './row-list.component.ts';
import './row-list.component.ts';

const lines = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** `<ll-onboarding-page>`: set up (or change) the business, its number, then make a test call. */
export class OnboardingPage extends LitElement {
  static override styles = styles;
  static override properties = {
    _business: { state: true },
    _samples: { state: true },
    _error: { state: true },
    _busy: { state: true },
    _testCallId: { state: true },
    _consent: { state: true },
  };
  declare _business: Business | null;
  declare _samples: { id: string; title: string }[];
  declare _error: string;
  declare _busy: boolean;
  declare _testCallId: string;
  /** The consent settings as the form has them now: what the preview speaks. */
  declare _consent: { prompt: string | null; recording: boolean };
  private readonly _session = useSession(this);

  constructor() {
    super();
    this._business = null;
    this._samples = [];
    this._error = '';
    this._busy = false;
    this._testCallId = '';
    this._consent = { prompt: null, recording: true };
  }

  private get _api() {
    return apiOf(sessionOf(this._session));
  }

  override async connectedCallback() {
    super.connectedCallback();
    const s = this._session.value;
    if (!s) return;
    const id = s.businessId;
    const [business, samples] = await Promise.all([
      id ? ok(this._api.GET('/api/v1/businesses/{id}', { params: { path: { id } } })) : Promise.resolve(null),
      ok(this._api.GET('/api/v1/test-calls/samples')),
    ]);
    this._adopt(business as Business | null);
    this._samples = (samples as { items: { id: string; title: string }[] }).items;
  }

  private _adopt(b: Business | null) {
    this._business = b;
    if (b) this._consent = { prompt: b.consentPrompt ?? null, recording: b.recordingEnabled ?? true };
  }

  private _list(id: string) {
    return this.renderRoot.querySelector<RowList>(`#${id}`)?.rows ?? [];
  }

  private _consentInput() {
    // From the controls themselves: a Web Awesome control hands its value to the form a frame later.
    const $ = <T>(sel: string) => this.renderRoot.querySelector(sel) as T | null;
    this._consent = {
      prompt: $<{ value: string }>('wa-textarea[name=consentPrompt]')?.value.trim() || null,
      recording: $<{ checked: boolean }>('wa-checkbox[name=recordingEnabled]')?.checked ?? true,
    };
  }

  private async _save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(data.get(k) ?? '').trim() || null;
    const body = {
      name: String(data.get('name') ?? '').trim(),
      industry: text('industry'),
      timezone: String(data.get('timezone') ?? ''),
      weeklyHours: hoursFromForm(data),
      closedDates: closedFromRows(this._list('closed')),
      services: lines(data.get('services')),
      greeting: text('greeting'),
      tone: text('tone'),
      voice: (text('voice') as Business['voice']) ?? null,
      faqEntries: faqFromRows(this._list('faq')),
      knowledgeBase: text('knowledgeBase'),
      captureFields: captureFromRows(this._list('capture')),
      forwardingNumber: text('forwardingNumber'),
      escalationRules: {
        keywords: lines(data.get('keywords')),
        transferDuringHoursOnly: data.get('duringHoursOnly') !== null,
      },
      recordingEnabled: data.get('recordingEnabled') !== null,
      transcriptionEnabled: data.get('transcriptionEnabled') !== null,
      consentPrompt: text('consentPrompt'),
    };
    this._busy = true;
    this._error = '';
    try {
      const b = this._business;
      const saved = b
        ? await ok(this._api.PATCH('/api/v1/businesses/{id}', { params: { path: { id: b.id } }, body }))
        : await ok(this._api.POST('/api/v1/businesses', { body }));
      this._adopt(saved as Business);
      await sessionOf(this._session).refreshMe();
      announce(this, b ? 'Saved.' : 'Created. Next: a phone number, then a test call.');
      await this.updateComplete;
      if (!b) this.renderRoot.querySelector<HTMLElement>('#h-number')?.focus();
    } catch (err) {
      this._error = problemText(err);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[role=alert]')?.focus();
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
      const r = await ok(
        this._api.POST('/api/v1/businesses/{id}/test-calls', {
          params: { path: { id: this._business!.id } },
          body: { sample },
        }),
      );
      this._testCallId = (r as { callId: string }).callId;
      announce(this, 'Test call placed. Its lead will appear in the inbox in a moment.');
    } catch (err) {
      this._error = problemText(err);
    } finally {
      this._busy = false;
    }
  }

  private _day(day: (typeof DAYS)[number]) {
    const [key, label] = day;
    const hours = (this._business?.weeklyHours as WeeklyHours | undefined) ?? DEFAULT_HOURS;
    const range = hours[key]?.[0];
    return html`<div class="day">
      <wa-checkbox name="open-${key}" value="1" ?checked=${Boolean(range)}>${label}</wa-checkbox>
      <wa-input type="time" name="from-${key}" label="${label} opens" value=${range?.[0] ?? '08:00'}></wa-input>
      <wa-input type="time" name="to-${key}" label="${label} closes" value=${range?.[1] ?? '17:00'}></wa-input>
    </div>`;
  }

  private _settings(b: Business | null) {
    const zone = b?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const zones = ZONES.includes(zone) ? ZONES : [zone, ...ZONES];
    const rules = b?.escalationRules ?? {};
    return html`<form id="settings" @submit=${this._save}>
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
        <h3 id="h-closed">Holidays and closures</h3>
        <p class="hint">Whole days you are closed. On those days the receptionist says so and takes a message.</p>
        <ll-row-list id="closed" aria-labelledby="h-closed" item-name="closed day" empty-text="No closed days."
          .fields=${CLOSED_FIELDS} .rows=${toRows(b?.closedDates, CLOSED_FIELDS)}></ll-row-list>
      </fieldset>
      <fieldset>
        <legend>What callers hear</legend>
        <wa-textarea name="services" label="Services, one per line" rows="3" value=${(b?.services ?? []).join('\n')}></wa-textarea>
        <wa-input name="greeting" label="Greeting" value=${b?.greeting ?? ''} placeholder="Thanks for calling…"></wa-input>
        <wa-input name="tone" label="Tone" value=${b?.tone ?? ''} placeholder="warm, calm and professional"></wa-input>
        <wa-select name="voice" label="Voice" value=${b?.voice ?? 'marin'}>
          ${VOICES.map(([v, label]) => html`<wa-option value=${v}>${label}</wa-option>`)}
        </wa-select>
      </fieldset>
      <fieldset>
        <legend>What your receptionist knows</legend>
        <h3 id="h-faq">Frequent questions</h3>
        <ll-row-list id="faq" aria-labelledby="h-faq" item-name="question" empty-text="No questions yet."
          .fields=${FAQ_FIELDS} .rows=${toRows(b?.faqEntries, FAQ_FIELDS)}></ll-row-list>
        <wa-textarea name="knowledgeBase" label="Anything else it should know (prices, areas served, policies)" rows="4"
          value=${b?.knowledgeBase ?? ''}></wa-textarea>
      </fieldset>
      <fieldset>
        <legend>What to ask every caller for</legend>
        <p class="hint">On top of name, number, e-mail, reason, urgency and address. Each shows on the lead.</p>
        <ll-row-list id="capture" aria-label="Extra details to collect" item-name="detail" empty-text="Nothing extra."
          .fields=${CAPTURE_FIELDS} .rows=${toRows(b?.captureFields, CAPTURE_FIELDS)}></ll-row-list>
      </fieldset>
      <fieldset>
        <legend>When a person should take over</legend>
        <wa-input name="forwardingNumber" label="Forwarding number (E.164, e.g. +15125550100)" value=${b?.forwardingNumber ?? ''}></wa-input>
        <wa-input name="keywords" label="Transfer at once when the caller says (comma-separated)" value=${(rules.keywords ?? []).join(', ')} placeholder="flooding, gas smell"></wa-input>
        <wa-checkbox name="duringHoursOnly" value="1" ?checked=${rules.transferDuringHoursOnly ?? true}>Transfer only during opening hours</wa-checkbox>
      </fieldset>
      <fieldset @input=${this._consentInput} @change=${this._consentInput}>
        <legend>Recording and consent</legend>
        <wa-checkbox name="recordingEnabled" value="1" ?checked=${b?.recordingEnabled ?? true}>Record calls</wa-checkbox>
        <wa-checkbox name="transcriptionEnabled" value="1" ?checked=${b?.transcriptionEnabled ?? true}>Keep a transcript of calls</wa-checkbox>
        <wa-textarea name="consentPrompt" rows="2" label="Your own consent wording (optional; empty uses ours)" value=${b?.consentPrompt ?? ''}></wa-textarea>
        ${
          b
            ? html`<ll-consent-preview .businessId=${b.id} .consentPrompt=${this._consent.prompt}
                .recordingEnabled=${this._consent.recording}></ll-consent-preview>`
            : html`<p class="hint">The exact wording shows here once the receptionist is created.</p>`
        }
      </fieldset>
      <wa-button type="submit" variant="brand" ?loading=${this._busy}>${b ? 'Save changes' : 'Create my receptionist'}</wa-button>
    </form>`;
  }

  override render() {
    const b = this._business;
    return html`
      <h1>${b ? 'Your receptionist' : 'Set up your receptionist'}</h1>
      ${this._error ? html`<wa-callout variant="danger" role="alert" tabindex="-1">${this._error}</wa-callout>` : nothing}
      ${this._settings(b)}
      ${
        b
          ? html`<section aria-labelledby="h-number">
              <h2 id="h-number" tabindex="-1">Your phone number</h2>
              <ll-phone-numbers .businessId=${b.id}></ll-phone-numbers>
            </section>
            <section id="test-call" aria-labelledby="h-test">
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
