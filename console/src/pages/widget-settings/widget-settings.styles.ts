import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    max-width: 44rem;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: var(--wa-space-m);
  }
  pre {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    background: var(--wa-color-surface-lowered);
    padding: var(--wa-space-s);
    border-radius: var(--wa-border-radius-m);
  }
  section {
    margin-top: var(--wa-space-xl);
  }
  iframe {
    width: 100%;
    height: 30rem;
    border: var(--wa-border-width-s) solid var(--wa-color-surface-border);
    border-radius: var(--wa-border-radius-m);
  }
`;
