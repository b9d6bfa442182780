import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    gap: var(--wa-space-l);
  }
  section {
    margin-bottom: var(--wa-space-l);
  }
  h2 {
    font-size: var(--wa-font-size-l);
  }
  .transcript {
    list-style: none;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--wa-space-xs);
  }
  .transcript li {
    max-width: 85%;
    padding: var(--wa-space-xs) var(--wa-space-s);
    border-radius: var(--wa-border-radius-l);
    background: var(--wa-color-surface-lowered);
  }
  .transcript li.caller {
    align-self: flex-end;
    background: var(--wa-color-brand-fill-quiet);
  }
  .speaker {
    display: block;
    font-size: var(--wa-font-size-xs);
    font-weight: var(--wa-font-weight-semibold);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--wa-space-2xs) var(--wa-space-m);
    margin: 0;
  }
  dt {
    color: var(--wa-color-text-quiet);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: var(--wa-space-s);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wa-space-s);
    align-items: end;
  }
  .notes {
    list-style: none;
    padding: 0;
  }
  .notes li {
    border-left: var(--wa-border-width-l) solid var(--wa-color-brand-border-normal);
    padding-left: var(--wa-space-s);
    margin-bottom: var(--wa-space-s);
    white-space: pre-wrap;
  }
  .byline {
    display: block;
    color: var(--wa-color-text-quiet);
    font-size: var(--wa-font-size-s);
  }
  .sync {
    list-style: none;
    padding: 0;
  }
  .sync li {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wa-space-s);
    align-items: center;
    margin-bottom: var(--wa-space-xs);
  }
  a {
    color: var(--wa-color-text-link);
  }
  @media (max-width: 48rem) {
    .layout {
      grid-template-columns: 1fr;
    }
  }
`;
