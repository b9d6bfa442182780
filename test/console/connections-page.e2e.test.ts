/**
 * The connections page in Chromium: a connected HubSpot card shows its account and counts; Disconnect
 * asks first (a dialog: "Keep connected" changes nothing), then disconnects through the API, the tokens
 * are gone and the card says so. axe light/dark with the dialog open, keyboard for the confirmation, 375 px.
 */
import type { Browser } from 'playwright-core';
import { accessibleBothSchemes } from '../../testkit/console-owner.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import { type ConsolePage, launchChromium, openConsolePage, tabTo, widest } from '../../testkit/console-browser.ts';
import { logInConsole } from '../../testkit/console-login.ts';
import { createBusinessVia } from '../../testkit/http.ts';
import { freshHubId, hubspotConnection } from '../../testkit/seed-leads.ts';

describe.skipIf(!HAS_CHROMIUM)('connections page (Chromium)', { timeout: 90_000 }, () => {
  let app: TestApp;
  let browser: Browser;
  let c: ConsolePage;
  let connId = '';

  beforeAll(async () => {
    // A configured HubSpot app (its API at an address nothing listens on: the seeded grant has no refresh
    // token, so disconnecting has nothing to revoke there).
    app = await startTestApp({
      upgrades: false,
      env: {
        HUBSPOT_CLIENT_ID: 'hs-client',
        HUBSPOT_CLIENT_SECRET: 'hs-secret',
        HUBSPOT_API_BASE_URL: 'http://127.0.0.1:9',
      },
    });
    browser = await launchChromium();
    const owner = await verifiedSignup(app, 'crm-owner');
    const biz = await createBusinessVia(app.url, owner.accessToken, { name: 'Synced Plumbing' });
    connId = (await hubspotConnection(app.ctx, { hubId: freshHubId(), token: 'hs-token', businessId: biz.id })).conn.id;
    c = await openConsolePage(browser, app.url);
    await logInConsole(c.page, app.url, owner.email, owner.password, /\/app\/inbox/);
    await c.page.goto(app.url + '/app/connections');
    await c.page.getByRole('heading', { name: 'Connections' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const card = (name: string) => c.page.locator('ll-connections-page wa-card', { hasText: name });

  it('asks before disconnecting; "Keep connected" changes nothing', async () => {
    await card('HubSpot').getByText('Connected', { exact: true }).waitFor();
    await c.page.getByRole('button', { name: 'Disconnect HubSpot' }).click();
    const dialog = c.page.getByRole('dialog', { name: 'Disconnect HubSpot?' });
    await dialog.waitFor();
    await accessibleBothSchemes(c, 'connections page');
    // The footer buttons are the dialog element's slotted children: found from its host.
    await c.page.locator('ll-connections-page wa-dialog').getByRole('button', { name: 'Keep connected' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await app.ctx.db.connection.findUniqueOrThrow({ where: { id: connId } })).status).toBe('active');
  });

  it('disconnects by keyboard once confirmed: tokens deleted, the card says so', async () => {
    await tabTo(c.page, 'wa-button', 'Disconnect HubSpot');
    await c.page.keyboard.press('Enter');
    const dialog = c.page.getByRole('dialog', { name: 'Disconnect HubSpot?' });
    await dialog.waitFor();
    // Tab stays inside the open dialog (the page behind is inert): the confirmation by keyboard.
    await tabTo(c.page, 'wa-dialog wa-button[variant=danger]', 'Disconnect');
    await c.page.keyboard.press('Enter');
    await expect
      .poll(async () => (await app.ctx.db.connection.findUniqueOrThrow({ where: { id: connId } })).status)
      .toBe('disconnected');
    await card('HubSpot').getByText('Disconnected', { exact: true }).waitFor();
    const row = await app.ctx.db.connection.findUniqueOrThrow({ where: { id: connId } });
    expect(row).toMatchObject({ status: 'disconnected', accessTokenEnc: null, refreshTokenEnc: null });
    await expect.poll(() => c.page.locator('#announcer').textContent()).toBe('HubSpot disconnected');
    expect(c.problems).toEqual([]);
    expect(c.foreign).toEqual([]);
  });

  it('fits a 375 px phone screen', async () => {
    await c.page.setViewportSize({ width: 375, height: 800 });
    await c.page.reload();
    await card('HubSpot').waitFor();
    expect(await widest(c.page)).toEqual([]);
  });
});
