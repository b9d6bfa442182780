/**
 * The Privacy page in Chromium, with the privacy job worker running: an export requested by keyboard,
 * its status per system, the export downloaded as a file and read back; retention days and lead mode
 * saved; legal hold on and off; closing the business (the wrong name refused), its grace period shown,
 * and reopening. axe light and dark, 375 px.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type JobWorker } from '../../server/jobs/worker.ts';
import { privacyTasks } from '../../server/privacy/tasks.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import { type ConsolePage, launchChromium, openConsolePage, tabTo } from '../../testkit/console-browser.ts';
import { accessibleBothSchemes, fitsPhone, logInThroughPage } from '../../testkit/console-owner.ts';
import { createBusinessVia } from '../../testkit/http.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { writeLead } from '../../testkit/seed-leads.ts';
import { fakeNumber } from '../../testkit/twilio.ts';

describe.skipIf(!HAS_CHROMIUM)('privacy page (Chromium)', { timeout: 90_000 }, () => {
  let own: Awaited<ReturnType<typeof ownDatabase>>;
  let app: TestApp;
  let worker: JobWorker;
  let browser: Browser;
  let c: ConsolePage;
  let owner: Awaited<ReturnType<typeof verifiedSignup>>;
  let businessId = '';
  let leadId = '';
  const phone = fakeNumber();

  beforeAll(async () => {
    own = await ownDatabase('privacy_page');
    app = await startTestApp({ upgrades: false, env: { DATABASE_URL: own.url } });
    worker = await startWorker(app.ctx, own.url, [privacyTasks], 2);
    browser = await launchChromium();
    owner = await verifiedSignup(app, 'owner');
    businessId = (await createBusinessVia(app.url, owner.accessToken, { name: 'Rapid Rooter' })).id;
    leadId = (await writeLead(app.ctx.db, businessId, { phone, email: null, name: 'Dana Whitfield' })).leadId;
    c = await openConsolePage(browser, app.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await app?.close();
    await own?.drop();
  });

  const business = () => app.ctx.db.business.findUniqueOrThrow({ where: { id: businessId } });

  it('export by keyboard: status per system, then the file downloads with the person’s data', async () => {
    await logInThroughPage(c, app.url, owner.email, owner.password, '/app/privacy');
    await c.page.getByRole('heading', { name: 'Privacy requests' }).waitFor();
    await accessibleBothSchemes(c, 'privacy');
    await tabTo(c.page, 'wa-input[name=phone]');
    await c.page.keyboard.type(phone);
    await c.page.keyboard.press('Enter');
    const item = c.page.locator('ul.requests > li').first();
    await item.waitFor();
    expect(await app.ctx.db.privacyRequest.count({ where: { businessId, type: 'export' } })).toBe(1);
    // The job runs in the worker; the page shows what the request says when opened again.
    await expect
      .poll(
        async () => {
          await c.page.reload();
          await item.waitFor();
          return (await item.locator('wa-badge').first().textContent())?.trim();
        },
        { timeout: 45_000, interval: 1_000 },
      )
      .toBe('done');
    expect(await item.getByRole('list', { name: 'Status per system' }).textContent()).toContain('Leadline: done');
    const download = c.page.waitForEvent('download');
    await item.getByRole('button', { name: 'Download export' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^leadline-export-.+\.json$/);
    const doc = JSON.parse(await readFile((await file.path())!, 'utf8')) as { leads: { id: string }[] };
    expect(doc.leads.map((l) => l.id)).toEqual([leadId]);
    await accessibleBothSchemes(c, 'privacy with a request');
  });

  it('retention settings and the legal hold are saved', async () => {
    const form = c.page.locator('form[aria-label="Retention settings"]');
    await form.locator('wa-input[name=retentionDays] input').fill('30');
    const mode = form.locator('wa-select[name=leadRetention]');
    await mode.click();
    await mode.locator('wa-option[value=delete]').click();
    await form.getByRole('button', { name: 'Save retention' }).click();
    await expect.poll(async () => (await business()).retentionDays).toBe(30);
    expect((await business()).leadRetention).toBe('delete');

    const hold = () => c.page.getByRole('switch', { name: 'Legal hold on this business' });
    await hold().focus(); // by keyboard
    await c.page.keyboard.press('Space');
    await expect.poll(async () => (await business()).legalHold).toBe(true);
    await c.page.reload();
    await expect.poll(() => hold().isChecked()).toBe(true);
    await hold().focus();
    await c.page.keyboard.press('Space');
    await expect.poll(async () => (await business()).legalHold).toBe(false);
  });

  it('closing needs the exact name; the grace period is shown and the business can be reopened', async () => {
    const form = c.page.locator('form[aria-label="Close the business"]');
    await form.locator('wa-input[name=confirmName] input').fill('Rapid Roter');
    await form.getByRole('button', { name: 'Close the business' }).click();
    await c.page.getByRole('alert').waitFor();
    expect((await business()).closingAt).toBeNull();
    await form.locator('wa-input[name=confirmName] input').fill('Rapid Rooter');
    await form.getByRole('button', { name: 'Close the business' }).click();
    await c.page.getByText(/everything is deleted after/).waitFor();
    const closing = await business();
    expect(closing.closingAt).not.toBeNull();
    expect(closing.purgeAfter!.getTime()).toBeGreaterThan(Date.now());
    await accessibleBothSchemes(c, 'privacy (closing)');
    await fitsPhone(c, 'privacy');
    await c.page.getByRole('button', { name: 'Reopen the business' }).click();
    await expect.poll(async () => (await business()).closingAt).toBeNull();
    await form.waitFor();
    expect(c.problems.filter((p) => !/status of 400 /.test(p))).toEqual([]);
    expect(c.foreign).toEqual([]);
  });
});
