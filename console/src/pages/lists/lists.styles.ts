import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  section {
    margin-bottom: var(--wa-space-2xl);
  }
  form,
  .mapping {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(14rem, 100%), 1fr));
    gap: var(--wa-space-m);
    align-items: end;
  }
  .file {
    display: flex;
    flex-direction: column;
    gap: var(--wa-space-2xs);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wa-space-s);
    margin-top: var(--wa-space-m);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    margin-top: var(--wa-space-s);
  }
  th,
  td {
    text-align: start;
    padding: var(--wa-space-2xs) var(--wa-space-xs);
    border-bottom: var(--wa-border-width-s) solid var(--wa-color-surface-border);
    overflow-wrap: anywhere;
  }
  .scroll {
    overflow-x: auto;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .wide {
    grid-column: 1 / -1;
  }
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wa-space-s);
  }
`;
