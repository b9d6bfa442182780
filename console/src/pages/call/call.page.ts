import { html, LitElement } from 'lit';

export class Page extends LitElement {
  override render() {
    return html`<h1>call</h1>`;
  }
}
customElements.get('ll-call-page') || customElements.define('ll-call-page', Page);
