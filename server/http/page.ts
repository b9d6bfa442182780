/**
 * The few HTML pages Leadline serves (install, set-up, e-mailed links). Self-contained: no script at all, no
 * external asset, the one style block allowed by its hash. Each page sends its own Content-Security-Policy
 * (replacing helmet's), because a form that is answered with a redirect to a provider needs that origin in
 * form-action.
 */
import { createHash } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { Problem } from './problem.ts';

export const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}' +
  'label,input,button{display:block;margin:.35rem 0}input{width:100%;box-sizing:border-box;padding:.5rem}button{padding:.5rem 1rem;margin-top:1rem}' +
  '.error{color:#a40000}.muted{color:#555}form.inline{display:inline-block;margin-right:1rem}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

export interface Page {
  status?: number;
  title: string;
  /** Trusted HTML: everything interpolated into it must already be escaped. */
  body: string;
  /** Origins a form on the page may end up at (after a redirect), besides this one. */
  formTargets?: string[];
}

export function sendPage(res: Response, page: Page): void {
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      `style-src 'sha256-${STYLE_HASH}'`,
      `form-action ${["'self'", ...(page.formTargets ?? [])].join(' ')}`,
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  // The URL may carry a single-use token: keep the page out of caches.
  res.setHeader('Cache-Control', 'no-store');
  res
    .status(page.status ?? 200)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<title>${esc(page.title)}</title><style>${STYLE}</style></head><body><main>${page.body}</main></body></html>`,
    );
}

/** The forms on these pages post url-encoded bodies; no other route needs that parser. */
export const formBody = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });

export const wantsHtml = (req: { accepts(types: string[]): string | false }) =>
  req.accepts(['json', 'html']) === 'html';

export const problemPage = (p: Problem): Page => ({
  status: p.status,
  title: p.title,
  body: `<h1>${esc(p.title)}</h1><p class="error">${esc(p.message)}</p>`,
});

/**
 * Runs a handler whose links are opened by people in browsers (e-mails, install pages): the page it returns is
 * sent, and a problem becomes an error page for a browser (problem+json for any other client).
 */
export async function asPage(req: Request, res: Response, run: () => Promise<Page | void>): Promise<void> {
  try {
    const page = await run();
    if (page) sendPage(res, page);
  } catch (err) {
    if (err instanceof Problem && wantsHtml(req) && !res.headersSent) return sendPage(res, problemPage(err));
    throw err;
  }
}

/** A hidden field per entry plus a submit button. */
export const postForm = (action: string, fields: Record<string, string>, button: string, cls = '') =>
  `<form method="post" action="${esc(action)}"${cls ? ` class="${cls}"` : ''}>` +
  Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('') +
  `<button type="submit">${esc(button)}</button></form>`;
