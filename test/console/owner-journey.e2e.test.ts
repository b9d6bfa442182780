/**
 * The owner's journey in a real Chromium, by keyboard only: sign up → verify the e-mail (code read from a
 * real SMTP inbox) → onboarding → a simulated test call → its lead appears live in the inbox → a note →
 * handled. axe-core (no serious or critical violations) on every page, light and dark; the inbox and call
 * page at 375 px; no CSP violation and no request leaves the app's origin. Then the lead e-mail's link,
 * opened signed out, goes through log-in straight to the call page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyLead } from '../../server/leads/notify.ts';
import { processCall } from '../../server/leads/process-call.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import {
  axeViolations,
  type ConsolePage,
  launchChromium,
  openConsolePage,
  tabTo,
  widest,
} from '../../testkit/console-browser.ts';
import { uniqueEmail } from '../../testkit/http.ts';
import { seedInboxCalls } from '../../testkit/inbox-seed.ts';
import { type SmtpInbox, startSmtpInbox } from '../../testkit/smtp-inbox.ts';

// Generous: each step drives a real browser, and CI machines are shared.
describe.skipIf(!HAS_CHROMIUM)('owner journey in the console (Chromium, keyboard only)', { timeout: 90_000 }, () => {
  let app: TestApp;
  let smtp: SmtpInbox;
  let browser: Browser;
  let c: ConsolePage;
  const email = uniqueEmail('owner');
  const password = 'correct horse battery staple';
  let callId = '';

  beforeAll(async () => {
    smtp = await startSmtpInbox();
    app = await startTestApp({ upgrades: false, env: { SMTP_URL: smtp.url } });
    browser = await launchChromium();
    c = await openConsolePage(browser, app.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.stop();
  });

  /** axe in light and dark on the page as it is now. */
  async function accessible(where: string) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await c.page.emulateMedia({ colorScheme });
      await c.page.waitForTimeout(400); // Web Awesome eases colours between schemes
      expect(await axeViolations(c.page), `${where} (${colorScheme})`).toEqual([]);
    }
    await c.page.emulateMedia({ colorScheme: 'light' });
  }
  const type = (text: string) => c.page.keyboard.type(text);
  const press = (key: string) => c.page.keyboard.press(key);

  it('signs up and verifies the e-mail with the code from the inbox', async () => {
    await c.page.goto(app.url + '/');
    await c.page.getByRole('heading', { name: 'Log in to Leadline' }).waitFor();
    await accessible('log-in');
    await tabTo(c.page, 'a[href="/app/signup"]');
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Create your Leadline account' }).waitFor();
    await accessible('sign-up');
    await tabTo(c.page, 'wa-input[name=name]');
    await type('Rosa Owner');
    await press('Tab');
    await type(email);
    await press('Tab');
    await type(password);
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
    await accessible('verify e-mail');
    const mail = await smtp.waitFor((m) => m.to.includes(email) && /verification code/i.test(m.subject));
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    await tabTo(c.page, 'wa-input[name=code]');
    await type(code);
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Set up your receptionist' }).waitFor();
    const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email } });
    expect(account.emailVerifiedAt).not.toBeNull();
  });

  it('onboards the business and places a test call from a sample transcript', async () => {
    await accessible('onboarding');
    await tabTo(c.page, 'wa-input[name=name]');
    await type('Rapid Rooter');
    await tabTo(c.page, 'wa-textarea[name=services]');
    await type('drain cleaning\nleak repair\nwater heater repair');
    await tabTo(c.page, 'wa-input[name=greeting]');
    await type('Thanks for calling Rapid Rooter!');
    await tabTo(c.page, 'wa-input[name=forwardingNumber]');
    await type('+15125550199');
    await press('Tab');
    await type('sewage, flooding');
    await tabTo(c.page, 'wa-button[type=submit]', 'Create my receptionist');
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Make a test call' }).waitFor();
    const business = await app.ctx.db.business.findFirstOrThrow({
      where: { memberships: { some: { account: { email } } } },
    });
    expect(business).toMatchObject({
      name: 'Rapid Rooter',
      services: ['drain cleaning', 'leak repair', 'water heater repair'],
      greeting: 'Thanks for calling Rapid Rooter!',
      forwardingNumber: '+15125550199',
      escalationRules: { keywords: ['sewage', 'flooding'], transferDuringHoursOnly: true },
    });
    expect((business.weeklyHours as Record<string, unknown>).mon).toEqual([['08:00', '17:00']]);
    await accessible('onboarding with test call');
    await tabTo(c.page, 'wa-button[type=submit]', 'Simulate call');
    await press('Enter');
    await c.page.locator('ll-onboarding-page p', { hasText: 'Test call placed.' }).waitFor();
    const call = await app.ctx.db.call.findFirstOrThrow({ where: { businessId: business.id } });
    callId = call.id;
    expect(call.endReason).toBe('test_call');
  });

  it('the inbox shows the call, then its lead appears live; a new call appears without reload', async () => {
    await tabTo(c.page, 'a[href="/app/inbox"]');
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await c.page.getByText('Live', { exact: true }).waitFor();
    // The worker's part, done here (a worker in a test would race other files for jobs).
    const result = await processCall(app.ctx, callId);
    expect(result.leadId).toBeTruthy();
    const lead = await app.ctx.db.lead.findUniqueOrThrow({ where: { id: result.leadId! } });
    await c.page.locator('ll-inbox-page li', { hasText: lead.name! }).waitFor({ timeout: 5000 });
    await c.page.locator('ll-inbox-page li wa-badge', { hasText: 'Hot' }).waitFor();
    const business = await app.ctx.db.business.findFirstOrThrow({ where: { id: lead.businessId } });
    await seedInboxCalls(app.ctx.db, business.id, 1, { now: new Date(Date.now() + 60_000) });
    await c.page.locator('ll-inbox-page li', { hasText: 'Caller 1' }).waitFor({ timeout: 5000 });
    await expect.poll(() => c.page.locator('#announcer').textContent()).toContain('1 new call');
    await accessible('inbox');
    await c.page.setViewportSize({ width: 375, height: 800 });
    expect(await widest(c.page), 'inbox at 375 px').toEqual([]);
    await c.page.setViewportSize({ width: 1200, height: 900 });
  });

  it('opens the call, adds a note and marks it handled', async () => {
    const lead = await app.ctx.db.lead.findFirstOrThrow({ where: { calls: { some: { id: callId } } } });
    await tabTo(c.page, `a[href="/app/calls/${callId}"]`);
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Conversation' }).waitFor();
    await c.page.getByRole('heading', { name: lead.name! }).waitFor();
    await accessible('call page');
    await tabTo(c.page, 'wa-textarea[name=body]');
    await type('Called back; booked for Tuesday 9am');
    await tabTo(c.page, 'wa-button[type=submit]', 'Add note');
    await press('Enter');
    await c.page.locator('ll-call-page .notes li', { hasText: 'Called back; booked for Tuesday 9am' }).waitFor();
    await c.page.locator('ll-call-page .byline', { hasText: 'Rosa Owner' }).waitFor();
    await tabTo(c.page, 'wa-button', 'Mark handled');
    await press('Enter');
    await c.page.getByText('Handled by Rosa Owner').waitFor();
    await expect.poll(() => c.page.locator('#announcer').textContent()).toBe('Marked handled');
    const call = await app.ctx.db.call.findUniqueOrThrow({ where: { id: callId } });
    expect(call.handledAt).not.toBeNull();
    await accessible('call page, handled');
    await c.page.setViewportSize({ width: 375, height: 800 });
    expect(await widest(c.page), 'call page at 375 px').toEqual([]);
    expect(c.problems).toEqual([]);
    expect(c.foreign).toEqual([]);
  });

  it('connections cards and the website widget page: snippet, allowed origins', async () => {
    await c.page.setViewportSize({ width: 1200, height: 900 });
    await tabTo(c.page, 'a[href="/app/connections"]');
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Connections' }).waitFor();
    for (const name of ['HubSpot', 'Salesforce', 'Google Calendar'])
      await c.page.locator('ll-connections-page wa-card', { hasText: name }).getByText('Not connected').waitFor();
    await accessible('connections');
    await tabTo(c.page, 'a[href="/app/widget"]');
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Website widget' }).waitFor();
    const business = await app.ctx.db.business.findFirstOrThrow({
      where: { memberships: { some: { account: { email } } } },
    });
    await expect
      .poll(() => c.page.locator('ll-widget-settings-page #snippet').textContent())
      .toBe(`<script async src="${app.url}/widget.js" data-key="${business.widgetPublicKey}"></script>`);
    await accessible('website widget');
    await tabTo(c.page, 'wa-textarea[name=origins]');
    await type('https://www.rapidrooter.example');
    await tabTo(c.page, 'wa-button[type=submit]', 'Save');
    await press('Enter');
    await expect.poll(() => c.page.locator('#announcer').textContent()).toBe('Widget settings saved');
    expect((await app.ctx.db.business.findUniqueOrThrow({ where: { id: business.id } })).widgetOrigins).toEqual([
      'https://www.rapidrooter.example',
    ]);
    expect(c.problems).toEqual([]);
    expect(c.foreign).toEqual([]);
  });

  it("the lead e-mail's link, opened signed out, logs in and lands on the call page", async () => {
    const lead = await app.ctx.db.lead.findFirstOrThrow({ where: { calls: { some: { id: callId } } } });
    await notifyLead(app.ctx, { leadId: lead.id, callId });
    const mail = await smtp.waitFor((m) => m.to.includes(email) && /lead for Rapid Rooter/.test(m.subject));
    const link = /https:\/\/leadline\.test(\/app\/calls\/[\w-]+)/.exec(mail.text)![1]!;
    expect(link).toBe(`/app/calls/${callId}`);
    const fresh = await openConsolePage(browser, app.url);
    await fresh.page.goto(app.url + link);
    await fresh.page.waitForURL(/\/app\/login\?next=/);
    await fresh.page.locator('wa-input[name=email] input').fill(email);
    await fresh.page.locator('wa-input[name=password] input').fill(password);
    await fresh.page.locator('wa-input[name=password] input').press('Enter');
    await fresh.page.waitForURL(app.url + link);
    await fresh.page.getByRole('heading', { name: 'Conversation' }).waitFor();
    // A reload keeps the session: the refresh cookie restores it, the access token was only in memory.
    await fresh.page.reload();
    await fresh.page.getByRole('heading', { name: 'Conversation' }).waitFor();
    expect(await fresh.page.evaluate(() => document.cookie)).not.toContain('ll_refresh');
    expect(fresh.problems).toEqual([]);
    await fresh.context.close();
  });
});
