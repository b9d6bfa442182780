import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/spinner/spinner.js';
import { ContextProvider } from '@lit/context';
import { Router } from '@lit-labs/router';
import { html, LitElement, nothing } from 'lit';
import { navigate } from '../navigate.ts';
import { Session, sessionContext } from '../session.ts';
import { styles } from './console-shell.styles.ts';

type Loader = () => Promise<unknown>;

/** Chunks worth fetching at once for the address the console was opened at. */
const PREFETCH: [string, Loader][] = [
  ['/app/inbox', () => import('../pages/inbox/inbox.page.ts')],
  ['/app/calls/', () => import('../pages/call/call.page.ts')],
  ['/app/onboarding', () => import('../pages/onboarding/onboarding.page.ts')],
];

/** Pages that need a signed-in account. */
const PRIVATE =
  /^\/app\/(inbox|calls|onboarding|connections|widget|team|invite|security|billing|privacy|lists|do-not-call|campaigns)/;

/** The daily pages, shown as links on a wide screen. */
const PRIMARY: [string, string][] = [
  ['/app/inbox', 'Inbox'],
  ['/app/campaigns', 'Campaigns'],
  ['/app/lists', 'Lists'],
  ['/app/do-not-call', 'Do not call'],
  ['/app/connections', 'Connections'],
  ['/app/widget', 'Website widget'],
];
/** Set once and rarely again: a "Settings" menu on a wide screen. On a phone every page is in one "Menu". */
const SETTINGS: [string, string][] = [
  ['/app/onboarding', 'Set-up'],
  ['/app/team', 'Team'],
  ['/app/billing', 'Billing'],
  ['/app/privacy', 'Privacy'],
  ['/app/security', 'Security'],
];

/**
 * `<leadline-console>`: header, navigation, the router outlet and the polite live region that pages
 * announce through (`announce` event). Owns the session and provides it to every page.
 */
export class ConsoleShell extends LitElement {
  static override styles = styles;
  static override properties = { _message: { state: true }, _ready: { state: true } };
  declare _message: string;
  declare _ready: boolean;

  readonly session = new Session();

  readonly router = new Router(
    this,
    [
      { path: '/app', render: () => this._landing() },
      { path: '/app/', render: () => this._landing() },
      this._page(
        '/app/login',
        () => import('../pages/sign-in/sign-in.ts'),
        () => html`<ll-login-page></ll-login-page>`,
      ),
      this._page(
        '/app/signup',
        () => import('../pages/sign-in/sign-in.ts'),
        () => html`<ll-signup-page></ll-signup-page>`,
      ),
      this._page(
        '/app/verify-email',
        () => import('../pages/sign-in/sign-in.ts'),
        () => html`<ll-verify-page></ll-verify-page>`,
      ),
      this._page(
        '/app/reset-password',
        () => import('../pages/sign-in/sign-in.ts'),
        () => html`<ll-reset-page></ll-reset-page>`,
      ),
      this._page(
        '/app/onboarding',
        () => import('../pages/onboarding/onboarding.page.ts'),
        () => html`<ll-onboarding-page></ll-onboarding-page>`,
      ),
      this._page(
        '/app/inbox',
        () => import('../pages/inbox/inbox.page.ts'),
        () => html`<ll-inbox-page></ll-inbox-page>`,
      ),
      this._page(
        '/app/connections',
        () => import('../pages/connections/connections.page.ts'),
        () => html`<ll-connections-page></ll-connections-page>`,
      ),
      this._page(
        '/app/widget',
        () => import('../pages/widget-settings/widget-settings.page.ts'),
        () => html`<ll-widget-settings-page></ll-widget-settings-page>`,
      ),
      this._page(
        '/app/team',
        () => import('../pages/team/team.page.ts'),
        () => html`<ll-team-page></ll-team-page>`,
      ),
      this._page(
        '/app/invite',
        () => import('../pages/team/invite.page.ts'),
        () => html`<ll-invite-page></ll-invite-page>`,
      ),
      this._page(
        '/app/security',
        () => import('../pages/security/security.page.ts'),
        () => html`<ll-security-page></ll-security-page>`,
      ),
      this._page(
        '/app/two-factor',
        () => import('../pages/security/challenge.page.ts'),
        () => html`<ll-two-factor-page></ll-two-factor-page>`,
      ),
      this._page(
        '/app/billing',
        () => import('../pages/billing/billing.page.ts'),
        () => html`<ll-billing-page></ll-billing-page>`,
      ),
      this._page(
        '/app/privacy',
        () => import('../pages/privacy/privacy.page.ts'),
        () => html`<ll-privacy-page></ll-privacy-page>`,
      ),
      this._page(
        '/app/lists',
        () => import('../pages/lists/lists.page.ts'),
        () => html`<ll-lists-page></ll-lists-page>`,
      ),
      this._page(
        '/app/do-not-call',
        () => import('../pages/do-not-call/do-not-call.page.ts'),
        () => html`<ll-do-not-call-page></ll-do-not-call-page>`,
      ),
      this._page(
        '/app/campaigns',
        () => import('../pages/campaigns/campaigns.page.ts'),
        () => html`<ll-campaigns-page></ll-campaigns-page>`,
      ),
      this._page(
        '/app/campaigns/new',
        () => import('../pages/campaigns/campaign-new.page.ts'),
        () => html`<ll-campaign-new-page></ll-campaign-new-page>`,
      ),
      this._page(
        '/app/campaigns/:id',
        () => import('../pages/campaigns/campaign.page.ts'),
        (p) => html`<ll-campaign-page .campaignId=${p.id ?? ''}></ll-campaign-page>`,
      ),
      this._page(
        '/app/calls/:id',
        () => import('../pages/call/call.page.ts'),
        (p) => html`<ll-call-page .callId=${p.id ?? ''}></ll-call-page>`,
      ),
    ],
    { fallback: { render: () => html`<h1>Not found</h1><p><a href="/app/">Go to the console</a></p>` } },
  );

  constructor() {
    super();
    this._message = '';
    this._ready = false;
    new ContextProvider(this, { context: sessionContext, initialValue: this.session });
  }

  override connectedCallback() {
    super.connectedCallback();
    this.addEventListener('announce', (e) => this._announce((e as CustomEvent<string>).detail));
    this.session.addEventListener('change', () => this.requestUpdate());
    // The page's chunk downloads while the session is restored, not after; so do the nav's menus (a chunk
    // of their own, with the popup positioning: not part of the first load).
    void import('@awesome.me/webawesome/dist/components/dropdown/dropdown.js').catch(() => {});
    for (const [prefix, load] of PREFETCH) if (location.pathname.startsWith(prefix)) void load().catch(() => {});
    void this.session.restore().then(() => {
      this._ready = true;
      // The first route was entered before the session was known: enter it again.
      void this.router.goto(location.pathname);
    });
  }

  private _page(path: string, load: Loader, render: (p: Record<string, string | undefined>) => unknown) {
    return {
      path,
      render,
      enter: async () => {
        if (!this._ready) return true; // renders the spinner below until restore() settles
        if (PRIVATE.test(location.pathname) && !this.session.signedIn) {
          navigate(`/app/login?next=${encodeURIComponent(location.pathname + location.search)}`);
          return false;
        }
        await load();
        return true;
      },
    };
  }

  private _landing() {
    if (!this._ready) return nothing;
    queueMicrotask(() => {
      if (!this.session.signedIn) navigate('/app/login');
      else navigate(this.session.businessId ? '/app/inbox' : '/app/onboarding');
    });
    return nothing;
  }

  private _announce(text: string) {
    // Cleared first so the same message twice is announced twice.
    this._message = '';
    requestAnimationFrame(() => {
      this._message = text;
    });
  }

  /** A menu item was chosen (click, Enter or Space): go there as a link would. */
  private _go(e: CustomEvent<{ item: Element }>) {
    const to = e.detail.item.getAttribute('value');
    if (to) navigate(to);
  }

  private async _logout() {
    await this.session.logout();
    navigate('/app/login');
  }

  override render() {
    const here = location.pathname;
    const cur = (p: string) => (here.startsWith(p) ? 'page' : undefined);
    const me = this.session.me;
    const item = ([p, l]: [string, string]) =>
      html`<wa-dropdown-item value=${p} aria-current=${cur(p) ?? nothing}>${l}</wa-dropdown-item>`;
    return html`
      <header>
        <a class="brand" href="/app/">Leadline</a>
        ${
          me
            ? html`<nav aria-label="Main">
                <span class="links">${PRIMARY.map(([p, l]) => html`<a href=${p} aria-current=${cur(p) ?? nothing}>${l}</a>`)}</span>
                <wa-dropdown class="settings" @wa-select=${this._go}>
                  <wa-button slot="trigger" size="small" appearance="plain" with-caret>Settings</wa-button>
                  ${SETTINGS.map(item)}
                </wa-dropdown>
                <wa-dropdown class="menu" @wa-select=${this._go}>
                  <wa-button slot="trigger" size="small" appearance="outlined" with-caret>Menu</wa-button>
                  ${[...PRIMARY, ...SETTINGS].map(item)}
                </wa-dropdown>
              </nav>
              <wa-button size="small" appearance="outlined" @click=${this._logout}>Sign out</wa-button>`
            : nothing
        }
      </header>
      <main id="main">${this._ready ? this.router.outlet() : html`<wa-spinner aria-label="Loading"></wa-spinner>`}</main>
      <div id="announcer" class="sr-only" role="status" aria-live="polite">${this._message}</div>
    `;
  }
}
