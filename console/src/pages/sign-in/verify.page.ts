import { html } from 'lit';
import { navigate } from '../../navigate.ts';
import { ok } from '../../session.ts';
import { FormPage } from './form-page.ts';

export class VerifyPage extends FormPage {
  private _resend = async () => {
    this._error = '';
    try {
      ok(await this.session.client.POST('/api/v1/auth/verify-email/request'));
      this._note = 'A new code is on its way.';
    } catch (err) {
      this._error = (err as Error).message;
    }
  };

  override render() {
    return html`
      <h1>Check your e-mail</h1>
      <p>We sent a 6-digit code to ${this.session.me?.email ?? 'your address'}.</p>
      <form @submit=${this.submit(async (v) => {
        ok(await this.session.client.POST('/api/v1/auth/verify-email/confirm', { body: { code: v.code ?? '' } }));
        await this.session.refreshMe();
        navigate(this.session.businessId ? '/app/inbox' : '/app/onboarding');
      })}>
        ${this.renderMessages()}
        <wa-input name="code" label="Code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required></wa-input>
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>Verify</wa-button>
      </form>
      <p class="links"><wa-button appearance="plain" @click=${this._resend}>Send a new code</wa-button></p>
    `;
  }
}
