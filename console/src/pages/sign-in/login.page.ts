import { html } from 'lit';
import { navigate } from '../../navigate.ts';
import { FormPage, nextPath } from './form-page.ts';

export class LoginPage extends FormPage {
  override render() {
    return html`
      <h1>Log in to Leadline</h1>
      <form @submit=${this.submit(async (v) => {
        if ((await this.session.login(v.email ?? '', v.password ?? '')) === 'two-factor')
          return navigate(`/app/two-factor${location.search}`);
        navigate(nextPath(this.session.businessId ? '/app/inbox' : '/app/onboarding'));
      })}>
        ${this.renderMessages()}
        <wa-input name="email" type="email" label="E-mail" autocomplete="username" required></wa-input>
        <wa-input name="password" type="password" label="Password" autocomplete="current-password" required></wa-input>
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>Log in</wa-button>
      </form>
      <p class="links">
        <a href="/app/signup">Create an account</a>
        <a href="/app/reset-password">Forgot your password?</a>
      </p>
    `;
  }
}
