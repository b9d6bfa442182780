import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/spinner/spinner.js';
import { type CSSResultGroup, html, LitElement, nothing } from 'lit';
import { announce } from '../announce.ts';
import { apiOf, problemText } from '../api.ts';
import { sessionOf, useSession } from '../controllers/session.controller.ts';
import { ownerStyles } from './owner.styles.ts';

/**
 * What the owner's settings pages share: the session and its typed client, the business shown, and
 * `act(done, fn)` that runs a change, shows a problem+json answer as an alert, and announces `done`.
 */
export class OwnerPage extends LitElement {
  static override styles: CSSResultGroup = ownerStyles;
  static override properties = { _error: { state: true }, _busy: { state: true } };
  declare _error: string;
  declare _busy: boolean;
  protected readonly sessionRef = useSession(this);

  constructor() {
    super();
    this._error = '';
    this._busy = false;
  }

  protected get session() {
    return sessionOf(this.sessionRef);
  }

  protected get api() {
    return apiOf(this.session);
  }

  protected get businessId(): string {
    return this.session.businessId ?? '';
  }

  protected async act(done: string, fn: () => Promise<unknown>): Promise<boolean> {
    this._busy = true;
    this._error = '';
    try {
      await fn();
      if (done) announce(this, done);
      return true;
    } catch (err) {
      this._error = problemText(err);
      return false;
    } finally {
      this._busy = false;
    }
  }

  protected renderError() {
    return this._error ? html`<wa-callout variant="danger" role="alert">${this._error}</wa-callout>` : nothing;
  }
}

/** Pure: a form's fields as strings. */
export const formValues = (form: HTMLFormElement) =>
  Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v)])) as Record<string, string>;

export const define = (tag: string, c: CustomElementConstructor) =>
  customElements.get(tag) || customElements.define(tag, c);
