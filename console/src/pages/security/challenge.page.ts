import { html } from 'lit';
import { navigate } from '../../navigate.ts';
import { FormPage, nextPath } from '../sign-in/form-page.ts';

/**
 * `<ll-two-factor-page>` at /app/two-factor: the log-in's second step, after the password was right for
 * an account with two-factor on. Takes a code from the authenticator app or one of the recovery codes.
 */
export class TwoFactorChallengePage extends FormPage {
  override render() {
    if (!this.session.pendingChallenge)
      return html`<h1>Two-factor check</h1><p>Start by <a href="/app/login${location.search}">logging in</a> with your e-mail and password.</p>`;
    return html`
      <h1>Two-factor check</h1>
      <p>Enter the 6-digit code your authenticator app shows, or one of your recovery codes.</p>
      <form @submit=${this.submit(async (v) => {
        await this.session.loginTwoFactor((v.code ?? '').trim());
        navigate(nextPath(this.session.businessId ? '/app/inbox' : '/app/onboarding'));
      })}>
        ${this.renderMessages()}
        <wa-input name="code" label="Code" autocomplete="one-time-code" required minlength="6" maxlength="20" autofocus></wa-input>
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>Verify and log in</wa-button>
      </form>
      <p class="links"><a href="/app/login${location.search}">Start again</a></p>
    `;
  }
}
customElements.get('ll-two-factor-page') || customElements.define('ll-two-factor-page', TwoFactorChallengePage);
