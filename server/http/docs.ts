import { Router } from 'express';
import type { OpenApiRegistry } from './openapi.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** OpenAPI 3.1 at /api/openapi.json and a self-contained, script-free docs page at /api/docs. */
export function docsRoutes(
  registry: OpenApiRegistry,
  info: { title: string; version: string; serverUrl: string },
): Router {
  const r = Router();
  let doc: ReturnType<OpenApiRegistry['document']> | undefined;
  const get = () => (doc ??= registry.document(info));
  r.get('/api/openapi.json', (_req, res) => {
    res.json(get());
  });
  r.get('/api/docs', (_req, res) => {
    const d = get();
    const rows = Object.entries(d.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const o = op as { summary: string; tags: string[]; requestBody?: unknown; security?: unknown };
        const body = o.requestBody
          ? `<details><summary>request body</summary><pre>${esc(JSON.stringify(o.requestBody, null, 2))}</pre></details>`
          : '';
        return `<tr><td>${esc(o.tags[0] ?? '')}</td><td><code>${method.toUpperCase()} ${esc(path)}</code>${o.security ? ' 🔒' : ''}</td><td>${esc(o.summary)}${body}</td></tr>`;
      }),
    );
    res
      .type('html')
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(info.title)} API</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head><body>
<h1>${esc(info.title)} API ${esc(info.version)}</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457 <code>application/problem+json</code>.</p>
<table border="1" cellpadding="4" cellspacing="0"><thead><tr><th>Area</th><th>Route</th><th>What it does</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`);
  });
  return r;
}
