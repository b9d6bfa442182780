import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import { axeViolations, launchChromium, openConsolePage } from '../../testkit/console-browser.ts';

describe.skipIf(!HAS_CHROMIUM)('console page: served at /app with a strict CSP', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startTestApp({ upgrades: false });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('GET / sends browsers to the console; the page carries the CSP and no inline code', async () => {
    const root = await fetch(app.url + '/', { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/app/');
    const res = await fetch(app.url + '/app/inbox');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/<style|style=/);
  });

  for (const colorScheme of ['light', 'dark'] as const)
    it(`log-in page renders Web Awesome under the CSP, nothing foreign, no serious axe violations (${colorScheme})`, async () => {
      const c = await openConsolePage(browser, app.url, { colorScheme });
      await c.page.goto(app.url + '/app/inbox');
      // No session: the private page sends the visitor to log in, remembering where they wanted to go.
      await c.page.waitForURL(/\/app\/login\?next=%2Fapp%2Finbox/);
      await c.page.getByRole('heading', { name: 'Log in to Leadline' }).waitFor();
      await c.page.locator('wa-input[name=email]').waitFor();
      // The Web Awesome input is upgraded (has a shadow root with a real input) under the CSP.
      expect(await c.page.locator('wa-input[name=email] input').count()).toBe(1);
      expect(await axeViolations(c.page)).toEqual([]);
      expect(c.problems).toEqual([]);
      expect(c.foreign).toEqual([]);
      await c.context.close();
    });
});
