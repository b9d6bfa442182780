import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import { html, LitElement, nothing } from 'lit';
import { useSession, sessionOf } from '../../controllers/session.controller.ts';
import { ApiError } from '../../session.ts';
import { formStyles } from '../form.styles.ts';

/**
 * What every one-form page shares: the session, a busy flag, an error callout with role="alert", and
 * `submit(handler)` that reads the form and turns problem+json answers into that callout.
 */
export class FormPage extends LitElement {
  static override styles = formStyles;
  static override properties = { _error: { state: true }, _busy: { state: true }, _note: { state: true } };
  declare _error: string;
  declare _busy: boolean;
  declare _note: string;
  protected readonly sessionRef = useSession(this);

  constructor() {
    super();
    this._error = '';
    this._busy = false;
    this._note = '';
  }

  protected get session() {
    return sessionOf(this.sessionRef);
  }

  protected submit(handler: (values: Record<string, string>) => Promise<void>) {
    return async (e: SubmitEvent) => {
      e.preventDefault();
      const form = e.target as HTMLFormElement;
      const values = Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v)]));
      this._busy = true;
      this._error = '';
      try {
        await handler(values);
      } catch (err) {
        this._error = err instanceof ApiError ? err.explanation : 'Something went wrong. Try again.';
      } finally {
        this._busy = false;
      }
    };
  }

  protected renderMessages() {
    return html`${this._error ? html`<wa-callout variant="danger" role="alert">${this._error}</wa-callout>` : nothing}
    ${this._note ? html`<wa-callout variant="success" role="status">${this._note}</wa-callout>` : nothing}`;
  }
}

/** Where to go after signing in: `?next=` when it is a console path (never another site). */
export function nextPath(fallback: string): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && /^\/app\/[\w\-/?=&%.]*$/.test(next) ? next : fallback;
}
