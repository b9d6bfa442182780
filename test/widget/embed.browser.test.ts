/**
 * The widget as embedded on a customer site, in real Chromium: loader queue API, double snippet, inline
 * mode, accessibility and a strict Content-Security-Policy.
 */
import { describe, expect, it } from 'vitest';
import { WIDGET_LABELS as L } from '../../server/widget-api/labels.ts';
import { useBrowserHarness } from '../../testkit/browser-harness.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';

describe.skipIf(!HAS_CHROMIUM)('leadline widget embedding in Chromium', () => {
  const { h, snippet, open, w, launcher, statusText, evaluate, firstId, fillForm, submit } = useBrowserHarness();

  it('runs queue calls made before the script loaded, and on/off/open/close after', async () => {
    const stub = `<script>
      window.Leadline = window.Leadline || function(){(Leadline.q=Leadline.q||[]).push(arguments)};
      window.seen = [];
      window.onStatus = function (d) { seen.push('status:' + d.status); };
      Leadline('on', 'submitted', function (d) { seen.push('submitted:' + d.status); });
      Leadline('on', 'status', onStatus);
      Leadline('open');
    </script>`;
    const page = await open(stub + snippet('pk_open'));
    await expect.poll(() => w(page, '[part~=panel]').isVisible()).toBe(true);
    await fillForm(page, { name: 'Fay', phone: '4155550123', call: true });
    await submit(page);
    await expect.poll(() => evaluate<string[]>(page, 'seen')).toEqual(['submitted:queued', 'status:queued']);
    const id = await firstId(page);
    await page.evaluate(() =>
      (window as unknown as { Leadline: (...a: unknown[]) => void; onStatus: unknown }).Leadline(
        'off',
        'status',
        (window as unknown as { onStatus: unknown }).onStatus,
      ),
    );
    h.api.push(id, { status: 'calling' });
    await expect.poll(() => statusText(page)).toBe(L.statusCalling);
    expect(await evaluate<string[]>(page, 'seen')).toEqual(['submitted:queued', 'status:queued']);
    await page.evaluate(() => (window as unknown as { Leadline: (c: string) => void }).Leadline('close'));
    await expect.poll(() => w(page, '[part~=panel]').isVisible()).toBe(false);
  });

  it('mounts one widget when the snippet is pasted twice (also as the hashed file) and adds no global but Leadline', async () => {
    const page = await open(
      snippet('pk_open') + snippet('pk_open') + snippet('pk_open', `${h.api.origin}/widget/${h.bundleFile}`),
    );
    await launcher(page).waitFor();
    await page.waitForLoadState('load');
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => document.querySelectorAll('leadline-widget').length)).toBe(1);
    expect(await evaluate<string[]>(page, '__errors')).toEqual([]);
    const added = await page.evaluate(() => {
      const before = new Set((window as unknown as { __globals: string[] }).__globals);
      return Object.getOwnPropertyNames(window).filter((k) => !before.has(k) && !k.startsWith('__'));
    });
    expect(added).toEqual(['Leadline']);
  });

  it('works inline with api-base, without a launcher', async () => {
    const page = await open(
      `<script async src="${h.api.origin}/widget.js"></script><main><leadline-widget key="pk_open" mode="inline" api-base="${h.api.origin}" theme="dark"></leadline-widget></main>`,
    );
    await expect.poll(() => w(page, '[part~=title]').textContent()).toBe('Acme Plumbing');
    expect(await launcher(page).count()).toBe(0);
    expect(await w(page, '[part~=panel]').getAttribute('role')).toBe('region');
    // theme="dark" forces the dark scheme whatever the OS says.
    expect(await w(page, '[part~=panel]').evaluate((el) => getComputedStyle(el).colorScheme)).toBe('dark');
    expect(await page.evaluate(() => document.querySelectorAll('leadline-widget').length)).toBe(1);
  });

  it('works inline without api-base: the API origin comes from the script URL, not the page', async () => {
    const before = h.api.configRequests.length;
    // The element is parsed before the script runs (async): it upgrades once the loader has set the origin.
    const page = await open(
      `<main><leadline-widget key="pk_open" mode="inline"></leadline-widget></main><script async src="${h.api.origin}/widget.js"></script>`,
    );
    await expect.poll(() => w(page, '[part~=title]').textContent()).toBe('Acme Plumbing');
    expect(h.api.configRequests.slice(before).map((r) => [r.key, r.headers.origin])).toEqual([
      ['pk_open', h.site.origin],
    ]);
    await fillForm(page, { name: 'Hal', phone: '4155550123', call: true });
    await submit(page);
    await expect.poll(() => statusText(page)).toBe(L.statusQueued);
    expect(h.api.posts.at(-1)!.headers.origin).toBe(h.site.origin);
    expect(await evaluate<string[]>(page, '__errors')).toEqual([]);
  });

  it("declares its labels in the element's own lang, over the business's lang", async () => {
    const el = (key: string, lang = '') =>
      `<leadline-widget key="${key}" mode="inline" api-base="${h.api.origin}"${lang && ` lang="${lang}"`}></leadline-widget>`;
    // The page is English; pk_fr's config says fr. The element's lang="de" must win; without one, fr applies.
    const page = await open(
      el('pk_fr', 'de') + el('pk_fr') + `<script async src="${h.api.origin}/widget.js"></script>`,
    );
    await expect.poll(() => page.locator('leadline-widget [part~=title]').count()).toBe(2);
    const langs = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('leadline-widget')].map((host) => {
          const label = host.shadowRoot!.querySelector('[part~=button]')!;
          return ['de', 'fr', 'en'].find((l) => label.matches(`:lang(${l})`));
        }),
      );
    expect(await langs()).toEqual(['de', 'fr']);
    // A page that changes the attribute later is followed too (lang is inherited, not copied).
    await page.evaluate(() => document.querySelector('leadline-widget')!.setAttribute('lang', 'es'));
    expect((await langs())[0]).toBeUndefined();
    expect(
      await w(page, '[part~=button]')
        .first()
        .evaluate((b) => b.matches(':lang(es)')),
    ).toBe(true);
  });

  it('has no axe-core accessibility violations, open and with inline errors', async () => {
    const { createRequire } = await import('node:module');
    const axeSource = await (await import('node:fs/promises')).readFile(
      createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
      'utf8',
    );
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    await submit(page);
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
          };
        }
      ).axe;
      const r = await axe.run({ include: [['leadline-widget']] }, { resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
  });

  it('runs under a strict CSP (no inline styles or scripts, connect only to the widget API) with no violation', async () => {
    const csp = `default-src 'none'; script-src ${h.api.origin}; style-src 'none'; connect-src ${h.api.origin}`;
    const page = await open(snippet('pk_fr'), { csp });
    await launcher(page).click();
    // Styles did apply (adopted stylesheets), including the CSSOM-set accent.
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 0, 0)');
    await fillForm(page, { name: 'Gil', phone: '4155550123', call: true });
    await submit(page);
    await expect.poll(() => statusText(page)).toBe(L.statusQueued);
    const id = await firstId(page);
    h.api.push(id, { status: 'ringing' });
    await expect.poll(() => statusText(page)).toBe(L.statusRinging);
    expect(await evaluate<string[]>(page, '__violations')).toEqual([]);
    expect(await evaluate<string[]>(page, '__errors')).toEqual([]);
  });
});
