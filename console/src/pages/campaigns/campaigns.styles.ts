import { css } from 'lit';
import { ownerStyles } from '../owner.styles.ts';

/** The campaign pages: the owner pages' sections and tables, plus the create form's grid and the progress cards. */
export const styles = [
  ownerStyles,
  css`
    :host {
      max-width: 64rem;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--wa-space-s) var(--wa-space-m);
    }
    .head h1 {
      margin-right: auto;
    }
    /* A campaign's status sits beside its name. */
    .head.status h1 {
      margin-right: 0;
    }
    form.campaign {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(16rem, 100%), 1fr));
      gap: var(--wa-space-m);
      align-items: start;
    }
    form.campaign > * {
      min-width: 0;
    }
    .wide {
      grid-column: 1 / -1;
    }
    fieldset {
      border: var(--wa-border-width-s) solid var(--wa-color-surface-border);
      border-radius: var(--wa-border-radius-m);
      padding: var(--wa-space-m);
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: var(--wa-space-m);
      align-items: end;
    }
    fieldset > wa-select,
    fieldset > wa-input {
      flex: 1 1 10rem;
      min-width: 0;
    }
    legend {
      font-weight: var(--wa-font-weight-semibold);
      padding-inline: var(--wa-space-2xs);
    }
    .days {
      display: flex;
      flex-wrap: wrap;
      gap: var(--wa-space-s) var(--wa-space-m);
      border: 0;
      padding: 0;
    }
    .explain {
      flex-basis: 100%;
      margin: 0;
      color: var(--wa-color-text-quiet);
    }
    .field-error {
      flex-basis: 100%;
      margin: 0;
      color: var(--wa-color-danger-on-quiet);
      font-weight: var(--wa-font-weight-semibold);
    }
    [slot='hint'].field-error {
      font-weight: var(--wa-font-weight-semibold);
    }
    ul.campaigns {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: var(--wa-space-m);
    }
    ul.campaigns > li,
    .card {
      border: var(--wa-border-width-s) solid var(--wa-color-surface-border);
      border-radius: var(--wa-border-radius-m);
      padding: var(--wa-space-m);
      display: grid;
      gap: var(--wa-space-xs);
    }
    .title {
      display: flex;
      flex-wrap: wrap;
      gap: var(--wa-space-s);
      align-items: center;
      font-size: var(--wa-font-size-l);
    }
    .counts {
      display: flex;
      flex-wrap: wrap;
      gap: var(--wa-space-xs);
    }
    .figures {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(9rem, 100%), 1fr));
      gap: var(--wa-space-m);
    }
    .figure strong {
      display: block;
      font-size: var(--wa-font-size-2xl);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--wa-space-s);
    }
  `,
];
