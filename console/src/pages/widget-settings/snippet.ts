/** Pure: the tag a website pastes. */
export const snippetOf = (origin: string, key: string) =>
  `<script async src="${origin}/widget.js" data-key="${key}"></script>`;
