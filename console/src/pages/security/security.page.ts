import '@awesome.me/webawesome/dist/components/copy-button/copy-button.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import './qr-code.component.ts';
import { html, nothing } from 'lit';
import { ok } from '../../api.ts';
import { define, formValues, OwnerPage } from '../owner-page.ts';

interface Enrolment {
  secret: string;
  otpauthUrl: string;
}

/**
 * `<ll-security-page>`: two-factor sign-in. Enrolment shows the authenticator app's QR code (and the secret
 * as text, for apps on the same device), confirms it with a code, then shows the recovery codes once.
 * When on: new recovery codes, or turning it off with the password and a code.
 */
export class SecurityPage extends OwnerPage {
  static override properties = {
    ...OwnerPage.properties,
    _enabled: { state: true },
    _enrolment: { state: true },
    _codes: { state: true },
  };
  declare _enabled: boolean | null;
  declare _enrolment: Enrolment | null;
  declare _codes: string[];

  constructor() {
    super();
    this._enabled = null;
    this._enrolment = null;
    this._codes = [];
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.act('', () => this._load());
  }

  private async _load() {
    const me = await ok(this.api.GET('/api/v1/me'));
    this._enabled = me.twoFactorEnabled;
  }

  private _start = () =>
    this.act('Scan the QR code with your authenticator app, then enter the code it shows', async () => {
      this._enrolment = await ok(this.api.POST('/api/v1/me/two-factor'));
    });

  private _form(done: string, fn: (v: Record<string, string>) => Promise<unknown>) {
    return async (e: SubmitEvent) => {
      e.preventDefault();
      const form = e.target as HTMLFormElement;
      if (await this.act(done, () => fn(formValues(form)))) form.reset();
    };
  }

  private _verify = this._form('Two-factor is on. Save your recovery codes now', async (v) => {
    const r = await ok(this.api.POST('/api/v1/me/two-factor/verify', { body: { code: (v.code ?? '').trim() } }));
    this._codes = r.recoveryCodes;
    this._enrolment = null;
    this._enabled = true;
  });

  private _renew = this._form('New recovery codes: the old ones no longer work', async (v) => {
    const r = await ok(
      this.api.POST('/api/v1/me/two-factor/recovery-codes', { body: { code: (v.code ?? '').trim() } }),
    );
    this._codes = r.recoveryCodes;
  });

  private _disable = this._form('Two-factor is off', async (v) => {
    await ok(
      this.api.DELETE('/api/v1/me/two-factor', {
        body: { password: v.password ?? '', code: (v.code ?? '').trim() },
      }),
    );
    this._enabled = false;
    this._codes = [];
  });

  private _recoveryCodes() {
    if (!this._codes.length) return nothing;
    return html`<wa-callout variant="warning" class="recovery">
      <strong>Your recovery codes.</strong> Each works once, if you lose your phone. Store them somewhere safe now:
      they are not shown again.
      <ul class="codes" aria-label="Recovery codes">${this._codes.map((c) => html`<li>${c}</li>`)}</ul>
      <div class="row">
        <wa-copy-button value=${this._codes.join('\n')} copy-label="Copy the recovery codes" success-label="Copied"></wa-copy-button>
        <wa-button size="small" @click=${() => {
          this._codes = [];
        }}>I have saved them</wa-button>
      </div>
    </wa-callout>`;
  }

  private _enrol(e: Enrolment) {
    const secret = e.secret.replace(/(.{4})/g, '$1 ').trim();
    return html`
      <ol>
        <li>
          <p>Scan this code with an authenticator app (Google Authenticator, 1Password, Authy…):</p>
          <ll-qr-code value=${e.otpauthUrl} label="QR code to add Leadline to your authenticator app"></ll-qr-code>
          <p>Or type this key into the app: <code class="secret" data-secret=${e.secret}>${secret}</code></p>
          <details><summary>Set-up link</summary><code class="secret">${e.otpauthUrl}</code></details>
        </li>
        <li>
          <form @submit=${this._verify} aria-label="Confirm two-factor">
            <wa-input name="code" label="6-digit code from the app" inputmode="numeric" autocomplete="one-time-code" required pattern="[0-9]{6}" maxlength="6"></wa-input>
            <wa-button type="submit" variant="brand" ?loading=${this._busy}>Turn on two-factor</wa-button>
          </form>
        </li>
      </ol>`;
  }

  override render() {
    if (this._enabled === null)
      return html`<h1>Security</h1>${this.renderError()}<wa-spinner aria-label="Loading"></wa-spinner>`;
    return html`
      <h1>Security</h1>
      ${this.renderError()}
      <section aria-labelledby="h-2fa">
        <h2 id="h-2fa">Two-factor sign-in</h2>
        ${this._recoveryCodes()}
        ${
          this._enabled
            ? html`<p><wa-badge variant="success">On</wa-badge> Logging in asks for a code from your authenticator app.</p>
              <h3>New recovery codes</h3>
              <form @submit=${this._renew} aria-label="New recovery codes">
                <wa-input name="code" label="Current code" autocomplete="one-time-code" required minlength="6" maxlength="20"></wa-input>
                <wa-button type="submit" ?loading=${this._busy}>Make new recovery codes</wa-button>
              </form>
              <h3>Turn two-factor off</h3>
              <form @submit=${this._disable} aria-label="Turn two-factor off">
                <wa-input name="password" type="password" label="Password" autocomplete="current-password" required></wa-input>
                <wa-input name="code" label="Code or recovery code" autocomplete="one-time-code" required minlength="6" maxlength="20"></wa-input>
                <wa-button type="submit" variant="danger" ?loading=${this._busy}>Turn off</wa-button>
              </form>`
            : this._enrolment
              ? this._enrol(this._enrolment)
              : html`<p>Off. With two-factor on, a stolen password alone cannot open your account.</p>
                <wa-button variant="brand" ?loading=${this._busy} @click=${this._start}>Set up two-factor</wa-button>`
        }
      </section>
    `;
  }
}
define('ll-security-page', SecurityPage);
