import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { startPageServer } from '../../testkit/fake-widget-api.ts';
import { call, uniqueEmail } from '../../testkit/http.ts';
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

  it('ATTACK in the browser: a page on a sibling origin (same site, other port: SameSite does not help) cannot refresh or end the session', async () => {
    const email = uniqueEmail('victim');
    const password = 'correct horse battery staple';
    await call(app.url, 'POST', '/api/v1/auth/signup', { body: { email, password } });
    const c = await openConsolePage(browser, app.url);
    await c.page.goto(app.url + '/app/login');
    await c.page.locator('wa-input[name=email] input').fill(email);
    await c.page.locator('wa-input[name=password] input').fill(password);
    await c.page.locator('wa-input[name=password] input').press('Enter');
    await c.page.waitForURL(/\/app\/onboarding/);
    const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email } });
    const before = await app.ctx.db.session.findMany({
      where: { accountId: account.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(before).toHaveLength(2); // the sign-up's and the browser's log-in

    const evil = await startPageServer();
    // Cookies ignore ports, so this page can even read ll_csrf and send it as the header.
    evil.pages.set('/', {
      html: `<!doctype html><title>evil</title><form id="f" method="post" action="${app.url}/console/session/logout"></form>
      <script>
        const csrf = (document.cookie.match(/ll_csrf=([^;]+)/) || [])[1] || '';
        window.results = Promise.all([
          fetch('${app.url}/console/session/refresh', { method: 'POST', credentials: 'include' }).then((r) => r.status, () => 'blocked'),
          fetch('${app.url}/console/session/refresh', { method: 'POST', credentials: 'include', headers: { 'x-csrf-token': decodeURIComponent(csrf) } }).then((r) => r.status, () => 'blocked'),
        ]).then((r) => ({ csrfSeen: csrf.length > 0, r }));
      </script>`,
    });
    const attacker = await c.context.newPage();
    await attacker.goto(evil.origin + '/');
    const results = await attacker.evaluate(() => (window as unknown as { results: Promise<unknown> }).results);
    expect(results).toEqual({ csrfSeen: true, r: ['blocked', 'blocked'] });
    // A plain form post (top-level navigation) reaches the server and is refused there.
    await attacker.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit());
    await attacker.waitForURL(/console\/session\/logout/);
    expect(await attacker.textContent('body')).toContain('Cross-site request refused');
    const after = await app.ctx.db.session.findMany({
      where: { accountId: account.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(after).toEqual(before); // nothing rotated, nothing revoked, nothing new
    // The victim's own tab still works.
    await c.page.reload();
    await c.page.getByRole('heading', { name: 'Set up your receptionist' }).waitFor();
    await evil.close();
    await c.context.close();
  });
});
