import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/button/button.js';
import { css, html, LitElement, nothing } from 'lit';
import type { paths } from '../../../../client/generated/leadline-api.ts';
import { apiOf, ok, problemText } from '../../api.ts';
import { sessionOf, useSession } from '../../controllers/session.controller.ts';
import { when } from '../../format.ts';

type Page = paths['/api/v1/businesses/{id}/callback-requests']['get']['responses'][200]['content']['application/json'];
type Item = Page['items'][number];

/** Pure: a callback's status in words (the stored names are for code). */
export const statusText = (s: string) =>
  ({
    queued: 'Waiting to call',
    calling: 'Calling now',
    ringing: 'Ringing',
    in_conversation: 'On the phone',
    completed: 'Called back',
    no_answer: 'No answer',
    failed: 'Could not call',
  })[s] ?? s.replace(/_/g, ' ');

/**
 * `<ll-callback-list>`: the website's callback requests, newest first, "Load more" for older ones. The
 * reason is what a visitor typed: it is rendered as text (Lit escapes it), never as markup.
 */
export class CallbackList extends LitElement {
  static override styles = css`
    .table {
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: start;
      vertical-align: top;
      padding: var(--wa-space-xs) var(--wa-space-s);
      border-bottom: var(--wa-border-width-s) solid var(--wa-color-surface-border);
    }
    td.reason {
      overflow-wrap: anywhere;
      max-width: 18rem;
    }
    a {
      color: var(--wa-color-text-link);
    }
    @media (max-width: 40rem) {
      thead {
        display: none;
      }
      tr,
      td {
        display: block;
      }
      td.reason {
        max-width: none;
      }
    }
  `;
  static override properties = {
    businessId: { attribute: false },
    _items: { state: true },
    _next: { state: true },
    _error: { state: true },
  };
  declare businessId: string;
  declare _items: Item[] | null;
  declare _next: string | null;
  declare _error: string;
  private readonly _session = useSession(this);

  constructor() {
    super();
    this.businessId = '';
    this._items = null;
    this._next = null;
    this._error = '';
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('businessId') && this.businessId) void this._load();
  }

  private async _load(cursor?: string) {
    try {
      const page = await ok(
        apiOf(sessionOf(this._session)).GET('/api/v1/businesses/{id}/callback-requests', {
          params: { path: { id: this.businessId }, query: { limit: 25, ...(cursor ? { cursor } : {}) } },
        }),
      );
      this._items = cursor ? [...(this._items ?? []), ...page.items] : page.items;
      this._next = page.next;
    } catch (err) {
      this._error = problemText(err);
    }
  }

  override render() {
    if (this._error) return html`<p role="alert">${this._error}</p>`;
    if (!this._items) return html`<p>Loading…</p>`;
    if (!this._items.length) return html`<p>No callback requests yet.</p>`;
    return html`<div class="table">
        <table>
          <thead><tr><th scope="col">Asked at</th><th scope="col">Visitor</th><th scope="col">Status</th><th scope="col">Reason</th></tr></thead>
          <tbody>
            ${this._items.map(
              (c) => html`<tr>
                <td>${when(c.createdAt)}</td>
                <td>${c.name}<br />${c.phone}</td>
                <td>
                  ${statusText(c.status)}${c.attempts > 1 ? html`, ${c.attempts} attempts` : nothing}
                  ${c.callIds[0] ? html`<br /><a href="/app/calls/${c.callIds[0]}">The call</a>` : nothing}
                </td>
                <td class="reason">${c.reason ?? ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this._next ? html`<wa-button appearance="outlined" @click=${() => this._load(this._next!)}>Load more</wa-button>` : nothing}`;
  }
}
customElements.get('ll-callback-list') || customElements.define('ll-callback-list', CallbackList);
