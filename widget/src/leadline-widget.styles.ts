import { css } from 'lit';

/**
 * Themable only through `--leadline-*` custom properties and `::part()`. Lit adopts these as constructable
 * stylesheets, which a strict CSP (`style-src 'none'`) allows: no <style> elements, no style attributes.
 * Internal `--_x` variables resolve each public property once, with light defaults; dark ones come from
 * `prefers-color-scheme` unless `theme="light|dark"` forces a scheme.
 */
export const styles = css`
  :host {
    --_accent: var(--leadline-accent, var(--leadline-config-accent, #2563eb));
    --_on-accent: var(--leadline-on-accent, #fff);
    --_bg: var(--leadline-bg, #fff);
    --_fg: var(--leadline-fg, #111827);
    --_muted: var(--leadline-muted, #4b5563);
    --_line: var(--leadline-border, #d1d5db);
    --_danger: var(--leadline-danger, #b91c1c);
    --_ok: var(--leadline-success, #15803d);
    --_radius: var(--leadline-radius, 12px);
    --_z: var(--leadline-z-index, 2147483000);
    --_offset: var(--leadline-offset, 16px);
    display: block;
    font: 15px/1.45 var(--leadline-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--_fg);
  }
  :host([theme='dark']) {
    --_bg: var(--leadline-bg, #111827);
    --_fg: var(--leadline-fg, #f3f4f6);
    --_muted: var(--leadline-muted, #9ca3af);
    --_line: var(--leadline-border, #374151);
    --_danger: var(--leadline-danger, #f87171);
    --_ok: var(--leadline-success, #4ade80);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_bg: var(--leadline-bg, #111827);
      --_fg: var(--leadline-fg, #f3f4f6);
      --_muted: var(--leadline-muted, #9ca3af);
      --_line: var(--leadline-border, #374151);
      --_danger: var(--leadline-danger, #f87171);
      --_ok: var(--leadline-success, #4ade80);
    }
  }
  [hidden] {
    display: none !important;
  }
  * {
    box-sizing: border-box;
  }
  button,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  .launcher {
    position: fixed;
    right: var(--_offset);
    bottom: var(--_offset);
    z-index: var(--_z);
    border: 0;
    border-radius: 999px;
    padding: 12px 20px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.25);
    cursor: pointer;
  }
  .panel {
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    padding: 16px;
  }
  /* Mobile first: a floating panel is a bottom sheet, a card from 480px up. */
  :host([mode='floating']) .panel {
    position: fixed;
    left: 0;
    right: 0;
    bottom: 0;
    max-height: 90vh;
    overflow: auto;
    z-index: calc(var(--_z) + 1);
    border-radius: var(--_radius) var(--_radius) 0 0;
    box-shadow: 0 10px 40px rgb(0 0 0 / 0.3);
  }
  @media (min-width: 480px) {
    :host([mode='floating']) .panel {
      left: auto;
      right: var(--_offset);
      bottom: calc(var(--_offset) + 64px);
      width: min(380px, calc(100vw - 2 * var(--_offset)));
      max-height: calc(100vh - 96px);
      border-radius: var(--_radius);
    }
  }
  .head {
    display: flex;
    align-items: start;
    justify-content: space-between;
    gap: 8px;
  }
  h2 {
    margin: 0;
    font-size: 1.15em;
  }
  p {
    margin: 4px 0;
  }
  .close {
    border: 0;
    background: none;
    font-size: 22px;
    line-height: 1;
    padding: 4px 8px;
    cursor: pointer;
  }
  .hours::before {
    content: '';
    display: inline-block;
    width: 8px;
    height: 8px;
    margin-right: 6px;
    border-radius: 50%;
    background: var(--_muted);
  }
  .hours.open::before {
    background: var(--_ok);
  }
  .muted {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .call {
    display: inline-block;
    margin: 8px 0 4px;
    color: var(--_accent);
    font-weight: 600;
  }
  form {
    display: grid;
    gap: 10px;
    margin-top: 12px;
  }
  label {
    display: grid;
    gap: 4px;
    font-weight: 500;
  }
  input[type='text'],
  input[type='tel'],
  textarea {
    width: 100%;
    padding: 10px 12px;
    min-height: 44px;
    border: 1px solid var(--_line);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_bg);
  }
  [aria-invalid='true'] {
    border-color: var(--_danger) !important;
    outline-color: var(--_danger);
  }
  .check {
    display: flex;
    gap: 8px;
    align-items: start;
    font-weight: 400;
  }
  .check input {
    width: 20px;
    height: 20px;
    margin: 1px 0 0;
    flex: none;
    accent-color: var(--_accent);
  }
  .err {
    color: var(--_danger);
    font-size: 0.9em;
    margin: 0;
  }
  .btn {
    min-height: 44px;
    border: 0;
    border-radius: calc(var(--_radius) / 2);
    padding: 10px 16px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
    cursor: pointer;
  }
  .btn:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  /* The honeypot: out of sight and out of the accessibility tree, but still a real form field. */
  .hp {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
  .status:not(:empty) {
    margin-top: 12px;
    padding: 12px;
    border-radius: calc(var(--_radius) / 2);
    background: color-mix(in srgb, var(--_accent) 12%, transparent);
    font-weight: 500;
  }
`;
