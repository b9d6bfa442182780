import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    min-height: 100vh;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--wa-space-m);
    padding: var(--wa-space-s) var(--wa-space-l);
    border-bottom: var(--wa-border-width-s) solid var(--wa-color-surface-border);
  }
  .brand {
    font-weight: var(--wa-font-weight-bold);
    font-size: var(--wa-font-size-l);
    margin-right: auto;
    color: inherit;
    text-decoration: none;
  }
  nav a {
    color: var(--wa-color-text-link);
    margin-right: var(--wa-space-m);
  }
  nav a[aria-current='page'] {
    font-weight: var(--wa-font-weight-bold);
  }
  nav {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--wa-space-2xs);
  }
  wa-dropdown-item[aria-current='page'] {
    font-weight: var(--wa-font-weight-bold);
  }
  /* Until its chunk has loaded, a menu would show its items as plain text. */
  wa-dropdown:not(:defined) {
    display: none;
  }
  /* Phones get one "Menu" with every page instead of two rows of links. */
  .menu {
    display: none;
  }
  @media (max-width: 48rem) {
    .links,
    .settings {
      display: none;
    }
    .menu {
      display: inline-block;
    }
  }
  main {
    max-width: 72rem;
    margin: 0 auto;
    padding: var(--wa-space-l);
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
    main {
      padding: var(--wa-space-s);
    }
    header {
      padding: var(--wa-space-s);
    }
  }
`;
