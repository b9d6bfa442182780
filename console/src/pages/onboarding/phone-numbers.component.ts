import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import { css, html, LitElement, nothing } from 'lit';
import { apiOf, ok, problemText } from '../../api.ts';
import { announce } from '../../announce.ts';
import { sessionOf, useSession } from '../../controllers/session.controller.ts';

/** What the server answers for numbers (its search route passes Twilio's list through, reduced). */
interface Attached {
  id: string;
  e164: string;
  label: string | null;
}
interface ForSale {
  e164: string;
  friendlyName: string;
  locality: string | null;
  region: string | null;
}

/**
 * `<ll-phone-numbers>`: the numbers that ring this receptionist; search numbers for sale by area code
 * and buy one, or connect a number the business already has on Leadline's Twilio account.
 */
export class PhoneNumbers extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: var(--wa-space-s);
    }
    form {
      display: flex;
      flex-wrap: wrap;
      gap: var(--wa-space-s);
      align-items: end;
    }
    ul {
      margin: 0;
      padding-inline-start: var(--wa-space-l);
    }
    .for-sale li {
      display: flex;
      flex-wrap: wrap;
      gap: var(--wa-space-s);
      align-items: center;
      margin-block: var(--wa-space-2xs);
    }
    h3 {
      font-size: var(--wa-font-size-m);
      margin: var(--wa-space-s) 0 0;
    }
  `;
  static override properties = {
    businessId: { attribute: false },
    _numbers: { state: true },
    _forSale: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };
  declare businessId: string;
  declare _numbers: Attached[];
  declare _forSale: ForSale[] | null;
  declare _error: string;
  declare _busy: boolean;
  private readonly _session = useSession(this);

  constructor() {
    super();
    this.businessId = '';
    this._numbers = [];
    this._forSale = null;
    this._error = '';
    this._busy = false;
  }

  private get _api() {
    return apiOf(sessionOf(this._session));
  }
  private get _path() {
    return { params: { path: { id: this.businessId } } };
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('businessId') && this.businessId) void this._load();
  }

  private async _load() {
    const page = (await ok(
      this._api.GET('/api/v1/businesses/{id}/phone-numbers', {
        ...this._path,
        params: { ...this._path.params, query: { limit: 100 } },
      }),
    )) as { items: Attached[] };
    this._numbers = page.items;
  }

  private async _run(work: () => Promise<void>) {
    this._busy = true;
    this._error = '';
    try {
      await work();
    } catch (err) {
      this._error = problemText(err);
    } finally {
      this._busy = false;
    }
  }

  private _search(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const areaCode = Number(data.get('areaCode'));
    const contains = String(data.get('contains') ?? '').trim();
    return this._run(async () => {
      const r = (await ok(
        this._api.POST('/api/v1/businesses/{id}/phone-numbers/search', {
          ...this._path,
          body: { ...(areaCode ? { areaCode } : {}), ...(contains ? { contains } : {}), limit: 5 },
        }),
      )) as { items: ForSale[] };
      this._forSale = r.items;
      announce(this, r.items.length ? `${r.items.length} numbers found.` : 'No numbers found; try another area code.');
    });
  }

  private _buy(n: ForSale) {
    return this._run(async () => {
      await ok(
        this._api.POST('/api/v1/businesses/{id}/phone-numbers/purchase', { ...this._path, body: { e164: n.e164 } }),
      );
      this._forSale = null;
      await this._load();
      announce(this, `${n.friendlyName} is yours: calls to it now reach your receptionist.`);
    });
  }

  private _connect(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const e164 = String(new FormData(form).get('own') ?? '').trim();
    return this._run(async () => {
      await ok(this._api.POST('/api/v1/businesses/{id}/phone-numbers', { ...this._path, body: { e164 } }));
      form.reset();
      await this._load();
      announce(this, `${e164} connected.`);
    });
  }

  override render() {
    return html`
      ${this._error ? html`<p role="alert">${this._error}</p>` : nothing}
      ${
        this._numbers.length
          ? html`<p>Calls to these numbers reach your receptionist:</p>
              <ul class="numbers">${this._numbers.map((n) => html`<li>${n.e164}${n.label ? ` (${n.label})` : ''}</li>`)}</ul>`
          : html`<p>No number yet: choose one below, or connect one you have.</p>`
      }
      <h3>Choose a new number</h3>
      <form @submit=${this._search}>
        <wa-input name="areaCode" label="Area code" inputmode="numeric" pattern="[0-9]{3}" maxlength="3" placeholder="512"></wa-input>
        <wa-input name="contains" label="Digits it should contain (optional)" inputmode="numeric"></wa-input>
        <wa-button type="submit" ?loading=${this._busy}>Search numbers</wa-button>
      </form>
      ${
        this._forSale?.length
          ? html`<ul class="for-sale" aria-label="Numbers for sale">
              ${this._forSale.map(
                (n) => html`<li>
                  <span>${n.friendlyName}${n.locality ? ` · ${n.locality}, ${n.region ?? ''}` : ''}</span>
                  <wa-button size="small" variant="brand" ?disabled=${this._busy} @click=${() => this._buy(n)}>Buy ${n.friendlyName}</wa-button>
                </li>`,
              )}
            </ul>`
          : nothing
      }
      <h3>Connect a number you have</h3>
      <form @submit=${this._connect}>
        <wa-input name="own" label="Your number (E.164, e.g. +15125550100)" required></wa-input>
        <wa-button type="submit" ?loading=${this._busy}>Connect number</wa-button>
      </form>
    `;
  }
}
customElements.get('ll-phone-numbers') || customElements.define('ll-phone-numbers', PhoneNumbers);
