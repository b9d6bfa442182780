/**
 * Bundles console/src/main.ts into ES modules with code splitting: the entry (shell, router, sign-in) is
 * what a first load needs; each page folder is its own chunk, loaded when its route is visited. Output
 * names carry a content hash so the server can cache them forever. `npx tsx console/build.ts` writes
 * dist/console and exits non-zero when the initial JS exceeds its gzipped budget.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

export const CONSOLE_BUDGET_GZIP_BYTES = 90 * 1024;

export interface ConsoleAsset {
  /** File name under /console/assets/, e.g. main.3F9A1C2B.js */
  name: string;
  type: string;
  body: Buffer;
}

export interface ConsoleBuild {
  assets: ConsoleAsset[];
  /** The entry module's file name. */
  entry: string;
  /** The stylesheet every page links (Web Awesome's theme + ours). */
  stylesheet: string;
  /** The entry plus every chunk it imports statically: what the first load fetches. */
  initialJs: string[];
  initialJsGzipBytes: number;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Pure: the chunks the entry pulls in before it runs (static imports, transitively). */
export function initialChunks(meta: Metafile, entryOut: string): string[] {
  const seen = new Set<string>();
  const walk = (out: string) => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const imp of meta.outputs[out]?.imports ?? []) if (imp.kind === 'import-statement') walk(imp.path);
  };
  walk(entryOut);
  return [...seen];
}

export async function buildConsole(opts: { minify?: boolean } = {}): Promise<ConsoleBuild> {
  const out = await build({
    entryPoints: { main: join(here, 'src', 'main.ts') },
    bundle: true,
    format: 'esm',
    splitting: true,
    outdir: '/console-assets',
    entryNames: '[name].[hash]',
    chunkNames: 'chunk.[hash]',
    minify: opts.minify ?? true,
    target: ['chrome111', 'firefox114', 'safari16.4', 'edge111'],
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
    charset: 'utf8',
  });
  const assets: ConsoleAsset[] = out.outputFiles.map((f) => ({
    name: basename(f.path),
    type: 'text/javascript; charset=utf-8',
    body: Buffer.from(f.contents),
  }));
  // The entry is main.ts's output: pages loaded with import() are entry points of their own in the
  // metafile, and which of them comes first depends on the module graph.
  const entryOut = Object.keys(out.metafile.outputs).find((k) =>
    out.metafile.outputs[k]!.entryPoint?.endsWith('src/main.ts'),
  )!;
  const initial = initialChunks(out.metafile, entryOut).map((p) => basename(p));
  const initialJsGzipBytes = assets
    .filter((a) => initial.includes(a.name))
    .reduce((n, a) => n + gzipSync(a.body, { level: 9 }).length, 0);

  // Web Awesome's theme (tokens, light and dark, native element styles) then ours, bundled into one file:
  // pages link it, nothing is inline (the CSP has no 'unsafe-inline').
  const cssOut = await build({
    entryPoints: [join(here, 'src', 'console.css')],
    bundle: true,
    minify: opts.minify ?? true,
    write: false,
    logLevel: 'silent',
    outdir: '/console-assets',
  });
  const css = Buffer.from(cssOut.outputFiles[0]!.contents);
  const cssName = `console.${createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`;
  assets.push({ name: cssName, type: 'text/css; charset=utf-8', body: css });
  return { assets, entry: basename(entryOut), stylesheet: cssName, initialJs: initial, initialJsGzipBytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const b = await buildConsole();
  const dir = resolve(here, '..', 'dist', 'console');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const a of b.assets) await writeFile(join(dir, a.name), a.body);
  const { assets: _a, ...manifest } = b;
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const line = `console: ${b.assets.length} files, initial JS ${b.initialJsGzipBytes} B gzipped (budget ${CONSOLE_BUDGET_GZIP_BYTES} B)`;
  if (b.initialJsGzipBytes > CONSOLE_BUDGET_GZIP_BYTES) {
    console.error(line + ' — OVER BUDGET');
    process.exit(1);
  }
  console.log(line);
}
