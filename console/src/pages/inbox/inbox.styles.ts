import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--wa-space-s);
  }
  .live {
    font-size: var(--wa-font-size-s);
    color: var(--wa-color-text-quiet);
  }
  form {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(10rem, 100%), 1fr));
    gap: var(--wa-space-s);
    align-items: end;
    margin-bottom: var(--wa-space-l);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li {
    border-bottom: var(--wa-border-width-s) solid var(--wa-color-surface-border);
  }
  li a {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: var(--wa-space-2xs) var(--wa-space-m);
    padding: var(--wa-space-s) var(--wa-space-2xs);
    color: inherit;
    text-decoration: none;
  }
  li a:hover,
  li a:focus-visible {
    background: var(--wa-color-surface-lowered);
  }
  .who {
    font-weight: var(--wa-font-weight-semibold);
  }
  .meta {
    display: block;
    overflow-wrap: anywhere;
  }
  .meta,
  .summary {
    color: var(--wa-color-text-quiet);
    font-size: var(--wa-font-size-s);
  }
  .summary {
    grid-column: 1 / -1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .tags {
    display: flex;
    gap: var(--wa-space-2xs);
    justify-content: end;
    flex-wrap: wrap;
  }
  .more {
    margin-top: var(--wa-space-m);
  }
  @media (max-width: 40rem) {
    form {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
  }
`;
