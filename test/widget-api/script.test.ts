import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasEsbuild, loadWidgetBundle, scriptRoutes, type WidgetBundle } from '../../server/widget-api/script.ts';
import { buildWidget, type BuildWidgetResult } from '../../widget/build.ts';
import type { TestApp } from '../../testkit/app.ts';
import { startWidgetApp } from '../../testkit/widget-app.ts';

let app: TestApp;
let loads = 0;
const code = Buffer.from('/* widget */ console.log("leadline");'.repeat(50));
beforeAll(async () => {
  app = await startWidgetApp({
    widget: {
      loadBundle: async () => {
        loads++;
        const { gzipSync } = await import('node:zlib');
        return {
          hash: '0123456789abcdef',
          file: 'widget.0123456789abcdef.js',
          code,
          gzip: gzipSync(code),
          etag: '"0123456789abcdef"',
          integrity: 'sha384-x',
        };
      },
    },
  });
});
afterAll(() => app.close());

describe('GET /widget.js', () => {
  it('serves the bundle to any site with a short cache, an ETag and cross-origin CORP', async () => {
    const r = await fetch(`${app.url}/widget.js`, {
      headers: { origin: 'https://anywhere.example', 'accept-encoding': 'identity' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
    expect(r.headers.get('etag')).toBe('"0123456789abcdef"');
    expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(Buffer.from(await r.arrayBuffer()).equals(code)).toBe(true);
  });

  it('answers If-None-Match with 304', async () => {
    const r = await fetch(`${app.url}/widget.js`, { headers: { 'if-none-match': '"0123456789abcdef"' } });
    expect(r.status).toBe(304);
    expect((await fetch(`${app.url}/widget.js`, { headers: { 'if-none-match': '"old"' } })).status).toBe(200);
  });

  it('serves gzip when asked', async () => {
    const { request } = await import('node:http');
    const body = await new Promise<{ enc?: string; buf: Buffer }>((resolve) => {
      request(`${app.url}/widget.js`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res
          .on('data', (c: Buffer) => chunks.push(c))
          .on('end', () => resolve({ enc: res.headers['content-encoding'], buf: Buffer.concat(chunks) }));
      }).end();
    });
    expect(body.enc).toBe('gzip');
    expect(gunzipSync(body.buf).equals(code)).toBe(true);
  });

  it('serves the hashed file as immutable, and 404 for another hash', async () => {
    for (const path of ['/widget/0123456789abcdef.js', '/widget/widget.0123456789abcdef.js']) {
      const r = await fetch(app.url + path);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await fetch(`${app.url}/widget/fedcba9876543210.js`)).status).toBe(404);
    expect(loads).toBe(1);
  });
});

describe('where the bundle comes from', () => {
  let fresh: BuildWidgetResult;
  let tmp: string;
  beforeAll(async () => {
    fresh = await buildWidget({ write: false });
    tmp = await mkdtemp(join(tmpdir(), 'leadline-script-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  /** A dist/ as `npm run build:widget` writes it, in its own directory. */
  const distDir = async (name: string) => {
    const dir = join(tmp, name);
    await buildWidget({ outDir: dir });
    return dir;
  };

  it('builds from widget/src when esbuild is installed: what `npm run build:widget` builds, never a stale dist/', async () => {
    expect(hasEsbuild()).toBe(true); // this is a dev install
    // An older build, complete and consistent, that a dev server must not serve once the sources moved on.
    const stale = join(tmp, 'stale');
    const old = Buffer.from('/* old widget */');
    await mkdir(stale);
    await writeFile(join(stale, 'widget.aaaaaaaaaaaaaaaa.js'), old);
    const integrity = 'sha384-' + createHash('sha384').update(old).digest('base64');
    await writeFile(
      join(stale, 'manifest.json'),
      JSON.stringify({ file: 'widget.aaaaaaaaaaaaaaaa.js', hash: 'aaaaaaaaaaaaaaaa', integrity }),
    );

    expect((await loadWidgetBundle({ fromSource: false, dir: stale })).hash).toBe('aaaaaaaaaaaaaaaa'); // a valid dist/

    const log = { error: vi.fn() };
    const b = await loadWidgetBundle({ dir: stale, log });
    expect(b.hash).toBe(fresh.manifest.hash);
    expect(b.file).toBe(`widget.${fresh.manifest.hash}.js`);
    expect(b.integrity).toBe(fresh.manifest.integrity);
    expect(b.code.toString()).toBe(fresh.code);
    expect(gunzipSync(b.gzip).toString()).toBe(fresh.code);
    expect(log.error).not.toHaveBeenCalled(); // within budget
  });

  it('logs a clear error when the build is over budget, and still serves it', async () => {
    const log = { error: vi.fn() };
    const b = await loadWidgetBundle({ fromSource: true, budgetGzipBytes: 1000, log });
    expect(b.hash).toBe(fresh.manifest.hash);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]![0]).toMatch(
      new RegExp(`OVER BUDGET: ${fresh.manifest.gzipBytes} B gzipped > 1000 B.*npm run build:widget`),
    );
  });

  it('without esbuild (production install), serves dist/widget as `npm run build:widget` wrote it', async () => {
    const dir = await distDir('dist-ok');
    const b = await loadWidgetBundle({ fromSource: false, dir });
    expect(b.hash).toBe(fresh.manifest.hash);
    expect(b.code.equals(await readFile(join(dir, fresh.manifest.file)))).toBe(true);
    expect(b.integrity).toBe(fresh.manifest.integrity);
  });

  it('works in a process where esbuild cannot be loaded at all', async () => {
    const dir = await distDir('dist-prod');
    // Both module systems refuse esbuild, as in `npm ci --omit=dev`: require.resolve (hasEsbuild) and import.
    const hook = join(tmp, 'no-esbuild.mjs');
    await writeFile(
      hook,
      `import Module, { register } from 'node:module';
      const missing = () => Object.assign(new Error("Cannot find module 'esbuild'"), { code: 'MODULE_NOT_FOUND' });
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) { if (request === 'esbuild') throw missing(); return resolve.call(this, request, ...rest); };
      register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, next) { if (s === "esbuild") throw Object.assign(new Error("no esbuild"), { code: "ERR_MODULE_NOT_FOUND" }); return next(s, c); }'));`,
    );
    const script = `const s = await import(${JSON.stringify(new URL('../../server/widget-api/script.ts', import.meta.url).href)});
      const esbuild = await import('esbuild').then(() => 'loaded', (e) => e.code);
      const b = await s.loadWidgetBundle({ dir: ${JSON.stringify(dir)} });
      console.log(JSON.stringify({ esbuild, has: s.hasEsbuild(), hash: b.hash }));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', hook, '--input-type=module', '-e', script],
      { cwd: join(import.meta.dirname, '../..') },
    );
    expect(JSON.parse(stdout)).toEqual({ esbuild: 'ERR_MODULE_NOT_FOUND', has: false, hash: fresh.manifest.hash });
  });

  it('without esbuild, refuses a missing dist/ or one whose file does not match its manifest, saying how to fix it', async () => {
    await expect(loadWidgetBundle({ fromSource: false, dir: join(tmp, 'nothing-here') })).rejects.toThrow(
      /esbuild is not installed.*npm run build:widget/,
    );
    const dir = await distDir('dist-tampered');
    await writeFile(join(dir, fresh.manifest.file), fresh.code + '\n;alert(1)');
    await expect(loadWidgetBundle({ fromSource: false, dir })).rejects.toThrow(/does not match its manifest/);
  });

  it('serves the fresh build through the default route loader, and retries a load that failed', async () => {
    let fail = true;
    const flaky = async (): Promise<WidgetBundle> => {
      if (fail) throw new Error('build failed');
      return loadWidgetBundle();
    };
    const server = express().use(scriptRoutes()).use('/flaky', scriptRoutes(flaky)).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await fetch(`${base}/widget.js`, { headers: { 'accept-encoding': 'identity' } });
      expect(r.headers.get('etag')).toBe(`"${fresh.manifest.hash}"`);
      expect(await r.text()).toBe(fresh.code);
      expect((await fetch(`${base}/widget/${fresh.manifest.file}`)).status).toBe(200);

      expect((await fetch(`${base}/flaky/widget.js`)).status).toBe(500);
      fail = false;
      expect((await fetch(`${base}/flaky/widget.js`)).status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
