/**
 * The widget's styling contract, in real Chromium: the host page themes it only through `--leadline-*`
 * custom properties and `::part()`, it follows the visitor's light/dark preference unless `theme` pins
 * one, and a floating panel is a bottom sheet on phones and a card from 480px up.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserHarness } from '../../testkit/browser-harness.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';

/** [r, g, b] of a computed `rgb(…)`/`rgba(…)` colour. */
const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
/** Relative brightness 0–1, enough to tell a dark surface from a light one. */
const brightness = (c: string) => rgb(c).reduce((a, b) => a + b, 0) / 765;

describe.skipIf(!HAS_CHROMIUM)('leadline widget styling in Chromium', () => {
  const { h, snippet, open, w, launcher, submit } = useBrowserHarness();

  /** Computed values of CSS properties of the first element matching `selector` inside the widget. */
  const css = (page: Page, selector: string, props: string[]) =>
    w(page, selector)
      .first()
      .evaluate((el, ps) => {
        const cs = getComputedStyle(el);
        return Object.fromEntries(ps.map((p) => [p, cs.getPropertyValue(p)]));
      }, props);
  const style = (rules: string) => `<style>${rules}</style>`;

  it('takes every --leadline-* custom property from the host page, over the business accent', async () => {
    const vars = `leadline-widget {
      --leadline-accent: #00a000; --leadline-on-accent: #000000; --leadline-bg: #fffbe6; --leadline-fg: #202020;
      --leadline-radius: 3px; --leadline-font: Georgia, serif; --leadline-z-index: 1000; --leadline-offset: 40px;
      --leadline-danger: #800080; }`;
    // pk_fr's config sets accent #ff0000: the page's own --leadline-accent must still win.
    const page = await open(style(vars) + snippet('pk_fr'));
    await launcher(page).click();
    expect(
      await css(page, '[part~=launcher]', [
        'background-color',
        'color',
        'border-top-left-radius',
        'z-index',
        'right',
        'bottom',
        'font-family',
      ]),
    ).toEqual({
      'background-color': 'rgb(0, 160, 0)',
      color: 'rgb(0, 0, 0)',
      'border-top-left-radius': '3px',
      'z-index': '1000',
      right: '40px',
      bottom: '40px',
      'font-family': 'Georgia, serif',
    });
    expect(
      await css(page, '[part~=panel]', [
        'background-color',
        'color',
        'border-top-left-radius',
        'z-index',
        'right',
        'bottom',
      ]),
    ).toEqual({
      'background-color': 'rgb(255, 251, 230)',
      color: 'rgb(32, 32, 32)',
      'border-top-left-radius': '3px',
      'z-index': '1001',
      right: '40px',
      bottom: '104px', // offset + the launcher's height allowance
    });
    await submit(page);
    expect(await css(page, '[part~=error]', ['color'])).toEqual({ color: 'rgb(128, 0, 128)' });
    expect(await css(page, 'input[aria-invalid=true]', ['border-top-color'])).toEqual({
      'border-top-color': 'rgb(128, 0, 128)',
    });
  });

  it('lets the host page style every exposed part with ::part()', async () => {
    const parts = [
      'launcher',
      'panel',
      'header',
      'title',
      'close-button',
      'hours',
      'hours-text',
      'call-link',
      'form',
      'label',
      'input',
      'checkbox',
      'button',
      'status',
      'error',
    ];
    // A distinct outline colour per part, so a part that escapes its rule cannot pass on another's.
    const colour = (i: number) => `rgb(${10 + i}, ${20 + i}, ${30 + i})`;
    const rules = parts.map((p, i) => `leadline-widget::part(${p}) { outline: 2px solid ${colour(i)}; }`).join('\n');
    const page = await open(
      style(rules + ' leadline-widget::part(launcher) { background: rgb(1, 2, 3); }') + snippet('pk_open'),
    );
    await launcher(page).click();
    await submit(page); // brings up part="error"
    for (const [i, p] of parts.entries()) {
      expect(await css(page, `[part~=${p}]`, ['outline-color', 'outline-width']), p).toEqual({
        'outline-color': colour(i),
        'outline-width': '2px',
      });
    }
    // The page's ::part rule beats the widget's own styling of the part.
    expect(await css(page, '[part~=launcher]', ['background-color'])).toEqual({ 'background-color': 'rgb(1, 2, 3)' });
  });

  it('follows the visitor prefers-color-scheme without a theme attribute, live', async () => {
    const page = await open(
      `<leadline-widget key="pk_open" mode="inline" api-base="${h.api.origin}"></leadline-widget><script async src="${h.api.origin}/widget.js"></script>`,
    );
    await w(page, '[part~=title]').waitFor();
    await submit(page);
    const look = async () => {
      const panel = await css(page, '[part~=panel]', ['background-color', 'color', 'color-scheme']);
      const input = await css(page, '[part~=input]', ['background-color', 'color']);
      const err = await css(page, '[part~=error]', ['color']);
      return {
        bg: brightness(panel['background-color']!),
        fg: brightness(panel.color!),
        scheme: panel['color-scheme'],
        inputBg: brightness(input['background-color']!),
        inputFg: brightness(input.color!),
        err: err.color,
      };
    };

    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await look();
    expect(dark.scheme).toBe('light dark'); // not pinned: the browser picks
    expect(dark.bg).toBeLessThan(0.2);
    expect(dark.fg).toBeGreaterThan(0.8);
    expect(dark.inputBg).toBeLessThan(0.3); // native fields follow too
    expect(dark.inputFg).toBeGreaterThan(0.8);
    expect(dark.err).toBe('rgb(255, 138, 128)'); // the light red stays readable on dark

    await page.emulateMedia({ colorScheme: 'light' });
    const light = await look();
    expect(light.bg).toBeGreaterThan(0.9);
    expect(light.fg).toBeLessThan(0.2);
    expect(light.inputBg).toBeGreaterThan(0.9);
    expect(light.err).toBe('rgb(198, 40, 40)');
  });

  it('pins the scheme with theme="light" or theme="dark", whatever the visitor prefers', async () => {
    const both = ['light', 'dark']
      .map(
        (t) =>
          `<leadline-widget key="pk_open" mode="inline" theme="${t}" api-base="${h.api.origin}"></leadline-widget>`,
      )
      .join('');
    const page = await open(both + `<script async src="${h.api.origin}/widget.js"></script>`);
    await expect.poll(() => page.locator('leadline-widget [part~=title]').count()).toBe(2);
    const panels = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('leadline-widget')].map(
          (el) => getComputedStyle(el.shadowRoot!.querySelector('.panel')!).backgroundColor,
        ),
      );
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const [pinnedLight, pinnedDark] = (await panels()).map(brightness);
      expect(pinnedLight, scheme).toBeGreaterThan(0.9);
      expect(pinnedDark, scheme).toBeLessThan(0.2);
    }
  });

  it('opens as a full-width bottom sheet on a phone, and as a 360px card from 480px up', async () => {
    const page = await open(snippet('pk_open'));
    await page.setViewportSize({ width: 375, height: 667 });
    await launcher(page).click();
    const box = () =>
      w(page, '[part~=panel]').evaluate((el) => {
        const r = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        return {
          position: cs.position,
          left: r.left,
          right: r.right,
          bottom: r.bottom,
          width: r.width,
          cssWidth: cs.width,
          maxHeight: cs.maxHeight,
          overflowY: cs.overflowY,
        };
      });
    expect(await box()).toEqual({
      position: 'fixed',
      left: 0,
      right: 375,
      bottom: 667,
      width: 375,
      cssWidth: '341px',
      maxHeight: '600.3px' /* 90vh */,
      overflowY: 'auto',
    });
    // The sheet sits above the launcher it covers: the visitor can still close it.
    await w(page, '[part~=close-button]').click();
    expect(await w(page, '[part~=panel]').isVisible()).toBe(false);

    await page.setViewportSize({ width: 1024, height: 768 });
    await launcher(page).click();
    // 360px of content (the box adds padding and border), offset from the corner, above the launcher.
    expect(await box()).toMatchObject({
      position: 'fixed',
      right: 1024 - 16,
      bottom: 768 - 16 - 64,
      cssWidth: '360px',
      width: 360 + 2 * 16 + 2,
    });
  });
});
