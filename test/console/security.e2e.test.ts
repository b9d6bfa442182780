/**
 * Two-factor in Chromium: enrol from the Security page (QR code drawn, the key as text; the code comes
 * from `otpauth` given the set-up link the page shows), recovery codes shown once; log out and back in
 * through the challenge step (a wrong code refused, a TOTP code accepted by keyboard); a recovery code
 * works once; turning it off needs the password and a code. axe light and dark, 375 px.
 */
import * as OTPAuth from 'otpauth';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import { type ConsolePage, launchChromium, openConsolePage, tabTo } from '../../testkit/console-browser.ts';
import { accessibleBothSchemes, fitsPhone, logInThroughPage } from '../../testkit/console-owner.ts';
import { createBusinessVia } from '../../testkit/http.ts';

describe.skipIf(!HAS_CHROMIUM)('two-factor in the console (Chromium)', { timeout: 90_000 }, () => {
  let app: TestApp;
  let browser: Browser;
  let c: ConsolePage;
  let owner: Awaited<ReturnType<typeof verifiedSignup>>;
  let totp: OTPAuth.TOTP;
  let recovery: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ upgrades: false });
    browser = await launchChromium();
    owner = await verifiedSignup(app, 'owner');
    await createBusinessVia(app.url, owner.accessToken);
    c = await openConsolePage(browser, app.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const account = () => app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });

  it('enrols: QR code and key shown, a code from the app turns it on, recovery codes shown once', async () => {
    await logInThroughPage(c, app.url, owner.email, owner.password, '/app/security');
    await c.page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    await accessibleBothSchemes(c, 'security (off)');
    await c.page.getByRole('button', { name: 'Set up two-factor' }).click();
    const qr = c.page.locator('ll-qr-code');
    await qr.waitFor();
    // The QR code is drawn (a canvas with pixels), not fetched from anywhere.
    const inked = () =>
      qr.locator('canvas').evaluate((cv: HTMLCanvasElement) => {
        const px = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
        let dark = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i]! < 64) dark++;
        return dark;
      });
    await expect.poll(inked).toBeGreaterThan(1000);
    const uri = (await c.page.locator('details code.secret').textContent())!.trim();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    totp = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    const shownKey = (await c.page.locator('code[data-secret]').textContent())!.replace(/\s/g, '');
    expect(shownKey).toBe(totp.secret.base32);
    await accessibleBothSchemes(c, 'security (enrolling)');
    expect((await account()).totpEnabledAt).toBeNull();

    await tabTo(c.page, 'wa-input[name=code]');
    await c.page.keyboard.type('000000');
    await c.page.keyboard.press('Enter');
    await c.page.getByRole('alert').waitFor();
    expect((await account()).totpEnabledAt).toBeNull();

    await c.page.locator('wa-input[name=code] input').fill(totp.generate());
    await c.page.locator('wa-input[name=code] input').press('Enter');
    const codes = c.page.getByRole('list', { name: 'Recovery codes' });
    await codes.waitFor();
    recovery = (await codes.locator('li').allTextContents()).map((s) => s.trim());
    expect(recovery.length).toBeGreaterThanOrEqual(8);
    expect((await account()).totpEnabledAt).not.toBeNull();
    await accessibleBothSchemes(c, 'security (recovery codes)');
    await fitsPhone(c, 'security');
    await c.page.getByRole('button', { name: 'I have saved them' }).click();
    expect(await codes.count()).toBe(0);
    await c.page.reload();
    await c.page.getByText('Logging in asks for a code').waitFor();
    expect(await c.page.getByRole('list', { name: 'Recovery codes' }).count()).toBe(0);
  });

  it('log-in asks for the code: a wrong one is refused, the app’s code (keyboard only) lets the owner in', async () => {
    await c.context.clearCookies();
    await logInThroughPage(c, app.url, owner.email, owner.password, '/app/team');
    await c.page.getByRole('heading', { name: 'Two-factor check' }).waitFor();
    expect(c.page.url()).toContain('/app/two-factor?next=');
    await accessibleBothSchemes(c, 'two-factor challenge');
    await tabTo(c.page, 'wa-input[name=code]');
    await c.page.keyboard.type('123456');
    await c.page.keyboard.press('Enter');
    await c.page.getByRole('alert').waitFor();
    expect(c.page.url()).toContain('/app/two-factor');
    // The next time step: the enrolment's own code cannot be replayed.
    await c.page.locator('wa-input[name=code] input').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await c.page.keyboard.press('Enter');
    await c.page.waitForURL(/\/app\/team/);
  });

  it('a recovery code logs in once; turning two-factor off needs the password and a code', async () => {
    await c.context.clearCookies();
    await logInThroughPage(c, app.url, owner.email, owner.password, '/app/security');
    await c.page.getByRole('heading', { name: 'Two-factor check' }).waitFor();
    await c.page.locator('wa-input[name=code] input').fill(recovery[0]!);
    await c.page.keyboard.press('Enter');
    await c.page.waitForURL(/\/app\/security/);
    await c.page.getByText('Logging in asks for a code').waitFor();
    const off = c.page.locator('form[aria-label="Turn two-factor off"]');
    await off.locator('wa-input[name=password] input').fill('not the password');
    await off.locator('wa-input[name=code] input').fill(recovery[1]!);
    await off.getByRole('button', { name: 'Turn off' }).click();
    await c.page.getByRole('alert').waitFor();
    expect((await account()).totpEnabledAt).not.toBeNull();
    await off.locator('wa-input[name=password] input').fill(owner.password);
    await off.locator('wa-input[name=code] input').fill(recovery[0]!); // spent at log-in
    await off.getByRole('button', { name: 'Turn off' }).click();
    await expect.poll(async () => (await c.page.getByRole('alert').textContent())?.includes('wrong')).toBe(true);
    expect((await account()).totpEnabledAt).not.toBeNull();
    await off.locator('wa-input[name=code] input').fill(recovery[2]!);
    await off.getByRole('button', { name: 'Turn off' }).click();
    await c.page.getByRole('button', { name: 'Set up two-factor' }).waitFor();
    expect((await account()).totpEnabledAt).toBeNull();
    // The refused codes above are 400/401 answers the console logs; anything else (CSP, script errors) is not expected.
    expect(c.problems.filter((p) => !/status of 40[01] /.test(p))).toEqual([]);
    expect(c.foreign).toEqual([]);
  });
});
