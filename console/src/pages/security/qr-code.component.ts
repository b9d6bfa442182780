import { QrCreator } from '@konnorr/qr-creator';
import { css, html, LitElement } from 'lit';

/**
 * `<ll-qr-code value=… label=…>`: a QR code drawn on a canvas, dark on white in either scheme (what
 * authenticator apps scan best). Web Awesome's <wa-qr-code> writes style attributes, which the console's
 * CSP refuses; its generator (a dependency of Web Awesome) draws here instead.
 */
export class QrCode extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
    }
    canvas {
      display: block;
      width: 200px;
      height: 200px;
      border: 8px solid #fff;
    }
  `;
  static override properties = { value: {}, label: {} };
  declare value: string;
  declare label: string;

  constructor() {
    super();
    this.value = '';
    this.label = '';
  }

  override updated() {
    const canvas = this.renderRoot.querySelector('canvas');
    if (canvas)
      QrCreator.render(
        { text: this.value, size: 400, fill: '#000', background: '#fff', ecLevel: 'M', radius: 0 },
        canvas,
      );
  }

  override render() {
    return html`<canvas role="img" aria-label=${this.label}></canvas>`;
  }
}
customElements.get('ll-qr-code') || customElements.define('ll-qr-code', QrCode);
