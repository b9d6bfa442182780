/**
 * GET /widget.js and GET /widget/<hash>.js. The bundle is a static file: read from dist/widget (built by
 * `npm install`/CI) or, when missing, built once in memory; either way kept in memory for the process.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import { notFound } from '../http/problem.ts';

export interface WidgetBundle {
  hash: string;
  file: string;
  code: Buffer;
  gzip: Buffer;
  etag: string;
  integrity: string;
}

interface Manifest {
  file: string;
  hash: string;
  integrity: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WIDGET_DIR = path.resolve(here, '..', '..', 'dist', 'widget');

/** A bundle as served, from built code and its manifest (also for tests that build the widget in memory). */
export function bundleOf(code: Buffer, m: Manifest): WidgetBundle {
  return { hash: m.hash, file: m.file, code, gzip: gzipSync(code, { level: 9 }), etag: `"${m.hash}"`, integrity: m.integrity };
}

export async function loadWidgetBundle(dir = DEFAULT_WIDGET_DIR): Promise<WidgetBundle> {
  const manifestPath = path.join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const m = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
    return bundleOf(await readFile(path.join(dir, path.basename(m.file))), m);
  }
  // Imported only here: esbuild is a build tool, not needed when dist/ was built ahead.
  const { buildWidget } = await import('../../widget/build.ts');
  const { code, manifest } = await buildWidget({ write: false });
  return bundleOf(Buffer.from(code), manifest);
}

const ENTRY_MAX_AGE = 300;
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function scriptRoutes(load: () => Promise<WidgetBundle> = () => loadWidgetBundle()): Router {
  const r = Router();
  let cached: Promise<WidgetBundle> | undefined;
  const bundle = () => {
    cached ??= load().catch((err) => {
      cached = undefined; // a failed build is retried on the next request, not cached
      throw err;
    });
    return cached;
  };

  const send = (req: Request, res: Response, b: WidgetBundle, cacheControl: string) => {
    // Any site may embed the script; only the script, not the API, gets the wildcard.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('ETag', b.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    res.type('application/javascript; charset=utf-8');
    const inm = req.get('if-none-match');
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === b.etag)) return res.status(304).end();
    const gzip = /\bgzip\b/.test(req.get('accept-encoding') ?? '');
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    const body = gzip ? b.gzip : b.code;
    res.setHeader('Content-Length', String(body.length));
    if (req.method === 'HEAD') return res.end();
    res.end(body);
  };

  r.get('/widget.js', async (req, res) => {
    send(req, res, await bundle(), `public, max-age=${ENTRY_MAX_AGE}`);
  });
  r.get('/widget/:file', async (req, res, next) => {
    const m = /^(?:widget\.)?([0-9a-f]{8,64})\.js$/.exec(String(req.params.file));
    if (!m) return next();
    const b = await bundle();
    if (m[1] !== b.hash) return next(notFound('Widget version'));
    send(req, res, b, IMMUTABLE);
  });
  return r;
}
