import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .cards {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(18rem, 100%), 1fr));
    gap: var(--wa-space-m);
  }
  h2 {
    font-size: var(--wa-font-size-l);
    margin: 0;
  }
  .status {
    display: flex;
    gap: var(--wa-space-xs);
    align-items: center;
    flex-wrap: wrap;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wa-space-s);
  }
  p {
    margin: var(--wa-space-xs) 0;
  }
`;
