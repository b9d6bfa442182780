import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { fetchConfig, submitCallback, type CallbackRequest, type SubmitResponse, type WidgetConfig } from './api.ts';
import { renderCode, renderForm } from './callback-form.view.ts';
import { fetchProof } from './proof.ts';
import { BusinessHoursController } from './controllers/business-hours.controller.ts';
import { CallbackStatusController } from './controllers/callback-status.controller.ts';
import { emit } from './emit.ts';
import { waitFillTime } from './fill-time.ts';
import { BOOT_LABELS, fill, type Labels } from './labels.ts';
import { styles } from './leadline-widget.styles.ts';
import { formatPhone } from './phone.ts';
import { isCallbackStatus, statusText } from './status.ts';
import { submitErrors, validateForm, type FieldErrors } from './validate.ts';

let defaultApiBase = '';
/** The loader sets the origin its script came from; inline widgets without `api-base` use it. */
export function setDefaultApiBase(origin: string): void {
  defaultApiBase = origin;
}

const text = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : '');

/**
 * `<leadline-widget key="pk_…" mode="floating|inline" api-base="…" theme="light|dark">`
 *
 * Shows the business, its open state, tap-to-call, a "Call me back" form and the live status of the
 * request. Events: `leadline:submitted`, `leadline:status` (ids and statuses only).
 */
export class LeadlineWidget extends LitElement {
  static override styles = styles;
  static override properties = {
    key: { reflect: true },
    mode: { reflect: true },
    apiBase: { attribute: 'api-base' },
    theme: { reflect: true },
    open: { type: Boolean, reflect: true },
    _config: { state: true },
    _loadError: { state: true },
    _errors: { state: true },
    _formError: { state: true },
    _busy: { state: true },
    _check: { state: true },
    _cooling: { state: true },
    _note: { state: true },
  };

  declare key: string;
  declare mode: 'floating' | 'inline';
  declare apiBase: string;
  declare theme: 'light' | 'dark' | undefined;
  /** Floating mode: whether the panel is shown. */
  declare open: boolean;
  declare _config: WidgetConfig | undefined;
  declare _loadError: boolean;
  declare _errors: FieldErrors;
  declare _formError: string;
  declare _busy: boolean;
  /** The SMS code step: the phone check's id, while the visitor types the code we texted. */
  declare _check: string | undefined;
  /** For 30 s after a code is sent, no other may be (SMS costs the business; the server limits it too). */
  declare _cooling: boolean;
  /** What the status region announces before there is a callback to report on (the code step). */
  declare _note: string;

  /** The validated request, kept (in memory only) while the visitor confirms their number. */
  private _pending: CallbackRequest | undefined;

  private _shownAt = 0;
  private _abort: AbortController | undefined;
  private readonly _status = new CallbackStatusController(this, {
    onEvent: (id, ev) => emit(this, 'leadline:status', { id, ...ev }),
    retriesEnabled: () => this._config?.retriesEnabled ?? true,
  });
  private readonly _hours = new BusinessHoursController(this, () => void this._load());

  constructor() {
    super();
    this.key = '';
    this.mode = 'inline';
    this.apiBase = '';
    this.open = false;
    this._loadError = false;
    this._errors = {};
    this._formError = '';
    this._busy = false;
    this._cooling = false;
    this._note = '';
  }

  private get _api(): string {
    return this.apiBase || defaultApiBase || location.origin;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('key') || changed.has('apiBase')) && this.key) {
      this._status.resume(this._api, this.key);
      void this._load();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const form = this.renderRoot.querySelector('form');
    if (form && !this._shownAt && (this.mode === 'inline' || this.open)) this._shownAt = performance.now();
    if (changed.has('open') && this.open && changed.get('open') === false) {
      (this.renderRoot.querySelector('input') ?? this.renderRoot.querySelector<HTMLElement>('.close'))?.focus();
    }
  }

  private async _load(): Promise<void> {
    this._abort?.abort();
    const abort = new AbortController();
    this._abort = abort;
    try {
      const config = await fetchConfig(this._api, this.key, abort.signal);
      const accent = config.theme?.accent;
      // CSSOM writes are not inline styles in CSP terms; the page's own --leadline-accent still wins.
      if (accent && CSS.supports('color', accent)) this.style.setProperty('--leadline-config-accent', accent);
      this._config = config;
      this._loadError = false;
      this._hours.set(this._config.business);
    } catch (err) {
      if (abort.signal.aborted) return;
      this._loadError = true;
      console.warn('[leadline] config', err);
    }
  }

  private _toggle = () => {
    this.open = !this.open;
  };

  private _onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.mode === 'floating' && this.open) {
      this.open = false;
      this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus();
    }
  };

  private _onInput = (e: Event) => {
    const name = (e.target as HTMLInputElement).name as keyof FieldErrors;
    if (this._errors[name]) this._errors = { ...this._errors, [name]: undefined };
  };

  private _onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const config = this._config;
    if (this._busy || !config) return;
    const d = new FormData(e.target as HTMLFormElement);
    const L = config.labels;
    const checked = validateForm(
      {
        name: text(d.get('name')),
        phone: text(d.get('phone')),
        reason: text(d.get('reason')),
        consentCall: d.has('consentCall'),
        consentSms: d.has('consentSms'),
        website: text(d.get('website')),
      },
      config.business.country,
      L,
    );
    this._formError = '';
    if (!checked.ok) return this._showErrors(checked.errors);
    this._errors = {};
    this._busy = true;
    // Solved while the minimum fill time runs out, so a person rarely waits for it.
    const proof = fetchProof(this._api, this.key);
    // Bots submit instantly; a person rarely beats minFillMs, and when autofill does we wait instead of failing.
    const elapsedMs = await waitFillTime(this._shownAt, config.minFillMs);
    const body: CallbackRequest = { key: this.key, ...checked.value, elapsedMs, proof: await proof };
    this._pending = body;
    await (config.requirePhoneCheck ? this._sendCode(body.proof) : this._send(body));
  };

  /** Texts a code to the pending request's number (spending `proof`, or a fresh one), then shows the code step. */
  private async _sendCode(proof?: CallbackRequest['proof']): Promise<void> {
    const L = this._config!.labels;
    const p = this._pending!;
    this._busy = true;
    proof ??= await fetchProof(this._api, this.key);
    const res = await submitCallback(
      this._api,
      { key: p.key, phone: p.phone, proof } as CallbackRequest,
      'phone-checks',
    );
    this._busy = false;
    if (res.status > 299) return this._fail(res);
    this._note = this._check ? L.codeResent : fill(L.codeSent, { phone: formatPhone(p.phone) });
    this._check = res.body.id as string;
    this._errors = {};
    this._cooling = true;
    setTimeout(() => (this._cooling = false), 30_000);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[name=code]')?.focus();
  }

  private _onCode = async (e: SubmitEvent) => {
    e.preventDefault();
    const L = this._config!.labels;
    const code = text(new FormData(e.target as HTMLFormElement).get('code')).trim();
    if (this._busy) return;
    if (!/^\d{6}$/.test(code)) return this._codeError(L.errCode);
    this._busy = true;
    this._note = L.codeChecking;
    const proof = await fetchProof(this._api, this.key);
    await this._send({ ...this._pending!, proof, phoneCheck: { id: this._check!, code } });
  };

  /** The code step's one error: on the field (aria-describedby) and in the status region. */
  private _codeError(message: string): Promise<void> {
    this._note = message;
    return this._showErrors({ code: message });
  }

  private async _send(body: CallbackRequest): Promise<void> {
    const res = await submitCallback(this._api, body);
    this._busy = false;
    const id = res.body.id;
    const token = res.body.token;
    if (res.status < 300 && typeof id === 'string' && typeof token === 'string') {
      const status = isCallbackStatus(res.body.status) ? res.body.status : 'queued';
      this._check = this._pending = undefined;
      this._status.track(this._api, this.key, id, token, { status, at: new Date().toISOString() });
      emit(this, 'leadline:submitted', { id, status });
    } else await this._fail(res);
  }

  /** A refused request: on the form's fields, or (in the code step) on the code field. */
  private _fail(res: SubmitResponse): Promise<void> {
    const L = this._config!.labels;
    const { fields, form } = submitErrors(res, L);
    // The API names a missing, expired or spent check `phoneCheck`, and a wrong code `phoneCheck.code`.
    const path = (res.body.errors as { path?: unknown }[] | undefined)?.[0]?.path;
    if (!this._check) {
      // The business turned number checks on since the config was loaded (it is cached for a minute).
      if (path === 'phoneCheck') return this._sendCode();
      this._formError = form;
      return this._showErrors(fields);
    }
    return this._codeError(
      path === 'phoneCheck.code' ? L.errCodeWrong : path === 'phoneCheck' ? L.errCodeExpired : form || L.errGeneric,
    );
  }

  private async _showErrors(errors: FieldErrors): Promise<void> {
    this._errors = errors;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
  }

  private _again = () => {
    this._status.reset();
    this._note = '';
    this._shownAt = 0;
  };

  protected override render() {
    const floating = this.mode === 'floating';
    const c = this._config;
    // A floating widget that cannot load stays invisible: a broken button on a customer's site is worse.
    if (floating && !c) return nothing;
    // The config carries every label, resolved on the server; before it arrives only BOOT_LABELS are shown.
    const L = c?.labels;
    return html`${
      floating
        ? html`<button part="launcher" class="btn launcher" type="button" aria-expanded=${String(this.open)} aria-controls="panel" @click=${this._toggle}>
            ${L?.launcher}
          </button>`
        : nothing
    }
      <section id="panel" part="panel" class="panel" role=${floating ? 'dialog' : 'region'} aria-labelledby="title"
        lang=${this.lang ? nothing : c?.lang || nothing} ?hidden=${floating && !this.open} @keydown=${this._onKey}>
        ${c && L ? this._renderBody(c, L) : html`<p part="message" id="title">${this._loadError ? BOOT_LABELS.loadError : BOOT_LABELS.loading}</p>`}
        <p part="status" class="status" role="status" aria-live="polite">${L ? this._statusLine(L) : ''}</p>
        ${L && (this._status.final || this._status.lost) ? html`<button part="button" class="btn" type="button" @click=${this._again}>${L.again}</button>` : nothing}
      </section>`;
  }

  private _renderBody(c: WidgetConfig, L: Labels) {
    const b = c.business;
    const hours = this._hours.state(L);
    return html`<div class="head" part="header">
        <h2 id="title" part="title">${b.name}</h2>
        ${
          this.mode === 'floating'
            ? html`<button part="close-button" class="close" type="button" aria-label=${L.close} @click=${this._toggle}>×</button>`
            : nothing
        }
      </div>
      ${hours ? html`<p part="hours" class="hours ${hours.open ? 'open' : ''}">${hours.text}</p>` : nothing}
      ${b.hoursText ? html`<p part="hours-text" class="muted">${b.hoursText}</p>` : nothing}
      ${b.phone ? html`<a part="call-link" class="call" href="tel:${b.phone}">${fill(L.callUs, { phone: formatPhone(b.phone) })}</a>` : nothing}
      ${
        this._status.active
          ? nothing
          : this._check
            ? renderCode({
                labels: L,
                errors: this._errors,
                busy: this._busy,
                cooling: this._cooling,
                onSubmit: this._onCode,
                onInput: this._onInput,
                onResend: () => this._sendCode(),
              })
            : renderForm({
                labels: L,
                businessName: b.name,
                errors: this._errors,
                formError: this._formError,
                busy: this._busy,
                onSubmit: this._onSubmit,
                onInput: this._onInput,
              })
      }`;
  }

  private _statusLine(L: Labels): string {
    const s = this._status;
    if (s.lost) return L.statusLost;
    return s.current ? statusText(s.current, L, this._config?.retriesEnabled ?? true) : this._note;
  }
}
