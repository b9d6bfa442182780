import type { InstallResult } from './install.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page a browser lands on after a successful install. */
export function renderInstalled(provider: string, r: InstallResult): string {
  const next = r.setupUrl
    ? `<p>We created a Leadline account for you and e-mailed a set-up code. <a href="${esc(r.setupUrl)}">Finish set-up</a> to choose a password.</p>`
    : `<p>You can close this window and return to Leadline.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(provider)} connected</title></head>
<body><main><h1>${esc(provider)} is connected to ${esc(r.business.name)}</h1>${next}</main></body></html>`;
}
