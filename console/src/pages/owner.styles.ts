import { css } from 'lit';

/** Shared by the owner's settings pages (team, security, billing, privacy): sections, tables, forms. */
export const ownerStyles = css`
  :host {
    display: block;
    max-width: 60rem;
  }
  section {
    margin-bottom: var(--wa-space-2xl);
  }
  h2 {
    font-size: var(--wa-font-size-l);
  }
  form,
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wa-space-s);
    align-items: end;
  }
  form > wa-input,
  form > wa-select {
    flex: 1 1 12rem;
    min-width: 0;
  }
  .table {
    width: 100%;
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: left;
    padding: var(--wa-space-xs) var(--wa-space-s);
    border-bottom: var(--wa-border-width-s) solid var(--wa-color-surface-border);
    vertical-align: middle;
    overflow-wrap: anywhere;
  }
  td:last-child:not(.wide) {
    white-space: nowrap;
  }
  th {
    font-weight: var(--wa-font-weight-semibold);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--wa-space-2xs) var(--wa-space-m);
  }
  dt {
    color: var(--wa-color-text-quiet);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  code,
  .secret {
    font-family: var(--wa-font-family-code);
    overflow-wrap: anywhere;
  }
  .codes {
    columns: 2;
    font-family: var(--wa-font-family-code);
  }
  .quiet {
    color: var(--wa-color-text-quiet);
  }
  wa-callout {
    margin-block: var(--wa-space-s);
  }
  a {
    color: var(--wa-color-text-link);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (max-width: 40rem) {
    th.wide,
    td.wide {
      display: none;
    }
  }
`;
