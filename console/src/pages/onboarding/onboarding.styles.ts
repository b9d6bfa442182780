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
  fieldset {
    border: var(--wa-border-width-s) solid var(--wa-color-surface-border);
    border-radius: var(--wa-border-radius-m);
    padding: var(--wa-space-m);
    display: flex;
    flex-direction: column;
    gap: var(--wa-space-s);
  }
  legend {
    font-weight: var(--wa-font-weight-semibold);
  }
  .day {
    display: grid;
    grid-template-columns: 9rem 1fr 1fr;
    gap: var(--wa-space-s);
    align-items: end;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wa-space-s);
    align-items: end;
  }
  a {
    color: var(--wa-color-text-link);
  }
  h3 {
    font-size: var(--wa-font-size-m);
    margin: var(--wa-space-s) 0 0;
  }
  .hint {
    margin: 0;
    color: var(--wa-color-text-quiet);
  }
  section {
    margin-top: var(--wa-space-xl);
  }
  @media (max-width: 40rem) {
    .day {
      grid-template-columns: 1fr 1fr;
    }
    .day wa-checkbox {
      grid-column: 1 / -1;
    }
  }
`;
