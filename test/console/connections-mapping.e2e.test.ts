/**
 * The connections page in Chromium against the HubSpot stand-in and the real sync worker: the field mapping
 * editor (one select per Leadline field, "Default", save, reset; a server objection shown on its row), the
 * saved mapping is what the next push uses (the stand-in received the values in the mapped properties), and
 * a backfill's progress bar moves to 100 % and says done from the live stream, with no reload and no polling.
 * Keyboard for the editor, axe light and dark with it open, 375 px.
 */
import type { Runner } from 'graphile-worker';
import type { Browser } from 'playwright-core';
import { accessibleBothSchemes } from '../../testkit/console-owner.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../server/jobs/worker.ts';
import { syncTasks } from '../../server/sync/tasks.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import { type ConsolePage, launchChromium, openConsolePage, tabTo, widest } from '../../testkit/console-browser.ts';
import { logInConsole } from '../../testkit/console-login.ts';
import { createBusinessVia } from '../../testkit/http.ts';
import { startHubspotStandin, type HubspotStandin } from '../../testkit/hubspot-standin.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { freshHubId, hubspotConnection, leadSpec, writeLeads } from '../../testkit/seed-leads.ts';

const N = 12;
/** Polls wait for round trips through the app (a PATCH checked against the CRM, a re-render); a loaded machine needs more than a second. */
const SLOW = { timeout: 15_000 };

describe.skipIf(!HAS_CHROMIUM)(
  'connections page: field mapping and live backfill (Chromium)',
  { timeout: 120_000 },
  () => {
    const hubId = freshHubId();
    const token = `tok-${hubId}`;
    let standin: HubspotStandin;
    let app: TestApp;
    let browser: Browser;
    let c: ConsolePage;
    let worker: Runner | undefined;
    let drop: (() => Promise<void>) | undefined;
    let databaseUrl = '';
    let businessId = '';
    let connId = '';

    beforeAll(async () => {
      // Each request a little slow, so the backfill's bar is seen on its way.
      standin = await startHubspotStandin({
        accounts: [{ hubId, token }],
        extraProperties: ['lead_budget'],
        latencyMs: 40,
      });
      // A database of its own: the worker started below must not take other files' jobs.
      const own = await ownDatabase('connmap');
      drop = own.drop;
      databaseUrl = own.url;
      app = await startTestApp({
        upgrades: false,
        env: {
          DATABASE_URL: own.url,
          HUBSPOT_CLIENT_ID: 'hs-client',
          HUBSPOT_CLIENT_SECRET: 'hs-secret',
          HUBSPOT_API_BASE_URL: standin.url,
        },
      });
      browser = await launchChromium();
      const owner = await verifiedSignup(app, 'map-owner');
      businessId = (await createBusinessVia(app.url, owner.accessToken, { name: 'Mapped Plumbing' })).id;
      await app.ctx.db.business.update({
        where: { id: businessId },
        data: { captureFields: [{ key: 'budget', label: 'Budget' }] },
      });
      // Leads from before HubSpot was connected: nothing queued for them until the backfill.
      const leads = await writeLeads(
        app.ctx.db,
        businessId,
        Array.from({ length: N }, (_, i) => leadSpec('map', i)),
      );
      await app.ctx.db.lead.updateMany({
        where: { id: { in: leads.map((l) => l.leadId) } },
        data: { customFields: { budget: 'about 2000 dollars' } },
      });
      connId = (await hubspotConnection(app.ctx, { hubId, token, businessId })).conn.id;
      c = await openConsolePage(browser, app.url);
      await logInConsole(c.page, app.url, owner.email, owner.password, /\/app\/inbox/);
      await c.page.goto(app.url + '/app/connections');
      await c.page.getByRole('heading', { name: 'Connections' }).waitFor();
    }, 120_000);
    afterAll(async () => {
      await worker?.stop();
      await browser?.close();
      await app?.close();
      await standin?.stop();
      await drop?.();
    });

    const editor = () => c.page.locator('ll-field-mapping[provider=hubspot]');
    const select = (label: string) => editor().locator(`wa-select[label="${label}"]`);
    const settings = async () =>
      (await app.ctx.db.connection.findUniqueOrThrow({ where: { id: connId } })).settings as Record<string, unknown>;

    const chosenValue = (label: string) => select(label).evaluate((s) => (s as HTMLSelectElement).value);

    type SelectState = { open: boolean; currentOption?: { value: string; label: string } | null };
    const state = (label: string) =>
      select(label).evaluate((s) => {
        const x = s as unknown as SelectState;
        return { open: x.open, current: x.currentOption?.value ?? null, label: x.currentOption?.label ?? null };
      });

    /**
     * Chooses an option of a select by keyboard: Tab to it, Enter opens it, Home and ArrowDown walk to the
     * option, Enter picks it. The select sets its current option when its opening settles, so the walk starts
     * only then (typing letters raced it under load: the opening reset the option the letters had found).
     */
    async function choose(label: string, option: string, value: string) {
      await tabTo(c.page, `wa-select[label="${label}"]`);
      await c.page.keyboard.press('Enter');
      await expect
        .poll(async () => (await state(label)).open && (await state(label)).current !== null, SLOW)
        .toBe(true);
      const index = await select(label).evaluate(
        (s, v) =>
          [...s.querySelectorAll('wa-option')].findIndex((o) => (o as unknown as { value: string }).value === v),
        value,
      );
      expect(index).toBeGreaterThanOrEqual(0);
      await c.page.keyboard.press('Home');
      for (let i = 0; i < index; i++) await c.page.keyboard.press('ArrowDown');
      await expect.poll(async () => (await state(label)).current, SLOW).toBe(value);
      expect((await state(label)).label?.toLowerCase()).toMatch(new RegExp(`^${option.slice(0, 6).toLowerCase()}`));
      await c.page.keyboard.press('Enter');
      await expect.poll(() => chosenValue(label), SLOW).toBe(value);
    }

    it('opens the editor by keyboard: one row per Leadline field with its default, and the CRM fields', async () => {
      await tabTo(c.page, 'wa-details', 'HubSpot field mapping');
      await c.page.keyboard.press('Enter');
      await select('Phone').waitFor();
      const labels = await editor()
        .locator('wa-select')
        .evaluateAll((ss) => ss.map((s) => s.getAttribute('label')));
      expect(labels).toEqual([
        'Full name',
        'First name',
        'Last name',
        'E-mail',
        'Phone',
        'Address',
        'Reason for calling',
        'Service',
        'Urgency',
        'Temperature (Hot, Warm, Cold)',
        'Preferred time',
        'Call summary',
        'Budget',
      ]);
      await expect
        .poll(() => select('Phone').locator('wa-option').first().textContent(), SLOW)
        .toContain('Default: Phone (phone)');
      expect(await select('Budget').locator('wa-option').first().textContent()).toContain(
        'Default: not sent to the contact',
      );
      expect(await select('Budget').locator('wa-option', { hasText: 'Lead budget (lead_budget)' }).count()).toBe(1);
      await accessibleBothSchemes(c, 'field mapping editor');
    });

    it("shows the server's objection on the row it names, and stores nothing", async () => {
      await choose('Budget', 'Lead budget', 'lead_budget');
      // Someone removes the Budget capture field while the editor is open: the server refuses the row.
      await app.ctx.db.business.update({ where: { id: businessId }, data: { captureFields: [] } });
      await tabTo(c.page, 'wa-button', 'Save mapping');
      await c.page.keyboard.press('Enter');
      await expect.poll(() => select('Budget').getAttribute('hint'), SLOW).toContain('Leadline has no field budget');
      await c.page.getByRole('alert').filter({ hasText: 'fieldMapping.budget' }).waitFor();
      expect(await settings()).toEqual({});
      await accessibleBothSchemes(c, 'field mapping, with the objection shown');
      await app.ctx.db.business.update({
        where: { id: businessId },
        data: { captureFields: [{ key: 'budget', label: 'Budget' }] },
      });
    });

    it('saves a mapping by keyboard, resets it, saves it again', async () => {
      await choose('Phone', 'Mobilephone', 'mobilephone');
      await tabTo(c.page, 'wa-button', 'Save mapping');
      await c.page.keyboard.press('Enter');
      await expect.poll(() => c.page.locator('#announcer').textContent(), SLOW).toBe('HubSpot field mapping saved');
      expect(await settings()).toEqual({ fieldMapping: { phone: 'mobilephone', budget: 'lead_budget' } });
      await expect.poll(() => select('Budget').getAttribute('hint'), SLOW).toBe('');

      await tabTo(c.page, 'wa-button', 'Reset to defaults');
      await c.page.keyboard.press('Enter');
      await expect
        .poll(() => c.page.locator('#announcer').textContent(), SLOW)
        .toBe('HubSpot field mapping reset to the defaults');
      expect(await settings()).toEqual({ fieldMapping: {} });
      await expect.poll(() => chosenValue('Phone'), SLOW).toBe('');

      await choose('Phone', 'Mobilephone', 'mobilephone');
      await choose('Budget', 'Lead budget', 'lead_budget');
      await tabTo(c.page, 'wa-button', 'Save mapping');
      await c.page.keyboard.press('Enter');
      await expect.poll(settings, SLOW).toEqual({ fieldMapping: { phone: 'mobilephone', budget: 'lead_budget' } });
    });

    it('backfills with a live bar that reaches 100 % and says done, without reload or polling; the mapping was used', async () => {
      await c.page.evaluate(() => Object.assign(window, { sameDocument: true }));
      const reads: string[] = [];
      c.page.on('request', (r) => {
        if (new URL(r.url()).pathname === `/api/v1/businesses/${businessId}/connections`) reads.push(r.url());
      });
      worker = await startWorker(app.ctx, databaseUrl, [syncTasks], 2);
      await c.page.getByRole('button', { name: 'Send last 30 days' }).click();
      const card = c.page.locator('ll-connections-page wa-card', { hasText: 'HubSpot' });
      const bar = card.locator('wa-progress-bar');
      await bar.waitFor();
      await card.getByText(`Done: ${N} of ${N} sent`).waitFor({ timeout: 60_000 });
      expect(await bar.getAttribute('value')).toBe('100');
      // The bar's accessible progress (Web Awesome's role=progressbar inside it) says 100 too.
      expect(await bar.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
      await card.getByText(`${N} synced · 0 waiting · 0 failed`).waitFor();
      await expect.poll(() => c.page.locator('#announcer').textContent(), SLOW).toBe(`HubSpot: done, ${N} leads sent`);
      expect(await c.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect(reads).toEqual([]);

      // The saved mapping is what the push used: phones in mobilephone, the captured budget in lead_budget.
      const contacts = standin.contacts(hubId);
      expect(contacts).toHaveLength(N);
      expect(contacts.map((x) => x.properties.mobilephone).sort()).toEqual(
        Array.from({ length: N }, (_, i) => leadSpec('map', i).phone).sort(),
      );
      expect(contacts.every((x) => x.properties.lead_budget === 'about 2000 dollars')).toBe(true);
      expect(contacts.some((x) => x.properties.phone)).toBe(false);
      // The refused save above is the only error the browser logged (its 422 answer).
      expect(c.problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
      expect(c.foreign).toEqual([]);
    });

    it('fits a 375 px phone screen with the editor open', async () => {
      await c.page.setViewportSize({ width: 375, height: 800 });
      await c.page.reload();
      await c.page.locator('ll-field-mapping[provider=hubspot] wa-details').click();
      await select('Phone').waitFor();
      expect(await widest(c.page)).toEqual([]);
    });
  },
);
