/**
 * The website widget page in Chromium: the live preview is the real widget (widget.js, this business's
 * key) on a sample page of our origin under its own strict CSP, and it follows a saved accent colour; a
 * call-back asked for in the preview is refused and writes nothing. The callback requests list shows
 * status, time and the visitor's reason as text (markup in it stays text). axe light/dark, keyboard save,
 * 375 px.
 */
import type { Browser, Frame } from 'playwright-core';
import { accessibleBothSchemes } from '../../testkit/console-owner.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import { type ConsolePage, launchChromium, openConsolePage, tabTo, widest } from '../../testkit/console-browser.ts';
import { logInConsole } from '../../testkit/console-login.ts';
import { call, createBusinessVia } from '../../testkit/http.ts';

describe.skipIf(!HAS_CHROMIUM)('website widget page (Chromium)', { timeout: 90_000 }, () => {
  let app: TestApp;
  let browser: Browser;
  let c: ConsolePage;
  let biz: { id: string; widgetPublicKey: string };

  beforeAll(async () => {
    app = await startTestApp({ upgrades: false });
    browser = await launchChromium();
    const owner = await verifiedSignup(app, 'widget-owner');
    biz = await createBusinessVia(app.url, owner.accessToken, {
      name: 'Widget Plumbing',
      widgetOrigins: ['https://www.widgetplumbing.example'],
    });
    const at = (m: number) => new Date(Date.now() - m * 60_000);
    await app.ctx.db.callbackRequest.createMany({
      data: [
        {
          businessId: biz.id,
          name: 'Dana Visitor',
          phone: '+12125550142',
          reason: 'Water heater is leaking',
          consentCall: true,
          status: 'completed',
          tokenHash: 'x1',
          createdAt: at(30),
        },
        {
          businessId: biz.id,
          name: 'Eve Tester',
          phone: '+12125550143',
          reason: '<img src=x onerror=alert(1)> <b>urgent</b>',
          consentCall: true,
          status: 'queued',
          tokenHash: 'x2',
          createdAt: at(5),
        },
      ],
    });
    c = await openConsolePage(browser, app.url);
    await logInConsole(c.page, app.url, owner.email, owner.password, /\/app\/inbox/);
    await c.page.goto(app.url + '/app/widget');
    await c.page.getByRole('heading', { name: 'Website widget' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const preview = async (): Promise<Frame> => {
    const handle = await c.page.locator('ll-widget-settings-page iframe').elementHandle();
    const frame = await handle!.contentFrame();
    await frame!.locator('leadline-widget .launcher').waitFor({ timeout: 15_000 });
    return frame!;
  };

  it('lists callback requests newest first: status, time, and the reason as text', async () => {
    const rows = c.page.locator('ll-callback-list tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Eve Tester');
    expect(await rows.nth(0).textContent()).toContain('Waiting to call');
    expect(await rows.nth(0).locator('td.reason').textContent()).toBe('<img src=x onerror=alert(1)> <b>urgent</b>');
    expect(await rows.nth(0).locator('td.reason img, td.reason b').count()).toBe(0);
    expect(await rows.nth(1).textContent()).toContain('Called back');
    await accessibleBothSchemes(c, 'widget page');
  });

  it('previews the real widget on a sample page under a strict CSP; a saved accent shows in it', async () => {
    const page = await fetch(`${app.url}/console/widget-preview?key=${biz.widgetPublicKey}`);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect((await fetch(`${app.url}/console/widget-preview?key=pk_nope`)).status).toBe(404);

    let frame = await preview();
    // The preview sits below the settings: bring the whole frame into view, then use the widget in it.
    await c.page.locator('ll-widget-settings-page iframe').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await frame.locator('leadline-widget .launcher').click();
    await frame.locator('leadline-widget #title', { hasText: 'Widget Plumbing' }).waitFor();

    await tabTo(c.page, 'wa-input[name=accent]');
    await c.page.keyboard.type('#c2185b');
    await tabTo(c.page, 'wa-button[type=submit]', 'Save');
    await c.page.keyboard.press('Enter');
    await expect.poll(() => c.page.locator('#announcer').textContent()).toBe('Widget settings saved');
    frame = await preview();
    const accent = () =>
      frame
        .locator('leadline-widget')
        .evaluate((el) => getComputedStyle(el).getPropertyValue('--leadline-config-accent').trim());
    await expect.poll(accent).toBe('#c2185b');
    expect(c.problems).toEqual([]);
    expect(c.foreign).toEqual([]);
  });

  it('ATTACK: the preview cannot place a call: a callback from our own origin is refused and writes nothing', async () => {
    const before = await app.ctx.db.callbackRequest.count({ where: { businessId: biz.id } });
    const r = await call(app.url, 'POST', '/widget/v1/callbacks', {
      headers: { origin: app.url },
      body: { key: biz.widgetPublicKey, name: 'Mallory', phone: '+12125550199', consentCall: true },
    });
    expect(r.status).toBe(403);
    // A same-origin read without the browser's Sec-Fetch-Site is an unlisted site like any other.
    const cfg = await call(app.url, 'GET', `/widget/v1/config?key=${biz.widgetPublicKey}`);
    expect(cfg.status).toBe(403);
    expect(await app.ctx.db.callbackRequest.count({ where: { businessId: biz.id } })).toBe(before);
  });

  it('fits a 375 px phone screen', async () => {
    await c.page.setViewportSize({ width: 375, height: 800 });
    await c.page.reload();
    await c.page.locator('ll-callback-list tbody tr').first().waitFor();
    expect(await widest(c.page)).toEqual([]);
  });
});
