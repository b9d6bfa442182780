/** Pure: the tag a website pastes. */
export const snippetOf = (origin: string, key: string) =>
  `<script async src="${origin}/widget.js" data-key="${key}"></script>`;

/** Pure: the preview page's address; `version` changes it after a save so the iframe reloads. */
export const previewUrl = (key: string, version = 0) =>
  `/console/widget-preview?key=${encodeURIComponent(key)}${version ? `&v=${version}` : ''}`;
