/**
 * Bundles widget/src/loader.ts (Lit included) into dist/widget/widget.<hash>.js plus manifest.json.
 * `npx tsx widget/build.ts` exits non-zero when the gzipped bundle exceeds the budget: the widget runs on
 * our customers' pages, so its weight is their page speed.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { minifyTemplates } from './minify-templates.ts';

/** 12 KB, Lit included (#5). The labels come with the config (server/widget-api/labels.ts), not the bundle. */
export const WIDGET_BUDGET_GZIP_BYTES = 12_288;

export interface WidgetManifest {
  /** File name inside outDir, e.g. widget.3f9a1c2b7d.js */
  file: string;
  hash: string;
  bytes: number;
  gzipBytes: number;
  /** Subresource Integrity value, `sha384-…`. */
  integrity: string;
}

export interface BuildWidgetOptions {
  /** Default: <repo>/dist/widget */
  outDir?: string;
  /** false: build in memory only (tests, a server that serves from memory). */
  write?: boolean;
  minify?: boolean;
}

export interface BuildWidgetResult {
  manifest: WidgetManifest;
  code: string;
  overBudget: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
export const WIDGET_ENTRY = join(here, 'src', 'loader.ts');

/**
 * Lit writes `globalThis.litHtmlVersions` & co. (to warn about duplicate copies) and
 * `globalThis.litPropertyMetadata` (shared metadata for standard decorators, which we do not use). The
 * widget promises to add no global but `Leadline`, so the bundle drops those writes and reads the metadata
 * map only if another Lit on the page created it. A Lit upgrade that changes this code fails the build
 * here instead of leaking globals silently.
 */
const LIT_GLOBAL_WRITES: [RegExp, string][] = [
  [/\(\w+\.(?:litHtml|reactiveElement|litElement)Versions\?\?=\[\]\)\.push\("[^"]*"\)/g, 'void 0'],
  [/\w+\.litPropertyMetadata\?\?=new WeakMap/g, 'void 0'],
  [/([^.\w])litPropertyMetadata\.get\(/g, '$1globalThis.litPropertyMetadata?.get('],
];
const noLitGlobals: Plugin = {
  name: 'no-lit-globals',
  setup(b) {
    b.onLoad(
      {
        filter:
          /[\\/](lit-html[\\/]lit-html|lit-element[\\/]lit-element|@lit[\\/]reactive-element[\\/]reactive-element)\.js$/,
      },
      async (args) => {
        let source = await readFile(args.path, 'utf8');
        let hits = 0;
        for (const [re, to] of LIT_GLOBAL_WRITES)
          source = source.replace(re, (...m) => {
            hits++;
            return to.replace('$1', String(m[1] ?? ''));
          });
        if (!hits)
          throw new Error(`no Lit global write found in ${args.path}: update LIT_GLOBAL_WRITES in widget/build.ts`);
        return { contents: source, loader: 'js' };
      },
    );
  },
};

/** Lit templates of our own sources lose their indentation (see minify-templates.ts). */
const compactTemplates: Plugin = {
  name: 'compact-lit-templates',
  setup(b) {
    b.onLoad({ filter: /[\\/]widget[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: /\b(html|css)`/.test(source) ? minifyTemplates(source) : source, loader: 'ts' };
    });
  },
};

export async function buildWidget(opts: BuildWidgetOptions = {}): Promise<BuildWidgetResult> {
  const out = await build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    // A classic script: `document.currentScript` (how the loader finds its key and origin) is null in modules.
    format: 'iife',
    minify: opts.minify ?? true,
    target: ['chrome100', 'firefox100', 'safari15.4', 'edge100'],
    legalComments: 'none',
    write: false,
    plugins: [noLitGlobals, compactTemplates],
    // Our private members are spelled `_name`; Lit's own internals (`_$xx`) are already mangled.
    mangleProps: opts.minify === false ? undefined : /^_[a-z]/,
    logLevel: 'silent',
    charset: 'utf8',
  });
  const code = out.outputFiles[0]!.text;
  const bytes = Buffer.from(code);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const gzipBytes = gzipSync(bytes, { level: 9 }).length;
  const manifest: WidgetManifest = {
    file: `widget.${hash}.js`,
    hash,
    bytes: bytes.length,
    gzipBytes,
    integrity: 'sha384-' + createHash('sha384').update(bytes).digest('base64'),
  };
  if (opts.write !== false) {
    const outDir = opts.outDir ?? resolve(here, '..', 'dist', 'widget');
    await mkdir(outDir, { recursive: true });
    // Earlier builds' hashed files would pile up: keep only this one.
    for (const f of await readdir(outDir))
      if (/^widget\.[0-9a-f]+\.js$/.test(f) && f !== manifest.file) await rm(join(outDir, f));
    await writeFile(join(outDir, manifest.file), bytes);
    await writeFile(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  }
  return { manifest, code, overBudget: gzipBytes > WIDGET_BUDGET_GZIP_BYTES };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { manifest, overBudget } = await buildWidget();
  const line = `widget: ${manifest.file} ${manifest.bytes} B, ${manifest.gzipBytes} B gzipped (budget ${WIDGET_BUDGET_GZIP_BYTES} B)`;
  if (overBudget) {
    console.error(line + ' — OVER BUDGET');
    process.exit(1);
  }
  console.log(line);
}
