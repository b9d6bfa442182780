import { html } from 'lit';
import { navigate } from '../../navigate.ts';
import { FormPage } from './form-page.ts';

export class SignupPage extends FormPage {
  override render() {
    return html`
      <h1>Create your Leadline account</h1>
      <form @submit=${this.submit(async (v) => {
        await this.session.signup(v.email ?? '', v.password ?? '', v.name ?? '');
        navigate('/app/verify-email');
      })}>
        ${this.renderMessages()}
        <wa-input name="name" label="Your name" autocomplete="name" required></wa-input>
        <wa-input name="email" type="email" label="E-mail" autocomplete="email" required></wa-input>
        <wa-input name="password" type="password" label="Password" autocomplete="new-password" hint="At least 10 characters" required></wa-input>
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>Create account</wa-button>
      </form>
      <p class="links"><a href="/app/login">I already have an account</a></p>
    `;
  }
}
