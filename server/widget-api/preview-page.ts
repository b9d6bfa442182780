/**
 * GET /console/widget-preview?key=pk_…: a sample web page with the business's real widget on it, for the
 * console's widget page to show in an iframe. It runs under a strict CSP of its own (script and connect
 * to this origin only, no inline code), the kind a careful customer site has, so the preview also proves
 * the snippet works there. The widget reads its config same-origin (allowed for previews, see
 * requireWidgetOrigin); a callback sent from the preview is refused like any unlisted site's, so a
 * preview never places a call.
 */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { esc } from '../http/page.ts';
import { businessByKey } from './origin.ts';

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;color:#1b1b1b;background:#fafafa;min-height:100vh;box-sizing:border-box}' +
  'h1{font-size:1.4rem;margin:0 0 .5rem}p{max-width:28rem;color:#444}.note{font-size:.85rem;color:#555}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

export const WIDGET_PREVIEW_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  `style-src 'self' 'sha256-${STYLE_HASH}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  // Only the console (same origin) may frame it.
  "frame-ancestors 'self'",
].join('; ');

export function widgetPreviewRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/console/widget-preview', async (req, res) => {
    const b = await businessByKey(ctx.db, req.query.key);
    res.setHeader('Content-Security-Policy', WIDGET_PREVIEW_CSP);
    res.setHeader('Cache-Control', 'no-store');
    // helmet's X-Frame-Options: SAMEORIGIN agrees with frame-ancestors 'self'.
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    if (!b) {
      res.status(404).type('html').send('<!doctype html><title>Not found</title><p>No widget with this key.</p>');
      return;
    }
    res
      .type('html')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
          `<title>${esc(b.name)}: website preview</title><style>${STYLE}</style></head><body><main>` +
          `<h1>${esc(b.name)}</h1><p>A sample page of your website, with the widget as your visitors see it.</p>` +
          `<p class="note">Preview: a call-back asked for here is not placed.</p></main>` +
          `<script async src="/widget.js" data-key="${esc(String(req.query.key))}"></script></body></html>`,
      );
  });
  return r;
}
