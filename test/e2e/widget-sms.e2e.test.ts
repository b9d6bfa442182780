/**
 * The widget's SMS code step in a real Chromium (issue #12): a business that confirms callback numbers by
 * SMS. The visitor fills the form, the code is texted (read back from the Twilio REST stand-in), and the
 * visitor types it by keyboard; a wrong code is refused on the field and announced, and nothing is created.
 */
import axe from 'axe-core';
import nock from 'nock';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../widget/build.ts';
import { bundleOf } from '../../server/widget-api/script.ts';
import type { TestApp } from '../../testkit/app.ts';
import { makeBusiness, randomUsNumber, startWidgetApp, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/widget-app.ts';
import { HAS_CHROMIUM, launchChromium } from '../../testkit/chromium.ts';
import { startHostPage, type HostPage } from '../../testkit/host-page.ts';
import { startTwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

describe.skipIf(!HAS_CHROMIUM)('widget SMS code step (Chromium, strict-CSP host page)', () => {
  let app: TestApp;
  let host: HostPage;
  let browser: Browser;
  let twilioRest: Awaited<ReturnType<typeof startTwilioRestStandin>>;
  let key = '';
  let businessId = '';

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    twilioRest = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
    app = await startWidgetApp({
      env: { TWILIO_API_BASE_URL: twilioRest.url },
      widget: {
        loadBundle: async () => {
          const b = await buildWidget({ write: false });
          return bundleOf(Buffer.from(b.code), b.manifest);
        },
      },
    });
    host = await startHostPage({ widgetHost: app.url, widgetKey: () => key });
    const b = await makeBusiness(app.ctx, {
      name: 'Acme Plumbing',
      widgetOrigins: [host.origin],
      widgetSettings: { verifyPhone: true },
    });
    key = b.widgetPublicKey;
    businessId = b.id;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await app?.close();
    await twilioRest?.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const statusText = (page: Page) => page.getByRole('status').textContent();
  const expectStatus = (page: Page, text: string | RegExp) =>
    expect
      .poll(async () => (await statusText(page)) ?? '', { timeout: 10_000, interval: 25 })
      .toMatch(typeof text === 'string' ? new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : text);
  const focused = (page: Page) =>
    page.evaluate(() => document.querySelector('leadline-widget')!.shadowRoot!.activeElement?.getAttribute('name'));
  const seriousAxe = async (page: Page) => {
    const violations = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  };

  it('texts a code, refuses a wrong one on the field (nothing created), then the right one requests the callback', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 860 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      // The refused code's 422 is logged by Chromium itself ("Failed to load resource"): expected here.
      if (/status of 422/.test(m.text())) return;
      if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });

    const config = await (
      await fetch(`${app.url}/widget/v1/config?key=${key}`, { headers: { origin: host.origin } })
    ).json();
    expect(config.requirePhoneCheck).toBe(true);

    await page.goto(host.origin + '/');
    const launcher = page.locator('leadline-widget .launcher');
    await launcher.waitFor({ timeout: 10_000 });
    await launcher.click();
    await page.getByRole('heading', { name: 'Acme Plumbing' }).waitFor();
    await page.getByLabel('Your name').fill('Dana Visitor');
    // A number of its own: per-number limits (callbacks and texts per hour) are shared by every test file.
    const phone = randomUsNumber();
    await page.getByLabel('Phone number').fill(phone);
    await page.getByLabel(/I agree to a phone call from Acme Plumbing/).check();
    await page.locator('leadline-widget form button[type=submit]').click();

    // The code step: announced, focused, and the code went to the visitor's number.
    await expectStatus(page, new RegExp(`^We texted a 6-digit code to .*${phone.slice(-4)}\\.$`));
    const codeInput = page.getByLabel('6-digit code');
    await expect.poll(() => codeInput.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    await expect.poll(() => focused(page)).toBe('code');
    const sms = twilioRest.messages();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.to).toBe(phone);
    const code = /\b(\d{6})\b/.exec(sms[0]!.body)![1]!;

    await page.evaluate(axe.source);
    expect(await seriousAxe(page), 'serious/critical axe violations on the code step').toEqual([]);

    // A wrong code, typed by keyboard: refused on the field and in the live region; nothing created.
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await page.keyboard.type(wrong);
    await page.keyboard.press('Enter');
    const refusal = 'That code is not right. Check the text and try again.';
    await expectStatus(page, refusal);
    expect(await codeInput.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await codeInput.getAttribute('aria-describedby');
    expect(describedBy).toBe('code-err');
    expect(await page.locator(`leadline-widget #${describedBy}`).textContent()).toBe(refusal);
    expect(await app.ctx.db.callbackRequest.count({ where: { businessId } })).toBe(0);
    expect(await seriousAxe(page), 'serious/critical axe violations with the code refused').toEqual([]);

    // The right code, by keyboard: the callback request is created for the confirmed number.
    await expect.poll(() => focused(page)).toBe('code');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await expectStatus(page, 'Request received — we will call you shortly.');
    const cb = await app.ctx.db.callbackRequest.findFirstOrThrow({ where: { businessId } });
    expect(cb.phone).toBe(phone);
    expect(cb.name).toBe('Dana Visitor');
    await app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + cb.id})`;
    expect(await app.ctx.db.callbackRequest.count({ where: { businessId } })).toBe(1);
    expect(twilioRest.messages()).toHaveLength(1);
    expect(await seriousAxe(page), 'serious/critical axe violations after the request').toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
