import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/copy-button/copy-button.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import { html, nothing } from 'lit';
import { ok } from '../../api.ts';
import { when } from '../../format.ts';
import { define, formValues, OwnerPage } from '../owner-page.ts';
import { AuditLog } from './audit-log.component.ts';
import {
  type ApiKeyRow,
  type InviteRow,
  type MemberRow,
  type NewApiKey,
  type Page,
  ROLE_NAMES,
  type Role,
  SCOPE_NAMES,
  type Scope,
} from './team.types.ts';

/** `<ll-team-page>`: members and their roles, invitations, API keys (shown once), and the audit log. */
export class TeamPage extends OwnerPage {
  static override properties = {
    ...OwnerPage.properties,
    _members: { state: true },
    _invites: { state: true },
    _keys: { state: true },
    _newKey: { state: true },
    _loaded: { state: true },
  };
  declare _members: MemberRow[];
  declare _invites: InviteRow[];
  declare _keys: ApiKeyRow[];
  declare _newKey: NewApiKey | null;
  declare _loaded: boolean;

  constructor() {
    super();
    this._members = [];
    this._invites = [];
    this._keys = [];
    this._newKey = null;
    this._loaded = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.act('', () => this._load()).then(() => {
      this._loaded = true;
    });
  }

  private get _path() {
    return { params: { path: { id: this.businessId }, query: { limit: 100 } } };
  }

  private async _load() {
    const [members, invites, keys] = await Promise.all([
      ok(this.api.GET('/api/v1/businesses/{id}/members', this._path)),
      ok(this.api.GET('/api/v1/businesses/{id}/invites', this._path)),
      ok(this.api.GET('/api/v1/businesses/{id}/api-keys', this._path)),
    ]);
    this._members = (members as Page<MemberRow>).items;
    this._invites = (invites as Page<InviteRow>).items;
    this._keys = (keys as Page<ApiKeyRow>).items;
  }

  private _invite = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const v = formValues(form);
    const done = await this.act(`Invitation sent to ${v.email}`, async () => {
      await ok(
        this.api.POST('/api/v1/businesses/{id}/members', {
          params: { path: { id: this.businessId } },
          body: { email: v.email ?? '', role: (v.role || 'member') as Role },
        }),
      );
      await this._load();
    });
    if (done) form.reset();
  };

  private _withdraw(inv: InviteRow) {
    return this.act(`Invitation to ${inv.email} withdrawn`, async () => {
      await ok(
        this.api.DELETE('/api/v1/businesses/{id}/invites/{inviteId}', {
          params: { path: { id: this.businessId, inviteId: inv.id } },
        }),
      );
      await this._load();
    });
  }

  private _changeRole(m: MemberRow, role: Role) {
    if (role === m.role) return;
    return this.act(`${m.name ?? m.email} is now ${ROLE_NAMES[role]}`, async () => {
      await ok(
        this.api.PATCH('/api/v1/businesses/{id}/members/{accountId}', {
          params: { path: { id: this.businessId, accountId: m.accountId } },
          body: { role },
        }),
      ).finally(() => this._load());
    });
  }

  private _remove(m: MemberRow) {
    return this.act(`${m.name ?? m.email} removed from the team`, async () => {
      await ok(
        this.api.DELETE('/api/v1/businesses/{id}/members/{accountId}', {
          params: { path: { id: this.businessId, accountId: m.accountId } },
        }),
      );
      await this._load();
    });
  }

  private _createKey = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const v = formValues(form);
    const done = await this.act('API key created: copy it now, it is shown only once', async () => {
      this._newKey = (await ok(
        this.api.POST('/api/v1/businesses/{id}/api-keys', {
          params: { path: { id: this.businessId } },
          body: { name: v.name ?? '', scope: (v.scope || 'read') as Scope },
        }),
      )) as NewApiKey;
      await this._load();
    });
    if (done) form.reset();
  };

  private _revoke(k: ApiKeyRow) {
    return this.act(`API key ${k.name} revoked`, async () => {
      await ok(
        this.api.DELETE('/api/v1/businesses/{id}/api-keys/{keyId}', {
          params: { path: { id: this.businessId, keyId: k.id } },
        }),
      );
      if (this._newKey?.id === k.id) this._newKey = null;
      await this._load();
    });
  }

  private _roleOptions() {
    return (Object.keys(ROLE_NAMES) as Role[]).map((r) => html`<wa-option value=${r}>${ROLE_NAMES[r]}</wa-option>`);
  }

  private _membersTable() {
    const me = this.session.me?.id;
    return html`<div class="table"><table>
      <thead><tr><th scope="col">Member</th><th scope="col">Role</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${this._members.map(
          (m) => html`<tr>
            <td>${m.name ?? m.email}<br /><span class="quiet">${m.name ? m.email : ''}</span></td>
            <td>
              <wa-select
                size="small"
                label=${`Role of ${m.name ?? m.email}`}
                value=${m.role}
                ?disabled=${m.accountId === me}
                @change=${(e: Event) => this._changeRole(m, (e.target as HTMLSelectElement).value as Role)}
              >${this._roleOptions()}</wa-select>
            </td>
            <td>${
              m.accountId === me
                ? html`<span class="quiet">You</span>`
                : html`<wa-button size="small" variant="danger" appearance="outlined" @click=${() => this._remove(m)}>Remove ${m.name ?? m.email}</wa-button>`
            }</td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  private _keysSection() {
    const k = this._newKey;
    return html`<section aria-labelledby="h-keys">
      <h2 id="h-keys">API keys</h2>
      <p class="quiet">For your own scripts and integrations. A key acts for this business with the scope you give it.</p>
      <form @submit=${this._createKey} aria-label="Create an API key">
        <wa-input name="name" label="Key name" required maxlength="60"></wa-input>
        <wa-select name="scope" label="Scope" value="read">
          ${(Object.keys(SCOPE_NAMES) as Scope[]).map((s) => html`<wa-option value=${s}>${SCOPE_NAMES[s]}</wa-option>`)}
        </wa-select>
        <wa-button type="submit" variant="brand" ?loading=${this._busy}>Create key</wa-button>
      </form>
      ${
        k
          ? html`<wa-callout variant="warning" class="new-key">
              <strong>Your new key “${k.name}”.</strong> Copy it now: it will not be shown again.
              <div class="row"><code class="secret" id="new-key">${k.key}</code>
              <wa-copy-button value=${k.key} copy-label="Copy the key" success-label="Copied"></wa-copy-button></div>
            </wa-callout>`
          : nothing
      }
      ${
        this._keys.length
          ? html`<div class="table"><table>
              <thead><tr><th scope="col">Name</th><th scope="col">Scope</th><th scope="col" class="wide">Last used</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>
                ${this._keys.map(
                  (key) => html`<tr>
                    <td>${key.name} <code>${key.prefix}…</code></td>
                    <td>${key.scope}</td>
                    <td class="wide">${key.lastUsedAt ? when(key.lastUsedAt) : 'never'}</td>
                    <td>${
                      key.revokedAt
                        ? html`<wa-badge variant="neutral">Revoked</wa-badge>`
                        : html`<wa-button size="small" variant="danger" appearance="outlined" @click=${() => this._revoke(key)}>Revoke ${key.name}</wa-button>`
                    }</td>
                  </tr>`,
                )}
              </tbody>
            </table></div>`
          : html`<p>No API keys yet.</p>`
      }
    </section>`;
  }

  override render() {
    if (!this._loaded)
      return html`<h1>Team</h1><wa-spinner aria-label="Loading team"></wa-spinner>${this.renderError()}`;
    return html`
      <h1>Team</h1>
      ${this.renderError()}
      <section aria-labelledby="h-members">
        <h2 id="h-members">Members</h2>
        ${this._membersTable()}
      </section>
      <section aria-labelledby="h-invite">
        <h2 id="h-invite">Invite someone</h2>
        <form @submit=${this._invite} aria-label="Invite by e-mail">
          <wa-input name="email" type="email" label="E-mail" required></wa-input>
          <wa-select name="role" label="Role" value="member">${this._roleOptions()}</wa-select>
          <wa-button type="submit" variant="brand" ?loading=${this._busy}>Send invitation</wa-button>
        </form>
        ${
          this._invites.length
            ? html`<h3>Waiting to be accepted</h3><ul>
                ${this._invites.map(
                  (i) => html`<li>${i.email} (${ROLE_NAMES[i.role]}), until ${when(i.expiresAt)}
                    <wa-button size="small" appearance="plain" @click=${() => this._withdraw(i)}>Withdraw invitation to ${i.email}</wa-button></li>`,
                )}
              </ul>`
            : nothing
        }
      </section>
      ${this._keysSection()}
      <section aria-labelledby="h-audit">
        <h2 id="h-audit">Audit log</h2>
        <ll-audit-log></ll-audit-log>
      </section>
    `;
  }
}
define('ll-audit-log', AuditLog);
define('ll-team-page', TeamPage);
