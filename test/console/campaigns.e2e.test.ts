/**
 * The Campaigns pages in a real Chromium against the real app and the Twilio REST stand-in: the owner
 * uploads a CSV list, creates a campaign (a plan limit refused by the server shows on its field, nothing
 * written), starts, pauses and resumes it, all by keyboard; the dialler places the calls at a fixed time,
 * Twilio's signed callbacks end them, and the page's progress and report move without a reload; the
 * report's CSV downloads and a call opens its call page. axe clean light and dark, 375 px, the phone menu.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaignBody } from '../../server/campaigns/schema.ts';
import { createCampaign, transition } from '../../server/campaigns/service.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { PLATFORM_LIMITS } from '../../server/businesses/dial-policy.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { dialCycle, sendAmd, sendStatus } from '../../testkit/campaign-calls.ts';
import { usNumbers } from '../../testkit/campaign-seed.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import { type ConsolePage, launchChromium, openConsolePage, tabTo } from '../../testkit/console-browser.ts';
import { accessibleBothSchemes, fitsPhone, logInThroughPage } from '../../testkit/console-owner.ts';
import { createBusinessVia } from '../../testkit/http.ts';
import { setBalance } from '../../testkit/minutes.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { telephonyEnv, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

/** A Monday, 10:00 in New York: inside the campaign's 09:00–18:00 Mon–Fri window for 212 numbers. */
const MONDAY_10_NY = new Date('2027-03-15T14:00:00Z');

describe.skipIf(!HAS_CHROMIUM)('campaigns in the console', { timeout: 180_000 }, () => {
  let own: Awaited<ReturnType<typeof ownDatabase>>;
  let app: TestApp;
  let twilio: TwilioRestStandin;
  let browser: Browser;
  let c: ConsolePage;
  let businessId = '';
  let campaignId = '';
  const phones = usNumbers(3, 212);

  beforeAll(async () => {
    own = await ownDatabase('campaigns_console');
    twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
    app = await startTestApp({
      upgrades: false,
      env: telephonyEnv({ DATABASE_URL: own.url, TWILIO_API_BASE_URL: twilio.url }),
    });
    const owner = await verifiedSignup(app, 'campaigns-owner');
    const b = await createBusinessVia(app.url, owner.accessToken, { timezone: 'America/New_York', country: 'US' });
    businessId = b.id;
    await app.ctx.db.phoneNumber.create({ data: { businessId, e164: usNumbers(1, 512)[0]! } });
    await setBalance(app.ctx.db, businessId, 3600);
    browser = await launchChromium();
    c = await openConsolePage(browser, app.url);
    await logInThroughPage(c, app.url, owner.email, owner.password, '/app/lists');
    await c.page.waitForURL(/\/app\/lists/);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await twilio?.stop();
    await own?.drop();
  });

  const press = (key: string) => c.page.keyboard.press(key);
  const statusBadge = () => c.page.locator('.head wa-badge');
  /** The `name` of each element on the focus path, through shadow roots. */
  const focusedNames = () =>
    c.page.evaluate(() => {
      const names: string[] = [];
      let el: Element | null = document.activeElement;
      while (el) {
        if (el.getAttribute('name')) names.push(el.getAttribute('name')!);
        el = el.shadowRoot?.activeElement ?? null;
      }
      return names;
    });
  /** Select-all then type: replaces a field's value as a keyboard user would. */
  const retype = async (text: string) => {
    await press('ControlOrMeta+a');
    await c.page.keyboard.type(text);
  };

  it('uploads a list, then reaches Campaigns from the nav by keyboard', async () => {
    await c.page.getByRole('heading', { name: 'Lead lists' }).waitFor();
    await c.page.locator('input[type=file]').setInputFiles({
      name: 'march.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        ['Name,Phone', `Ann Lee,${phones[0]}`, `Bo Diaz,${phones[1]}`, `Cy Park,${phones[2]}`].join('\n'),
      ),
    });
    await c.page.getByRole('heading', { name: 'Columns' }).waitFor();
    await tabTo(c.page, 'wa-input[name=name]');
    await c.page.keyboard.type('March leads');
    await tabTo(c.page, 'wa-button[type=submit]', 'Import');
    await press('Enter');
    await c.page.getByText('3 imported').waitFor();

    await tabTo(c.page, 'a[href="/app/campaigns"]');
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Campaigns', exact: true }).waitFor();
    await c.page.getByText('No campaigns yet.').waitFor();
    await accessibleBothSchemes(c, 'campaigns, empty');
    await fitsPhone(c, 'campaigns, empty');
  });

  it('shows a refusal of the server on its field, writes nothing, then creates the campaign by keyboard', async () => {
    await tabTo(c.page, 'wa-button', 'New campaign');
    await press('Enter');
    await c.page.getByRole('heading', { name: 'New campaign' }).waitFor();
    await tabTo(c.page, 'wa-input[name=name]');
    await c.page.keyboard.type('March check-ups');
    await tabTo(c.page, 'wa-textarea[name=script]');
    await c.page.keyboard.type('Offer a spring check-up and book a time that suits them.');
    await tabTo(c.page, 'wa-input[name=maxAttempts]');
    await retype('1');
    // Self-hosted, the largest plan's ceiling applies (50 calls at once): 60 is the server's to refuse.
    await tabTo(c.page, 'wa-input[name=maxConcurrent]');
    await retype('60');
    await tabTo(c.page, 'wa-button[type=submit]', 'Create campaign');
    await press('Enter');
    const fieldError = c.page.locator('wa-input[name=maxConcurrent] .field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('at most 50');
    // Focus went to the refused field, and nothing was written.
    expect(await focusedNames()).toContain('maxConcurrent');
    // Invalid to the form too (it cannot go back unchanged), until it is edited.
    const concurrent = c.page.locator('wa-input[name=maxConcurrent]');
    const valid = () => concurrent.evaluate((e) => (e as HTMLInputElement).validity.valid);
    expect(await valid()).toBe(false);
    // The browser logs the refused request itself; nothing else went wrong.
    expect(c.problems).toEqual([expect.stringContaining('status of 422')]);
    c.problems.length = 0;
    expect(await app.ctx.db.campaign.count({ where: { businessId } })).toBe(0);
    await accessibleBothSchemes(c, 'new campaign, refused field');
    await fitsPhone(c, 'new campaign');

    await retype('2');
    expect(await valid()).toBe(true);
    expect(await fieldError.count()).toBe(0);
    await tabTo(c.page, 'wa-button[type=submit]', 'Create campaign');
    await press('Enter');
    await c.page.waitForURL(/\/app\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = c.page.url().split('/').pop()!;
    await c.page.getByRole('heading', { name: 'March check-ups' }).waitFor();
    const stored = await app.ctx.db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(stored).toMatchObject({
      businessId,
      status: 'draft',
      maxConcurrent: 2,
      maxAttempts: 1,
      windowStartMinute: 540,
      windowEndMinute: 1080,
      days: [1, 2, 3, 4, 5],
    });
    expect(await statusBadge().textContent()).toBe('Draft');
  });

  it('starts, pauses (nothing dialled) and resumes by keyboard', async () => {
    await tabTo(c.page, 'wa-button', 'Start calling');
    await press('Enter');
    await c.page.getByText('0 of 3 contacts done').waitFor();
    expect(await statusBadge().textContent()).toBe('Running');
    await accessibleBothSchemes(c, 'campaign, running');

    await tabTo(c.page, 'wa-button', 'Pause');
    await press('Enter');
    await c.page.locator('.head wa-badge', { hasText: 'Paused' }).waitFor();
    const paused = await dialCycle(app.ctx, campaignId, MONDAY_10_NY);
    expect(paused.dials).toEqual([]);
    expect(twilio.calls()).toHaveLength(0);

    await tabTo(c.page, 'wa-button', 'Resume');
    await press('Enter');
    await c.page.locator('.head wa-badge', { hasText: 'Running' }).waitFor();
    expect((await app.ctx.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe('running');
  });

  it('shows progress and the report move as Twilio reports the calls, without a reload', async () => {
    const navigations: string[] = [];
    c.page.on('framenavigated', (f) => navigations.push(f.url()));
    await dialCycle(app.ctx, campaignId, MONDAY_10_NY);
    expect(twilio.calls()).toHaveLength(2); // two at a time, as the campaign says
    await c.page.getByText('2 on the line now').waitFor({ timeout: 20_000 });

    const made = (to: string) => twilio.calls().find((x) => x.to === to)!;
    const [first, second] = twilio.calls();
    await sendStatus(app.url, first!, 'busy');
    await sendAmd(app.url, second!, 'machine_end_beep');
    await sendStatus(app.url, second!, 'completed', { duration: 31 });
    await c.page.getByText('2 of 3 contacts done').waitFor({ timeout: 20_000 });

    await dialCycle(app.ctx, campaignId, new Date(MONDAY_10_NY.getTime() + 60_000));
    const third = made(
      phones.find(
        (p) =>
          !twilio
            .calls()
            .slice(0, 2)
            .some((x) => x.to === p),
      )!,
    );
    await sendStatus(app.url, third, 'no-answer');
    await c.page.getByText('3 of 3 contacts done').waitFor({ timeout: 20_000 });
    for (const outcome of ['Busy', 'Voicemail', 'No answer'])
      await c.page.getByRole('cell', { name: outcome, exact: true }).first().waitFor();
    expect(await c.page.locator('.figure', { hasText: 'calls placed' }).textContent()).toContain('3');
    expect(await c.page.locator('.figure', { hasText: 'minutes used' }).textContent()).toContain('1');
    expect(navigations).toEqual([]); // all of it without a reload
    await accessibleBothSchemes(c, 'campaign, report');
    await fitsPhone(c, 'campaign, report');

    const download = c.page.waitForEvent('download');
    await tabTo(c.page, 'wa-button', 'Download all calls');
    await press('Enter');
    const rows = parse((await readFile((await (await download).path())!, 'utf8')).replace(/^\uFEFF/, ''), {
      columns: true,
    }) as Record<string, string>[];
    expect(rows.map((r) => r.outcome).sort()).toEqual(['busy', 'no_answer', 'voicemail']);
    expect(rows.find((r) => r.outcome === 'busy')?.contactName).toBeTruthy();

    // The list shows the same progress; the voicemail's call opens on its call page.
    await tabTo(c.page, 'a[href="/app/campaigns"]', 'All campaigns');
    await press('Enter');
    await c.page.getByText('3 of 3 done').waitFor();
    await c.page.getByText('Voicemail: 1').waitFor();
    await accessibleBothSchemes(c, 'campaigns, list');
    await c.page.goBack();
    const voicemail = await app.ctx.db.campaignDial.findFirstOrThrow({ where: { campaignId, outcome: 'voicemail' } });
    expect(voicemail.callId).toBeTruthy();
    await tabTo(c.page, `a[href="/app/calls/${voicemail.callId}"]`);
    await press('Enter');
    await c.page.waitForURL(new RegExp(`/app/calls/${voicemail.callId}$`));
    expect(c.problems).toEqual([]);
    expect(c.foreign).toEqual([]);
  });

  it('fits a phone: one Menu, operable by keyboard, reaches Campaigns', async () => {
    await c.page.setViewportSize({ width: 375, height: 800 });
    await c.page.goto(`${app.url}/app/inbox`);
    await c.page.locator('wa-dropdown.menu').waitFor();
    expect(await c.page.locator('span.links').isVisible()).toBe(false);
    await tabTo(c.page, 'wa-dropdown.menu wa-button', 'Menu');
    await press('Enter');
    await c.page.locator('wa-dropdown.menu wa-dropdown-item[value="/app/campaigns"]').waitFor({ state: 'visible' });
    await accessibleBothSchemes(c, 'phone menu, open');
    // Type-ahead picks the item, as in any menu.
    await c.page.keyboard.type('Cam');
    await press('Enter');
    await c.page.waitForURL(/\/app\/campaigns$/);
    await c.page.getByText('March check-ups').waitFor();
    await fitsPhone(c, 'campaigns list');
    expect(c.problems).toEqual([]);
  });

  it('reads nothing while the tab is hidden, again when shown; cancel asks first', async () => {
    await c.page.setViewportSize({ width: 1200, height: 900 });
    const list = await app.ctx.db.leadList.findFirstOrThrow({ where: { businessId } });
    const number = await app.ctx.db.phoneNumber.findFirstOrThrow({ where: { businessId } });
    const owner = await app.ctx.db.membership.findFirstOrThrow({ where: { businessId, role: 'owner' } });
    // Made straight through the service (the page's create is proven above): a running campaign to watch.
    const body = createCampaignBody.parse({
      listId: list.id,
      name: 'April reminders',
      goal: 'remind',
      script: 'Remind them of their visit.',
      greeting: 'Hi!',
      disclosure: 'An AI assistant calling.',
      callerId: number.e164,
      window: { start: '09:00', end: '18:00' },
    });
    const actor = { accountId: owner.accountId, ip: undefined };
    const second = await createCampaign(app.ctx.db, businessId, body, actor, false);
    await transition(app.ctx.db, businessId, second.id, 'start', actor);
    const reads: string[] = [];
    c.page.on('request', (r) => {
      if (r.url().includes(`/campaigns/${second.id}`)) reads.push(r.url());
    });
    await c.page.goto(`${app.url}/app/campaigns/${second.id}`);
    await c.page.getByRole('heading', { name: 'April reminders' }).waitFor();
    await c.page.waitForTimeout(2000); // a running campaign is re-read every 1.5 s at first
    expect(reads.length).toBeGreaterThan(2);

    const setHidden = (hidden: boolean) =>
      c.page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await c.page.waitForTimeout(300); // a read already on its way may land
    const before = reads.length;
    await c.page.waitForTimeout(5000);
    expect(reads.length).toBe(before);
    await setHidden(false);
    await expect.poll(() => reads.length, { timeout: 2000 }).toBeGreaterThan(before);

    // The day's campaign dials used up (a platform limit): the page says why nothing is dialled, and until when.
    const key = `campaign:dials:${businessId}`;
    const used = PLATFORM_LIMITS.campaignDialsPerDay;
    await app.ctx.db.rateWindow.upsert({
      where: { key },
      create: { key, windowStart: new Date(), used },
      update: { windowStart: new Date(), used },
    });
    const callout = c.page.locator('wa-callout', { hasText: "Today's campaign calls for this business are used up" });
    await callout.waitFor({ timeout: 15_000 });
    expect(await callout.textContent()).toMatch(/Calling goes on by itself\s+at \S/);
    await accessibleBothSchemes(c, 'campaign, daily limit reached');
    await app.ctx.db.rateWindow.delete({ where: { key } });
    await callout.waitFor({ state: 'detached', timeout: 15_000 });

    // Cancel asks first: keeping it changes nothing, confirming cancels.
    await tabTo(c.page, 'wa-button', 'Cancel campaign');
    await press('Enter');
    await c.page.getByRole('dialog', { name: 'Cancel this campaign?' }).waitFor();
    await accessibleBothSchemes(c, 'cancel dialog');
    await tabTo(c.page, 'wa-dialog wa-button', 'Keep the campaign');
    await press('Enter');
    await c.page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect((await app.ctx.db.campaign.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('running');
    await tabTo(c.page, 'wa-button', 'Cancel campaign');
    await press('Enter');
    await c.page.getByRole('dialog', { name: 'Cancel this campaign?' }).waitFor();
    await tabTo(c.page, 'wa-dialog wa-button[variant=danger]', 'Cancel campaign');
    await press('Enter');
    await c.page.locator('.head wa-badge', { hasText: 'Cancelled' }).waitFor();
    expect((await app.ctx.db.campaign.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('cancelled');

    // On a wide screen the rarely used pages are in the Settings menu, also keyboard operable.
    await tabTo(c.page, 'wa-dropdown.settings wa-button', 'Settings');
    await press('Enter');
    await c.page.locator('wa-dropdown.settings wa-dropdown-item[value="/app/team"]').waitFor({ state: 'visible' });
    await c.page.keyboard.type('Tea');
    await press('Enter');
    await c.page.waitForURL(/\/app\/team$/);
    expect(c.problems).toEqual([]);
  });
});
