import { css } from 'lit';

/** Shared by the pages that are one form (sign-in, onboarding steps). */
export const formStyles = css`
  :host {
    display: block;
    max-width: 28rem;
    margin: var(--wa-space-xl) auto;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: var(--wa-space-m);
  }
  .links {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wa-space-m);
    margin-top: var(--wa-space-l);
  }
  a {
    color: var(--wa-color-text-link);
  }
`;
