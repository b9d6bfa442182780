import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    margin-bottom: var(--wa-space-m);
  }
  audio {
    width: 100%;
  }
  .link-status {
    color: var(--wa-color-text-quiet);
    font-size: var(--wa-font-size-s);
  }
`;
