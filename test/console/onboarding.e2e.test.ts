/**
 * Onboarding in a real Chromium: closed days, FAQ entries, free text, an extra capture field and the
 * voice are set through the page and stored structured; the consent preview shows the server's words and
 * follows the "Record calls" box before saving; a number is found and bought through the API (the Twilio
 * REST stand-in answers) and one the business has is connected. axe (light and dark), keyboard for the
 * main action, 375 px.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentPrompt } from '../../server/calls/consent.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
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
import { logInConsole } from '../../testkit/console-login.ts';
import { PUBLIC_BASE, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

describe.skipIf(!HAS_CHROMIUM)('onboarding page (Chromium)', { timeout: 90_000 }, () => {
  let app: TestApp;
  let twilio: TwilioRestStandin;
  let browser: Browser;
  let c: ConsolePage;
  let owner: Awaited<ReturnType<typeof verifiedSignup>>;

  beforeAll(async () => {
    twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
    app = await startTestApp({
      upgrades: false,
      env: {
        TWILIO_ACCOUNT_SID: TWILIO_SID,
        TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
        TWILIO_API_BASE_URL: twilio.url,
        PUBLIC_BASE_URL: PUBLIC_BASE,
      },
    });
    browser = await launchChromium();
    owner = await verifiedSignup(app, 'onboarder');
    c = await openConsolePage(browser, app.url);
    await logInConsole(c.page, app.url, owner.email, owner.password, /\/app\/onboarding/);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await twilio?.stop();
  });

  async function accessible(where: string) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await c.page.emulateMedia({ colorScheme });
      await c.page.waitForTimeout(400); // Web Awesome eases colours between schemes
      expect(await axeViolations(c.page), `${where} (${colorScheme})`).toEqual([]);
    }
    await c.page.emulateMedia({ colorScheme: 'light' });
  }
  const business = () =>
    app.ctx.db.business.findFirstOrThrow({ where: { memberships: { some: { account: { email: owner.email } } } } });

  it('creates the receptionist with closed days, FAQ, knowledge, a capture field and a voice', async () => {
    const p = c.page;
    await p.getByRole('heading', { name: 'Set up your receptionist' }).waitFor();
    await accessible('onboarding, empty');
    await p.locator('wa-input[name=name] input').fill('Holly Heating');
    await p.getByRole('button', { name: 'Add closed day' }).click();
    // The new row's first field has focus: typing goes straight into it.
    await p.getByLabel('Closed on (closed day 1)').fill('2026-12-25');
    await p.getByLabel('Why (e.g. Christmas Day) (closed day 1)').fill('Christmas Day');
    await p.getByRole('button', { name: 'Add question' }).click();
    await p.keyboard.type('Do you charge for estimates?');
    await p.getByLabel('Answer (question 1)').fill('No, estimates are free.');
    await p.getByRole('button', { name: 'Add question' }).click();
    await p.keyboard.type('A blank answer is dropped');
    await p.getByRole('button', { name: 'Remove question 2' }).click();
    await p.locator('wa-textarea[name=knowledgeBase] textarea').fill('We serve Austin and Round Rock.');
    await p.getByRole('button', { name: 'Add detail' }).click();
    await p.keyboard.type('Gate code (if any)');
    await p.locator('wa-select[name=voice]').click();
    await p.locator('wa-option[value=coral]').click();
    await accessible('onboarding, filled');
    // The main action by keyboard.
    await tabTo(p, 'wa-button[type=submit]', 'Create my receptionist');
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { name: 'Your phone number' }).waitFor();
    const b = await business();
    expect(b).toMatchObject({
      name: 'Holly Heating',
      voice: 'coral',
      knowledgeBase: 'We serve Austin and Round Rock.',
      closedDates: [{ date: '2026-12-25', name: 'Christmas Day' }],
      faqEntries: [{ question: 'Do you charge for estimates?', answer: 'No, estimates are free.' }],
      captureFields: [{ label: 'Gate code (if any)', key: 'gate_code_if_any' }],
    });
  });

  it('previews the consent words from the server, following the form before it is saved', async () => {
    const p = c.page;
    const b = await business();
    const heard = p.getByTestId('consent-inbound');
    await expect.poll(() => heard.textContent()).toBe(consentPrompt(b));
    expect(await heard.textContent()).toContain('recorded and transcribed');
    await p.locator('wa-checkbox[name=recordingEnabled]').click();
    await expect.poll(() => heard.textContent()).toBe(consentPrompt({ ...b, recordingEnabled: false }));
    expect((await business()).recordingEnabled).toBe(true); // a preview, not a save
    await p.locator('wa-textarea[name=consentPrompt] textarea').fill('Hi! This call is recorded. OK?');
    await expect.poll(() => heard.textContent()).toBe('Hi! This call is recorded. OK?');
  });

  it('finds and buys a number, and connects one the business has', async () => {
    const p = c.page;
    await p.locator('wa-input[name=areaCode] input').fill('737');
    await p.getByRole('button', { name: 'Search numbers' }).click();
    const buy = p.getByRole('button', { name: 'Buy (737) 555-0100' });
    await buy.waitFor();
    await accessible('numbers for sale');
    await buy.click();
    await p.locator('ll-phone-numbers ul.numbers li', { hasText: '+17375550100' }).waitFor();
    const b = await business();
    expect(await app.ctx.db.phoneNumber.findMany({ where: { businessId: b.id }, select: { e164: true } })).toEqual([
      { e164: '+17375550100' },
    ]);
    expect(twilio.owned().find((n) => n.e164 === '+17375550100')?.voiceUrl).toBe(`${PUBLIC_BASE}/twilio/voice`);

    twilio.own('+15125550177');
    await p.locator('wa-input[name=own] input').fill('+15125550177');
    await p.locator('wa-input[name=own] input').press('Enter');
    await p.locator('ll-phone-numbers ul.numbers li', { hasText: '+15125550177' }).waitFor();
    // A number Leadline's account does not have is refused, and nothing is attached.
    await p.locator('wa-input[name=own] input').fill('+15125550178');
    await p.locator('wa-input[name=own] input').press('Enter');
    await p.locator('ll-phone-numbers [role=alert]').waitFor();
    expect(await app.ctx.db.phoneNumber.count({ where: { businessId: b.id } })).toBe(2);
    // The refused attach is the only error the page saw.
    expect(c.problems.filter((x) => !/status of 422 .*\/phone-numbers\)$/.test(x))).toEqual([]);
    expect(c.foreign).toEqual([]);
  });

  it('fits a 375 px phone screen', async () => {
    await c.page.setViewportSize({ width: 375, height: 800 });
    await c.page.reload();
    await c.page.getByRole('heading', { name: 'Your receptionist' }).waitFor();
    await c.page.getByRole('button', { name: 'Remove closed day 1' }).waitFor();
    expect(await widest(c.page)).toEqual([]);
  });
});
