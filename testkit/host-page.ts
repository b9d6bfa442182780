/**
 * A customer's website for the end-to-end test: another origin than the app, with a strict CSP
 * (scripts and styles only from itself and the widget host, no inline anything, no eval) and the
 * embed snippet. The queue stub and a recorder of CSP violations and widget events live in /host.js,
 * because inline scripts are exactly what this page forbids.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostPage {
  origin: string;
  csp: string;
  close(): Promise<void>;
}

const hostJs = `
window.__csp = [];
window.__events = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample });
});
// The documented queue stub: pages may call Leadline() before widget.js has loaded.
window.Leadline = window.Leadline || function () { (window.Leadline.q = window.Leadline.q || []).push(arguments); };
Leadline('on', 'status', function (d) { window.__events.push({ type: 'status', detail: d }); });
Leadline('on', 'submitted', function (d) { window.__events.push({ type: 'submitted', detail: d }); });
`;

const css = `body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem;background:#fafafa;color:#111}main{max-width:40rem}`;

export async function startHostPage(opts: { widgetHost: string; widgetKey: () => string }): Promise<HostPage> {
  let origin = '';
  let csp = '';
  const server = http.createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'content-security-policy': csp, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.url === '/') {
      return send(
        200,
        'text/html; charset=utf-8',
        `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Plumbing — emergency plumbers</title>
<link rel="stylesheet" href="/site.css">
<script src="/host.js"></script>
<script async src="${opts.widgetHost}/widget.js" data-key="${opts.widgetKey()}"></script>
</head>
<body>
<header><p>Acme Plumbing</p></header>
<main><h1>Fast, friendly plumbing</h1><p>Leaks, drains and water heaters, 7 days a week.</p></main>
</body>
</html>`,
      );
    }
    if (req.url === '/host.js') return send(200, 'application/javascript; charset=utf-8', hostJs);
    // Browsers ask for it on their own; a 404 would show up as a console error.
    if (req.url === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (req.url === '/site.css') return send(200, 'text/css; charset=utf-8', css);
    send(404, 'text/plain', 'not found');
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  csp = [
    "default-src 'none'",
    `script-src 'self' ${opts.widgetHost}`,
    "style-src 'self'",
    `connect-src ${opts.widgetHost}`,
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    origin,
    csp,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
