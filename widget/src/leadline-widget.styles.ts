import { css } from 'lit';

/**
 * Themable only through `--leadline-*` custom properties and `::part()`. Lit adopts these as constructable
 * stylesheets, which a strict CSP (`style-src 'none'`) allows: no <style> elements, no style attributes.
 * Light/dark: `color-scheme` plus the system colors Canvas/CanvasText follow `prefers-color-scheme` by
 * themselves (and native inputs with them); `theme="light|dark"` pins one. This costs a fraction of the
 * bytes of two hand-written palettes, which matters inside the 12 KB budget.
 */
export const styles = css`
  :host {
    --_a: var(--leadline-accent, var(--leadline-config-accent, #2563eb));
    --_e: var(--leadline-danger, #c62828);
    --_r: var(--leadline-radius, 12px);
    --_z: var(--leadline-z-index, 2147483000);
    --_o: var(--leadline-offset, 16px);
    color-scheme: light dark;
    font: 15px/1.45 var(--leadline-font, system-ui, sans-serif);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
    --_e: var(--leadline-danger, #ff8a80);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_e: var(--leadline-danger, #ff8a80);
    }
  }
  * {
    font: inherit;
    margin: 0;
  }
  .panel {
    background: var(--leadline-bg, Canvas);
    color: var(--leadline-fg, CanvasText);
    border: 1px solid #8888;
    border-radius: var(--_r);
    padding: 16px;
    display: grid;
    gap: 8px;
  }
  /* Mobile first: a floating panel is a bottom sheet, a card from 480px up; always above the launcher. */
  :host([mode='floating']) .panel {
    position: fixed;
    inset: auto 0 0;
    max-height: 90vh;
    overflow: auto;
    z-index: calc(var(--_z) + 1);
  }
  @media (min-width: 480px) {
    :host([mode='floating']) .panel {
      inset: auto var(--_o) calc(var(--_o) + 64px) auto;
      width: 360px;
      max-height: calc(100vh - 96px);
    }
  }
  [hidden] {
    display: none;
  }
  .btn {
    border: 0;
    border-radius: var(--_r);
    padding: 12px 18px;
    background: var(--_a);
    color: var(--leadline-on-accent, #fff);
    font-weight: 600;
  }
  .launcher {
    position: fixed;
    right: var(--_o);
    bottom: var(--_o);
    z-index: var(--_z);
  }
  .head {
    display: flex;
    justify-content: space-between;
  }
  h2 {
    font-size: 1.2em;
    font-weight: 700;
  }
  .close {
    border: 0;
    background: none;
    color: inherit;
    font-size: 24px;
  }
  .hours::before {
    content: '● ';
    color: #888;
  }
  .open::before {
    color: #2a5;
  }
  .muted {
    opacity: 0.75;
  }
  /* Not the accent: an arbitrary brand colour as text may be unreadable on the dark scheme. */
  .call {
    color: inherit;
    font-weight: 600;
  }
  form,
  label {
    display: grid;
    gap: 8px;
  }
  .f {
    padding: 10px;
    border: 1px solid #8888;
    border-radius: 6px;
  }
  [aria-invalid='true'] {
    border-color: var(--_e);
  }
  .check {
    display: flex;
    align-items: start;
  }
  .err {
    color: var(--_e);
  }
  /* The honeypot: out of sight and out of the accessibility tree, but still a real form field. */
  .hp {
    position: absolute;
    left: -9999px;
  }
  .status:not(:empty) {
    padding: 12px;
    border-radius: var(--_r);
    background: color-mix(in srgb, var(--_a) 15%, transparent);
  }
`;
