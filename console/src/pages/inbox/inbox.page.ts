import { html, LitElement } from 'lit';

export class Page extends LitElement {
  override render() {
    return html`<h1>inbox</h1>`;
  }
}
customElements.get('ll-inbox-page') || customElements.define('ll-inbox-page', Page);
