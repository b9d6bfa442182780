import { html, nothing } from 'lit';
import { ok } from '../../api.ts';
import { navigate } from '../../navigate.ts';
import { formStyles } from '../form.styles.ts';
import { define, OwnerPage } from '../owner-page.ts';

/**
 * `<ll-invite-page>` at /app/invite?token=…, where the invitation e-mail leads: the invitee (signed in as
 * the invited address; the shell sends them to log in first) accepts and lands in the business's inbox.
 */
export class InvitePage extends OwnerPage {
  static override styles = [OwnerPage.styles, formStyles];
  static override properties = { ...OwnerPage.properties, _joined: { state: true } };
  declare _joined: string;

  constructor() {
    super();
    this._joined = '';
  }

  private get _token() {
    return new URLSearchParams(location.search).get('token') ?? '';
  }

  private _accept = async (e: SubmitEvent) => {
    e.preventDefault();
    await this.act('Invitation accepted', async () => {
      const joined = (await ok(this.api.POST('/api/v1/invites/accept', { body: { token: this._token } }))) as {
        businessId: string;
        name: string;
      };
      this._joined = joined.name;
      await this.session.refreshMe();
      navigate('/app/inbox');
    });
  };

  override render() {
    const me = this.session.me;
    return html`
      <h1>Accept your invitation</h1>
      ${this.renderError()}
      ${
        this._token
          ? html`<p>You are signed in as <strong>${me?.email}</strong>. The invitation must be for this address, and the address must be verified.</p>
            ${me && !me.emailVerified ? html`<wa-callout variant="warning">Verify your e-mail first: <a href="/app/verify-email">verify now</a>, then come back to this link.</wa-callout>` : nothing}
            <form @submit=${this._accept}>
              <wa-button type="submit" variant="brand" ?loading=${this._busy}>Join the team</wa-button>
            </form>`
          : html`<p>This link has no invitation in it. Open the link from your invitation e-mail again.</p>`
      }
    `;
  }
}
define('ll-invite-page', InvitePage);
