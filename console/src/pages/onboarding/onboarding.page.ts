import { html, LitElement } from 'lit';

export class Page extends LitElement {
  override render() {
    return html`<h1>onboarding</h1>`;
  }
}
customElements.get('ll-onboarding-page') || customElements.define('ll-onboarding-page', Page);
