/**
 * GET /widget.js and GET /widget/<hash>.js, served from memory for the life of the process. Where the
 * bundle comes from (nothing builds it on `npm install`):
 * - esbuild installed (a devDependency: development, tests, CI): built from widget/src on first use, the
 *   same code and hash as `npm run build:widget`, so a dist/ left by an older checkout is never served.
 *   Over the size budget it is still served (a dev server should not break) but logged as an error: the
 *   build script, and so CI and deploys, fail on it.
 * - esbuild absent (a production install without devDependencies): dist/widget, which the deploy wrote
 *   with `npm run build:widget` before pruning devDependencies.
 * Edits to widget/src while the server runs need a restart, as edits to the server do.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
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
  return {
    hash: m.hash,
    file: m.file,
    code,
    gzip: gzipSync(code, { level: 9 }),
    etag: `"${m.hash}"`,
    integrity: m.integrity,
  };
}

/** Whether esbuild can be loaded, i.e. devDependencies are installed. */
export function hasEsbuild(): boolean {
  try {
    createRequire(import.meta.url).resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

export interface LoadWidgetOptions {
  /** Build from widget/src (default: when esbuild is installed) or read `dir`. */
  fromSource?: boolean;
  /** The prebuilt bundle, read only when not building. Default: dist/widget. */
  dir?: string;
  /** Default: the build's own budget, WIDGET_BUDGET_GZIP_BYTES. */
  budgetGzipBytes?: number;
  /** Where an over-budget build is reported (the app passes its logger; default: the console). */
  log?: { error(message: string): void };
}

export async function loadWidgetBundle(opts: LoadWidgetOptions = {}): Promise<WidgetBundle> {
  if (!(opts.fromSource ?? hasEsbuild())) return readBuiltBundle(opts.dir ?? DEFAULT_WIDGET_DIR);
  // Imported only here: widget/build.ts imports esbuild, which production installs leave out.
  const { buildWidget, WIDGET_BUDGET_GZIP_BYTES } = await import('../../widget/build.ts');
  const { code, manifest } = await buildWidget({ write: false });
  const budget = opts.budgetGzipBytes ?? WIDGET_BUDGET_GZIP_BYTES;
  if (manifest.gzipBytes > budget) {
    (opts.log ?? console).error(
      `widget bundle OVER BUDGET: ${manifest.gzipBytes} B gzipped > ${budget} B. Served from widget/src anyway, but \`npm run build:widget\` (and CI) fail until it shrinks.`,
    );
  }
  return bundleOf(Buffer.from(code), manifest);
}

async function readBuiltBundle(dir: string): Promise<WidgetBundle> {
  let m: Manifest;
  try {
    m = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch (err) {
    throw new Error(
      `widget bundle missing: esbuild is not installed and ${dir}/manifest.json is unreadable. Run \`npm run build:widget\` before installing without devDependencies.`,
      { cause: err },
    );
  }
  const code = await readFile(path.join(dir, path.basename(m.file)));
  // A dist/ half-copied or edited by hand must not go out under an integrity value it no longer has.
  if ('sha384-' + createHash('sha384').update(code).digest('base64') !== m.integrity) {
    throw new Error(
      `widget bundle ${m.file} in ${dir} does not match its manifest: run \`npm run build:widget\` again.`,
    );
  }
  return bundleOf(code, m);
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
    if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === b.etag)) return res.status(304).end();
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
