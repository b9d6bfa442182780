import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/textarea/textarea.js';
import { css, html, LitElement } from 'lit';
import { repeat } from 'lit/directives/repeat.js';

export interface RowField {
  key: string;
  label: string;
  type?: 'text' | 'date' | 'textarea';
  required?: boolean;
  hint?: string;
}
export type Row = Record<string, string>;

let seq = 0;

/**
 * `<ll-row-list>`: an editable list of small records (FAQ entries, closed dates, capture fields), one
 * labelled group per row with a named Remove button, and an Add button that moves focus to the new row.
 * `rows` is the value; a `change` event follows every edit.
 */
export class RowList extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: var(--wa-space-s);
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: var(--wa-space-s);
    }
    li {
      display: grid;
      /* Two fields a row (every list here has two); a third would wrap onto the next line. */
      grid-template-columns: repeat(2, minmax(0, 1fr)) auto;
      gap: var(--wa-space-s);
      align-items: end;
      padding-bottom: var(--wa-space-s);
      border-bottom: var(--wa-border-width-s) solid var(--wa-color-surface-border);
    }
    .empty {
      color: var(--wa-color-text-quiet);
      margin: 0;
    }
    @media (max-width: 40rem) {
      li {
        grid-template-columns: 1fr;
      }
    }
  `;
  static override properties = {
    fields: { attribute: false },
    rows: { attribute: false },
    itemName: { attribute: 'item-name' },
    emptyText: { attribute: 'empty-text' },
  };
  declare fields: RowField[];
  declare rows: Row[];
  declare itemName: string;
  declare emptyText: string;
  /** Stable keys so a removal does not move typed text into the wrong row. */
  private _ids = new WeakMap<Row, number>();

  constructor() {
    super();
    this.fields = [];
    this.rows = [];
    this.itemName = 'item';
    this.emptyText = 'None yet.';
  }

  private _id(r: Row) {
    let id = this._ids.get(r);
    if (id === undefined) {
      id = ++seq;
      this._ids.set(r, id);
    }
    return id;
  }

  private _changed(rows: Row[]) {
    this.rows = rows;
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  private _edit(row: Row, key: string, value: string) {
    // Same object, edited in place: keeps its id (and its inputs) while the owner types.
    row[key] = value;
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  private async _add() {
    this._changed([...this.rows, Object.fromEntries(this.fields.map((f) => [f.key, '']))]);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('li:last-child [data-first]')?.focus();
  }

  private async _remove(row: Row) {
    const i = this.rows.indexOf(row);
    this._changed(this.rows.filter((r) => r !== row));
    await this.updateComplete;
    // Focus stays in the list: the row that took its place, else the Add button.
    const items = this.renderRoot.querySelectorAll<HTMLElement>('li [data-first]');
    (items[Math.min(i, items.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('.add'))?.focus();
  }

  private _field(row: Row, f: RowField, n: number, first: boolean) {
    const label = `${f.label} (${this.itemName} ${n})`;
    const on = (e: Event) => this._edit(row, f.key, (e.target as HTMLInputElement).value);
    return f.type === 'textarea'
      ? html`<wa-textarea label=${label} rows="2" .value=${row[f.key] ?? ''} ?required=${f.required} ?data-first=${first} @input=${on}></wa-textarea>`
      : html`<wa-input type=${f.type ?? 'text'} label=${label} hint=${f.hint ?? ''} .value=${row[f.key] ?? ''} ?required=${f.required} ?data-first=${first} @input=${on}></wa-input>`;
  }

  override render() {
    return html`
      ${this.rows.length ? '' : html`<p class="empty">${this.emptyText}</p>`}
      <ol>
        ${repeat(
          this.rows,
          (r) => this._id(r),
          (r, i) => html`<li>
            ${this.fields.map((f, k) => this._field(r, f, i + 1, k === 0))}
            <wa-button appearance="outlined" size="small" @click=${() => this._remove(r)}>Remove ${this.itemName} ${i + 1}</wa-button>
          </li>`,
        )}
      </ol>
      <div><wa-button class="add" appearance="outlined" @click=${this._add}>Add ${this.itemName}</wa-button></div>
    `;
  }
}
customElements.get('ll-row-list') || customElements.define('ll-row-list', RowList);
