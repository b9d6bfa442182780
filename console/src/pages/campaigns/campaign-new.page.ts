import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/checkbox/checkbox.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/radio/radio.js';
import '@awesome.me/webawesome/dist/components/radio-group/radio-group.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import '@awesome.me/webawesome/dist/components/textarea/textarea.js';
import { html, nothing } from 'lit';
import { announce } from '../../announce.ts';
import { ok, problemText } from '../../api.ts';
import { navigate } from '../../navigate.ts';
import { ApiError } from '../../session.ts';
import { define, OwnerPage } from '../owner-page.ts';
import { campaignBody, fieldErrors } from './campaign-form.ts';
import type { LeadList, PhoneNumber } from './campaign.types.ts';
import { styles } from './campaigns.styles.ts';
import { VOICES } from '../../voices.ts';
import { DAYS, GOALS, HOURS } from './labels.ts';

/** Form fields a server error can name; anything else is shown above the form. */
const FIELDS = [
  'name',
  'listId',
  'goal',
  'script',
  'greeting',
  'disclosure',
  'voice',
  'callerId',
  'window',
  'maxAttempts',
  'retryHours',
  'maxConcurrent',
  'callsPerMinute',
  'machineAction',
  'voicemailMessage',
] as const;

interface Limits {
  concurrent: number;
  perMinute: number;
}

/**
 * `<ll-campaign-new-page>`: a campaign over one of the business's lead lists — what the assistant should
 * do and say, from which number, when (recipient-local hours within 08:00–21:00), how often, how fast.
 * The server checks everything; its refusals appear on the fields they name.
 */
export class CampaignNewPage extends OwnerPage {
  static override styles = styles;
  static override properties = {
    ...OwnerPage.properties,
    _lists: { state: true },
    _numbers: { state: true },
    _limits: { state: true },
    _errors: { state: true },
    _leaveMessage: { state: true },
    _loaded: { state: true },
  };
  declare _lists: LeadList[];
  declare _numbers: PhoneNumber[];
  declare _limits: Limits | null;
  declare _errors: Record<string, string>;
  declare _leaveMessage: boolean;
  declare _loaded: boolean;

  constructor() {
    super();
    this._lists = [];
    this._numbers = [];
    this._limits = null;
    this._errors = {};
    this._leaveMessage = false;
    this._loaded = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.act('', () => this._load()).then(() => {
      this._loaded = true;
    });
  }

  private async _load() {
    const path = { params: { path: { id: this.businessId }, query: { limit: 100 } } };
    const [lists, numbers] = await Promise.all([
      ok(this.api.GET('/api/v1/businesses/{id}/lead-lists', path)),
      ok(this.api.GET('/api/v1/businesses/{id}/phone-numbers', path)),
    ]);
    this._lists = lists.items.filter((l) => l.acceptedCount > 0);
    this._numbers = numbers.items;
    // The plan's pacing ceiling, as a hint; the server enforces it (and says so on the field).
    const billing = await ok(
      this.api.GET('/api/v1/businesses/{id}/billing', { params: { path: { id: this.businessId } } }),
    ).catch(() => null);
    const l = billing?.limits;
    if (l && typeof l.campaignConcurrentCalls === 'number' && typeof l.campaignCallsPerMinute === 'number')
      this._limits = { concurrent: l.campaignConcurrentCalls, perMinute: l.campaignCallsPerMinute };
  }

  private async _submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const body = campaignBody({
      get: (k) => String(data.get(k) ?? ''),
      days: data.getAll('days').map(String),
    });
    this._errors = {};
    this._error = '';
    this._busy = true;
    try {
      const c = await ok(
        this.api.POST('/api/v1/businesses/{id}/campaigns', { params: { path: { id: this.businessId } }, body }),
      );
      announce(this, `Campaign "${c.name}" created. Start it when you are ready.`);
      navigate(`/app/campaigns/${c.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) await this._showFieldErrors(err);
      else this._error = problemText(err);
    } finally {
      this._busy = false;
    }
  }

  /** The refusal on the fields it names; focus goes to the first of them, where its message is read. */
  private async _showFieldErrors(err: ApiError) {
    this._errors = fieldErrors(err.problem, FIELDS);
    const named = FIELDS.filter((f) => this._errors[f]);
    const where = !named.length
      ? 'see the message above the form'
      : named.length === 1
        ? 'check the marked field'
        : 'check the marked fields';
    announce(this, `The campaign was not created: ${where}`);
    await this.updateComplete;
    const first = named[0];
    const el = first && this.renderRoot.querySelector<HTMLElement>(`[name="${first}"], #${first}-field`);
    el?.focus();
  }

  override updated() {
    // A refused field is invalid to the form too: it cannot be sent again unchanged.
    for (const f of FIELDS) {
      const el = this.renderRoot.querySelector<HTMLElement & { customError: string | null }>(`[name="${f}"]`);
      if (el && 'customError' in el) el.customError = this._errors[f] ?? null;
    }
  }

  /** Editing a refused field clears its refusal. */
  private _edited(e: Event) {
    const name = (e.target as HTMLElement).getAttribute('name') ?? '';
    const field = name === 'start' || name === 'end' || name === 'days' ? 'window' : name;
    if (!this._errors[field]) return;
    const { [field]: _, ...rest } = this._errors;
    this._errors = rest;
  }

  /** The server's message for `field`, in the field's hint (so it is read with the field). */
  private _hint(field: string, hint = '') {
    const err = this._errors[field];
    if (err) return html`<span slot="hint" class="field-error">${err}</span>`;
    return hint ? html`<span slot="hint">${hint}</span>` : nothing;
  }

  private _form() {
    const lim = this._limits;
    const bizName = this.session.me?.businesses[0]?.name ?? 'your business';
    return html`<form class="campaign" @submit=${this._submit} @input=${this._edited} @change=${this._edited}>
      <wa-input class="wide" name="name" label="Campaign name" required maxlength="120">${this._hint('name')}</wa-input>
      <wa-select name="listId" label="Lead list" required value=${this._lists[0]?.id ?? ''}>
        ${this._lists.map((l) => html`<wa-option value=${l.id}>${l.name} (${l.acceptedCount} contacts)</wa-option>`)}
        ${this._hint('listId')}
      </wa-select>
      <wa-select name="callerId" label="Call from (caller ID)" required value=${this._numbers[0]?.e164 ?? ''}>
        ${this._numbers.map((n) => html`<wa-option value=${n.e164}>${n.e164}${n.label ? ` (${n.label})` : ''}</wa-option>`)}
        ${this._hint('callerId', "One of your business's own numbers")}
      </wa-select>
      <wa-select name="goal" label="Goal" value="qualify">
        ${GOALS.map(([v, l]) => html`<wa-option value=${v}>${l}</wa-option>`)}
        ${this._hint('goal')}
      </wa-select>
      <wa-select name="voice" label="Voice" value="alloy">
        ${VOICES.map(([v, label]) => html`<wa-option value=${v}>${label}</wa-option>`)}
        ${this._hint('voice')}
      </wa-select>
      <wa-textarea class="wide" name="script" label="What the assistant should do and say" rows="4" required
        maxlength="8000">${this._hint('script', 'Your instructions. Contact details from the list are passed as data, never as instructions.')}</wa-textarea>
      <wa-input class="wide" name="greeting" label="Greeting" required maxlength="500"
        value="Hi, this is ${bizName}'s assistant.">${this._hint('greeting')}</wa-input>
      <wa-input class="wide" name="disclosure" label="Disclosure (said first)" required maxlength="500"
        value="I'm an automated AI assistant calling on behalf of ${bizName}.">${this._hint('disclosure', 'Who is calling and that it is an AI; the recording question follows it.')}</wa-input>
      <fieldset class="wide" id="window-field" tabindex="-1" aria-describedby="window-explain">
        <legend>When to call</legend>
        <wa-select name="start" label="From" value="09:00">${HOURS.slice(0, -1).map((h) => html`<wa-option value=${h}>${h}</wa-option>`)}</wa-select>
        <wa-select name="end" label="Until" value="18:00">${HOURS.slice(1).map((h) => html`<wa-option value=${h}>${h}</wa-option>`)}</wa-select>
        <fieldset class="days"><legend class="sr-only">Days</legend>
          ${DAYS.map(([n, l]) => html`<wa-checkbox name="days" value=${n} ?checked=${n <= 5}>${l}</wa-checkbox>`)}
        </fieldset>
        <p class="explain" id="window-explain">In each contact's own local time (from their number; your business's
          time zone when it is unknown). The law allows calls only between 8:00 and 21:00 there, so nothing outside
          those hours is offered, and every call is checked again at the moment it is dialled.</p>
        ${this._errors.window ? html`<p class="field-error" role="alert">${this._errors.window}</p>` : nothing}
      </fieldset>
      <wa-input name="maxAttempts" type="number" label="Attempts per contact" value="3" min="1" max="10" required>${this._hint('maxAttempts')}</wa-input>
      <wa-input name="retryHours" type="number" label="Hours between attempts" value="4" min="1" max="168" required>${this._hint('retryHours')}</wa-input>
      <wa-input name="maxConcurrent" type="number" label="Calls at the same time" value="2" min="1" required>${this._hint('maxConcurrent', lim ? `Your plan allows up to ${lim.concurrent}` : '')}</wa-input>
      <wa-input name="callsPerMinute" type="number" label="New calls per minute" value="5" min="1" required>${this._hint('callsPerMinute', lim ? `Your plan allows up to ${lim.perMinute}` : '')}</wa-input>
      <wa-radio-group class="wide" name="machineAction" label="When an answering machine picks up" value="hang_up"
        @change=${(e: Event) => {
          this._leaveMessage = (e.target as HTMLInputElement).value === 'leave_message';
        }}>
        <wa-radio value="hang_up">Hang up</wa-radio>
        <wa-radio value="leave_message">Leave a message</wa-radio>
        ${this._hint('machineAction')}
      </wa-radio-group>
      ${
        this._leaveMessage || this._errors.voicemailMessage
          ? html`<wa-textarea class="wide" name="voicemailMessage" label="Message to leave" rows="2" maxlength="1000" required>${this._hint('voicemailMessage')}</wa-textarea>`
          : nothing
      }
      <div class="actions wide">
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>Create campaign</wa-button>
        <wa-button href="/app/campaigns" appearance="outlined">Back to campaigns</wa-button>
      </div>
    </form>`;
  }

  override render() {
    const missing = !this._lists.length
      ? html`<wa-callout variant="warning">A campaign calls the contacts of a lead list, and you have none with
          contacts yet. <a href="/app/lists">Upload a list</a> first.</wa-callout>`
      : !this._numbers.length
        ? html`<wa-callout variant="warning">Calls go out from one of your own numbers, and the business has none.
            <a href="/app/onboarding">Choose or connect a number</a> first.</wa-callout>`
        : null;
    return html`<h1>New campaign</h1>
      <p>The assistant calls each contact of the list, says the disclosure, asks for consent to record, then follows
        your instructions. Need a new list? <a href="/app/lists">Upload one on the Lists page</a>.</p>
      ${this.renderError()}
      ${this._errors[''] ? html`<wa-callout variant="danger" role="alert">${this._errors['']}</wa-callout>` : nothing}
      ${this._loaded ? (missing ?? this._form()) : html`<wa-spinner aria-label="Loading"></wa-spinner>`}`;
  }
}
define('ll-campaign-new-page', CampaignNewPage);
