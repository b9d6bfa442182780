/** The widget bundle: size budget, manifest, integrity, and what must never be in it. */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget, WIDGET_BUDGET_GZIP_BYTES, type BuildWidgetResult } from '../../widget/build.ts';

describe('buildWidget', () => {
  let built: BuildWidgetResult;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leadline-widget-'));
    await writeFile(join(dir, 'widget.0123456789abcdef.js'), 'stale');
    built = await buildWidget({ outDir: dir });
    console.log(
      `widget bundle: ${built.manifest.bytes} B, ${built.manifest.gzipBytes} B gzipped (budget ${WIDGET_BUDGET_GZIP_BYTES} B)`,
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stays under the 12 KB gzipped budget, Lit included', () => {
    expect(built.manifest.gzipBytes).toBe(gzipSync(Buffer.from(built.code), { level: 9 }).length);
    expect(built.manifest.gzipBytes).toBeLessThanOrEqual(WIDGET_BUDGET_GZIP_BYTES);
    expect(built.overBudget).toBe(false);
  });

  it('writes a content-hashed file and a manifest whose integrity matches it, replacing older builds', async () => {
    const { manifest } = built;
    expect(manifest.file).toBe(`widget.${manifest.hash}.js`);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['manifest.json', manifest.file]));
    expect(await readdir(dir)).not.toContain('widget.0123456789abcdef.js');
    const bytes = await readFile(join(dir, manifest.file));
    expect(bytes.length).toBe(manifest.bytes);
    expect(manifest.integrity).toBe('sha384-' + createHash('sha384').update(bytes).digest('base64'));
    expect(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
  });

  it('is deterministic: the same sources give the same hash', async () => {
    const again = await buildWidget({ write: false });
    expect(again.manifest.hash).toBe(built.manifest.hash);
  });

  it('contains nothing a strict CSP or a privacy review would reject', async () => {
    const { code } = built;
    expect(code).not.toMatch(/\beval\(|new Function\(|setTimeout\(["'`]/);
    // Our own sources never build style elements or HTML strings (Lit itself only falls back to a <style>
    // in browsers without constructable stylesheets, and parses templates through <template>).
    const srcDir = join(import.meta.dirname, '../../widget/src');
    for (const f of await readdir(srcDir, { recursive: true })) {
      if (!f.endsWith('.ts')) continue;
      const src = await readFile(join(srcDir, f), 'utf8');
      expect(src, f).not.toMatch(
        /createElement\(["'`]style|innerHTML|insertAdjacentHTML|document\.write|unsafeCSS|unsafeHTML|style=/,
      );
    }
    expect(code).not.toMatch(/credentials:\s*["'`]include/);
    expect(code).not.toMatch(/https?:\/\/(?!leadline\.dev)[a-z0-9.-]+\.[a-z]{2,}/i); // no third-party hosts baked in
    expect(code).not.toMatch(/localStorage|document\.cookie/);
    // Lit's version/metadata globals are stripped (the loader's promise: no global but Leadline).
    expect(code).not.toMatch(/Versions\?\?=|litPropertyMetadata\?\?=/);
    // A classic script, so document.currentScript works.
    expect(code).toMatch(/^("use strict";)?\(\(\)=>\{/);
  });
});
