/**
 * The console's files, held in memory for the life of the process, like the widget's (widget-api/script.ts):
 * built from console/src when esbuild is installed, otherwise read from dist/console
 * (`npm run build:console` writes it before devDependencies are pruned).
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface ServedAsset {
  name: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
}

export interface ConsoleBundle {
  assets: Map<string, ServedAsset>;
  entry: string;
  stylesheet: string;
  initialJs: string[];
  initialJsGzipBytes: number;
}

/** Whether esbuild can be loaded, i.e. devDependencies are installed. */
function hasEsbuild(): boolean {
  try {
    createRequire(import.meta.url).resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CONSOLE_DIR = path.resolve(here, '..', '..', 'dist', 'console');

interface Built {
  assets: { name: string; type: string; body: Buffer }[];
  entry: string;
  stylesheet: string;
  initialJs: string[];
  initialJsGzipBytes: number;
}

const served = (b: Built): ConsoleBundle => ({
  ...b,
  assets: new Map(b.assets.map((a) => [a.name, { ...a, gzip: gzipSync(a.body, { level: 9 }) }])),
});

export async function loadConsoleBundle(opts: { fromSource?: boolean; dir?: string } = {}): Promise<ConsoleBundle> {
  if (opts.fromSource ?? hasEsbuild()) {
    // Imported only here: console/build.ts imports esbuild, which production installs leave out.
    const { buildConsole } = await import('../../console/build.ts');
    return served(await buildConsole());
  }
  const dir = opts.dir ?? DEFAULT_CONSOLE_DIR;
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Omit<Built, 'assets'>;
  const assets = await Promise.all(
    (await readdir(dir))
      .filter((n) => n !== 'manifest.json')
      .map(async (name) => ({
        name,
        type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
        body: await readFile(path.join(dir, name)),
      })),
  );
  return served({ ...manifest, assets });
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Pure: the one HTML page every console route answers with. No inline script or style. */
export function indexHtml(b: Pick<ConsoleBundle, 'entry' | 'stylesheet' | 'initialJs'>): string {
  const asset = (n: string) => `/console/assets/${esc(n)}`;
  const preloads = b.initialJs
    .filter((n) => n !== b.entry)
    .map((n) => `<link rel="modulepreload" href="${asset(n)}">`)
    .join('');
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="color-scheme" content="light dark"><title>Leadline</title><link rel="icon" href="data:,">' +
    `<link rel="stylesheet" href="${asset(b.stylesheet)}">${preloads}` +
    `<script type="module" src="${asset(b.entry)}"></script></head>` +
    '<body><leadline-console></leadline-console>' +
    '<noscript>The Leadline console needs JavaScript.</noscript></body></html>'
  );
}
