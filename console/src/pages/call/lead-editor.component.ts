import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import '@awesome.me/webawesome/dist/components/textarea/textarea.js';
import { css, html, LitElement } from 'lit';
import { emit } from '../../emit.ts';
import type { LeadView } from './call.types.ts';

/** `<ll-lead-editor .lead=…>`: the extracted lead as a form; emits `lead-save` with the changed fields. */
export class LeadEditor extends LitElement {
  static override styles = css`
    form {
      display: flex;
      flex-direction: column;
      gap: var(--wa-space-s);
    }
    .row {
      display: flex;
      gap: var(--wa-space-s);
    }
  `;
  static override properties = { lead: { attribute: false }, busy: { type: Boolean } };
  declare lead: LeadView;
  declare busy: boolean;

  private _submit(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const changes: Record<string, string | null> = {};
    for (const key of ['name', 'phone', 'email', 'service', 'address', 'temperature', 'summary'] as const) {
      const v = String(data.get(key) ?? '').trim();
      const before = this.lead[key] ?? '';
      if (v !== before) changes[key] = v === '' && key !== 'summary' ? null : v;
    }
    emit(this, 'lead-save', { changes });
  }

  override render() {
    const l = this.lead;
    return html`<form @submit=${this._submit}>
      <wa-input name="name" label="Name" value=${l.name ?? ''}></wa-input>
      <wa-input name="phone" label="Phone (E.164, e.g. +15125550100)" value=${l.phone ?? ''}></wa-input>
      <wa-input name="email" type="email" label="E-mail" value=${l.email ?? ''}></wa-input>
      <wa-input name="service" label="Service" value=${l.service ?? ''}></wa-input>
      <wa-input name="address" label="Address" value=${l.address ?? ''}></wa-input>
      <wa-select name="temperature" label="Temperature" value=${l.temperature ?? ''}>
        <wa-option value="">Not set</wa-option>
        <wa-option value="Hot">Hot</wa-option>
        <wa-option value="Warm">Warm</wa-option>
        <wa-option value="Cold">Cold</wa-option>
      </wa-select>
      <wa-textarea name="summary" label="Summary" value=${l.summary} rows="3"></wa-textarea>
      <div class="row">
        <wa-button type="submit" variant="brand" ?loading=${this.busy}>Save lead</wa-button>
        <wa-button appearance="outlined" @click=${() => emit(this, 'lead-cancel', {})}>Cancel</wa-button>
      </div>
    </form>`;
  }
}
customElements.get('ll-lead-editor') || customElements.define('ll-lead-editor', LeadEditor);
