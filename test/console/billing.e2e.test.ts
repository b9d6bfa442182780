/**
 * Usage & billing in Chromium, billing on (Stripe stand-in): minutes used this period and calls per day as
 * uPlot charts drawn under the strict CSP (numbers also as a table for screen readers, checked against the
 * seeded calls and ledger), the 80 % usage alert, the plan, and checkout reached by keyboard: the page goes
 * to the Checkout URL Stripe answered with. axe light and dark, 375 px.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../../server/billing/ledger.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import { type ConsolePage, launchChromium, openConsolePage, tabTo } from '../../testkit/console-browser.ts';
import { accessibleBothSchemes, fitsPhone, logInThroughPage } from '../../testkit/console-owner.ts';
import { createBusinessVia } from '../../testkit/http.ts';
import { seedInboxCalls } from '../../testkit/inbox-seed.ts';
import { setBalance } from '../../testkit/minutes.ts';
import { newStandin, stripeEnv } from '../../testkit/stripe-billing.ts';
import type { StripeStandin } from '../../testkit/stripe-standin.ts';

const DAY = 86_400_000;

describe.skipIf(!HAS_CHROMIUM)('usage and billing page (Chromium)', { timeout: 90_000 }, () => {
  let app: TestApp;
  let stripe: StripeStandin;
  let browser: Browser;
  let c: ConsolePage;
  let owner: Awaited<ReturnType<typeof verifiedSignup>>;
  let businessId = '';

  beforeAll(async () => {
    stripe = await newStandin();
    app = await startTestApp({ upgrades: false, env: stripeEnv(stripe) });
    browser = await launchChromium();
    owner = await verifiedSignup(app, 'owner');
    businessId = (await createBusinessVia(app.url, owner.accessToken, { timezone: 'UTC' })).id;
    // Noon UTC today and two days before: 4 calls, then 3; 9 minutes of AI conversation, 1 minute left.
    const noon = new Date(Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000);
    const today = noon.getTime() > Date.now() ? new Date() : noon;
    await seedInboxCalls(app.ctx.db, businessId, 4, { now: today });
    await seedInboxCalls(app.ctx.db, businessId, 3, { now: new Date(noon.getTime() - 2 * DAY) });
    for (const seconds of [-300, -240])
      await record(app.ctx.db, { businessId, kind: 'usage', seconds, key: `test:${randomUUID()}` });
    await setBalance(app.ctx.db, businessId, 60);
    c = await openConsolePage(browser, app.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stripe?.close();
  });

  it('charts this period’s minutes and calls per day, with the usage alert and the plan', async () => {
    await logInThroughPage(c, app.url, owner.email, owner.password, '/app/billing');
    await c.page.getByRole('heading', { name: 'Usage and billing' }).waitFor();
    await c.page.getByText("80 % of this period's minutes are used.").waitFor();
    await c.page.getByText('9 min', { exact: true }).waitFor();
    const minutes = c.page.locator('ll-usage-chart[label="Minutes used this period"]');
    const calls = c.page.locator('ll-usage-chart[label="Calls per day"]');
    // uPlot drew its canvas (sized through CSSOM, which the CSP allows) in both charts.
    await expect.poll(() => minutes.locator('.uplot canvas').count()).toBe(1);
    await expect.poll(() => calls.locator('.uplot canvas').count()).toBe(1);
    const rows = async (chart: typeof calls) =>
      chart
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()).join(' ')),
        );
    const callRows = await rows(calls);
    expect(callRows).toHaveLength(30); // the last 30 days, days without calls included
    const day = (offset: number) => new Date(Date.now() - offset * DAY).toISOString().slice(0, 10);
    const byDay = Object.fromEntries(callRows.map((r) => r.split(' ') as [string, string]));
    expect(Number(byDay[day(0)]) + Number(byDay[day(1)] ?? 0)).toBe(4);
    expect(byDay[day(2)]).toBe('3');
    expect((await rows(minutes)).at(-1)).toBe(`${day(0)} 9`); // the running total
    await c.page.getByRole('heading', { name: 'Plan' }).waitFor();
    await c.page.getByRole('button', { name: 'Manage billing and invoices' }).waitFor();
    await accessibleBothSchemes(c, 'billing');
    await fitsPhone(c, 'billing');
    expect(c.problems).toEqual([]);
    expect(c.foreign).toEqual([]);
  });

  it('checkout by keyboard: the page goes to the Stripe Checkout URL', async () => {
    await c.page.route('https://checkout.stripe.test/**', (r) =>
      r.fulfill({ contentType: 'text/html', body: '<title>Checkout</title>' }),
    );
    const before = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').length;
    await tabTo(c.page, 'wa-button', 'Choose Pro');
    await c.page.keyboard.press('Enter');
    await c.page.waitForURL(/^https:\/\/checkout\.stripe\.test\/c\/pay\//);
    const sessions = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions');
    expect(sessions.length).toBe(before + 1);
    expect(c.foreign.every((u) => u.startsWith('https://checkout.stripe.test/'))).toBe(true);
  });

  it("Stripe's return lands on the console's billing page, which says how it went, once", async () => {
    const session = [...stripe.sessions.values()].at(-1)!;
    // Where Stripe sends the browser after paying: the success URL the server gave it, its placeholder filled.
    const success = new URL(String(session.success_url).replace('{CHECKOUT_SESSION_ID}', String(session.id)));
    expect(success.pathname).toBe('/app/billing');
    await c.page.goto(app.url + success.pathname + success.search);
    const notice = c.page.getByRole('status').filter({ hasText: 'Payment received' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Your new plan shows here as soon as Stripe confirms it.');
    // The address no longer carries the result: a reload does not say it again.
    await expect.poll(() => new URL(c.page.url()).search).toBe('');
    await c.page.reload();
    await c.page.getByRole('heading', { name: 'Plan' }).waitFor();
    expect(await c.page.getByText('Payment received').count()).toBe(0);

    const cancel = new URL(String(session.cancel_url));
    await c.page.goto(app.url + cancel.pathname + cancel.search);
    await c.page.getByRole('status').filter({ hasText: 'Checkout canceled: nothing was charged.' }).waitFor();
    await accessibleBothSchemes(c, 'billing after a canceled checkout');
  });
});
