import { html } from 'lit';
import { navigate } from '../../navigate.ts';
import { ok, publicClient } from '../../session.ts';
import { FormPage } from './form-page.ts';

export class ResetPage extends FormPage {
  static override properties = { ...FormPage.properties, _email: { state: true } };
  declare _email: string;

  constructor() {
    super();
    this._email = '';
  }

  override render() {
    if (!this._email)
      return html`
        <h1>Reset your password</h1>
        <form @submit=${this.submit(async (v) => {
          ok(await publicClient.POST('/api/v1/auth/password-reset/request', { body: { email: v.email ?? '' } }));
          this._email = v.email ?? '';
          this._note = 'If an account has this address, a code is on its way.';
        })}>
          ${this.renderMessages()}
          <wa-input name="email" type="email" label="E-mail" autocomplete="username" required></wa-input>
          <wa-button type="submit" variant="brand" ?loading=${this._busy}>Send a code</wa-button>
        </form>
        <p class="links"><a href="/app/login">Back to log in</a></p>
      `;
    return html`
      <h1>Choose a new password</h1>
      <form @submit=${this.submit(async (v) => {
        ok(
          await publicClient.POST('/api/v1/auth/password-reset/confirm', {
            body: { email: this._email, code: v.code ?? '', newPassword: v.newPassword ?? '' },
          }),
        );
        await this.session.login(this._email, v.newPassword ?? '');
        navigate(this.session.businessId ? '/app/inbox' : '/app/onboarding');
      })}>
        ${this.renderMessages()}
        <wa-input name="code" label="Code from the e-mail" inputmode="numeric" autocomplete="one-time-code" required></wa-input>
        <wa-input name="newPassword" type="password" label="New password" autocomplete="new-password" required></wa-input>
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>Set password</wa-button>
      </form>
    `;
  }
}
