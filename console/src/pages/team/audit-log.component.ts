import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import { html } from 'lit';
import { ok } from '../../api.ts';
import { when } from '../../format.ts';
import { OwnerPage } from '../owner-page.ts';
import { AUDIT_ACTIONS, type AuditRow, type Page } from './team.types.ts';

const PAGE = 25;

/** Pure: one audit entry's details as a short line (its meta, without nesting). */
export function auditDetail(row: AuditRow): string {
  const meta = row.meta && typeof row.meta === 'object' ? (row.meta as Record<string, unknown>) : {};
  return Object.entries(meta)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

/** `<ll-audit-log>`: the shown business's audit log, newest first, a page at a time, by action. */
export class AuditLog extends OwnerPage {
  static override properties = {
    ...OwnerPage.properties,
    _rows: { state: true },
    _next: { state: true },
    _action: { state: true },
  };
  declare _rows: AuditRow[];
  declare _next: string | null;
  declare _action: string;

  constructor() {
    super();
    this._rows = [];
    this._next = null;
    this._action = '';
  }

  override connectedCallback() {
    super.connectedCallback();
    void this._fetch(false);
  }

  private _fetch(more: boolean) {
    return this.act(more ? 'Older entries loaded' : '', async () => {
      const page = (await ok(
        this.api.GET('/api/v1/businesses/{id}/audit-log', {
          params: {
            path: { id: this.businessId },
            query: {
              limit: PAGE,
              ...(this._action ? { action: this._action } : {}),
              ...(more && this._next ? { cursor: this._next } : {}),
            },
          },
        }),
      )) as Page<AuditRow>;
      this._rows = more ? [...this._rows, ...page.items] : page.items;
      this._next = page.next;
    });
  }

  private _filter = (e: Event) => {
    this._action = String((e.target as HTMLSelectElement).value ?? '');
    void this._fetch(false);
  };

  override render() {
    return html`
      ${this.renderError()}
      <div class="row">
        <wa-select label="Action" value=${this._action} @change=${this._filter}>
          <wa-option value="">All actions</wa-option>
          ${AUDIT_ACTIONS.map((a) => html`<wa-option value=${a}>${a}</wa-option>`)}
        </wa-select>
      </div>
      <div class="table"><table aria-label="Audit log">
        <thead><tr><th scope="col">When</th><th scope="col">Action</th><th scope="col" class="wide">Details</th></tr></thead>
        <tbody>
          ${this._rows.map(
            (r) =>
              html`<tr><td>${when(r.createdAt)}</td><td><code>${r.action}</code></td><td class="wide">${auditDetail(r)}</td></tr>`,
          )}
        </tbody>
      </table></div>
      ${this._rows.length === 0 ? html`<p>No entries${this._action ? ' for this action' : ''}.</p>` : ''}
      ${this._next ? html`<p><wa-button ?loading=${this._busy} @click=${() => this._fetch(true)}>Show older entries</wa-button></p>` : ''}
    `;
  }
}
