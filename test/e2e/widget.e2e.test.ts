/**
 * The widget end to end, in a real Chromium: a customer's page on another origin with a strict CSP loads
 * /widget.js from the app, a visitor asks for a callback, the call is placed through Twilio REST (nock),
 * signed Twilio status callbacks move it through every state, and the page shows each one.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import nock from 'nock';
import type { Browser, Page } from 'playwright-core';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../widget/build.ts';
import { recordCallbackProgress } from '../../server/widget-api/progress.ts';
import { placeCallback } from '../../server/widget-api/place-call.ts';
import { bundleOf } from '../../server/widget-api/script.ts';
import type { TestApp } from '../../testkit/app.ts';
import {
  jsonReply,
  makeBusiness,
  startWidgetApp,
  TWILIO_API,
  TWILIO_SID,
  TWILIO_TOKEN,
} from '../../testkit/widget-app.ts';
import { HAS_CHROMIUM, launchChromium } from '../../testkit/chromium.ts';
import { startHostPage, type HostPage } from '../../testkit/host-page.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts');
const CALL_SID = 'CA' + 'e'.repeat(32);

describe.skipIf(!HAS_CHROMIUM)('widget end to end (Chromium, strict-CSP host page on another origin)', () => {
  let app: TestApp;
  let host: HostPage;
  let browser: Browser;
  let key = '';
  let businessId = '';
  let businessPhone = '';

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    // The bundle is built from the current widget sources, in memory, exactly as the server would.
    app = await startWidgetApp({
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
      weeklyHours: {
        mon: [['08:00', '18:00']],
        tue: [['08:00', '18:00']],
        wed: [['08:00', '18:00']],
        thu: [['08:00', '18:00']],
        fri: [['08:00', '18:00']],
      },
    });
    key = b.widgetPublicKey;
    businessId = b.id;
    businessPhone = b.phone!;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await app?.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** Twilio's status callback, signed the way Twilio signs it (the public URL + sorted form params). */
  async function twilioStatus(params: Record<string, string>): Promise<number> {
    const url = `${app.ctx.config.PUBLIC_BASE_URL}/twilio/status`;
    const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params);
    const r = await fetch(`${app.url}/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params),
    });
    return r.status;
  }

  const statusText = (page: Page) => page.getByRole('status').textContent();
  async function expectStatus(page: Page, text: string) {
    await expect.poll(() => statusText(page), { timeout: 5000, interval: 25 }).toBe(text);
  }

  it('loads, requests a callback and shows every state; no CSP violations, no axe violations', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 860 } });
    const page = await context.newPage();
    const consoleProblems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text()))
        consoleProblems.push(`${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => consoleProblems.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));

    await page.goto(host.origin + '/');
    const launcher = page.locator('leadline-widget .launcher');
    await launcher.waitFor({ timeout: 10_000 });
    await expect
      .poll(() =>
        page
          .locator('leadline-widget')
          .evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.launcher')!).display),
      )
      .not.toBe('none');
    await launcher.click();
    await page.getByRole('heading', { name: 'Acme Plumbing' }).waitFor();
    await page.getByLabel('Your name').fill('Dana Visitor');
    await page.getByLabel('Phone number').fill('(212) 555-0142');
    await page.getByLabel('How can we help? (optional)').fill('Water heater is leaking');
    await page.getByLabel(/I agree to a phone call from Acme Plumbing/).check();

    // axe on the open form, in the strict-CSP page itself: Playwright evaluates through the DevTools
    // protocol, which CSP does not govern, so axe runs against exactly what the visitor sees.
    await page.evaluate(axe.source);
    const axeRun = () =>
      page.evaluate(async () => {
        const r = await (window as unknown as { axe: typeof axe }).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
      });
    expect(await axeRun(), 'axe violations with the form open').toEqual([]);

    await page.locator('leadline-widget form button[type=submit]').click();
    await expectStatus(page, 'Request received — we will call you shortly.');

    // The job: placed here (no worker in tests; any worker would race other test files for jobs).
    const cb = await app.ctx.db.callbackRequest.findFirstOrThrow({ where: { businessId } });
    expect(cb.phone).toBe('+12125550142');
    await app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + cb.id})`;
    let twilioForm: Record<string, unknown> = {};
    const calls = nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls.json`, (body) => {
        twilioForm = body as Record<string, unknown>;
        return true;
      })
      .reply(...jsonReply(201, { sid: CALL_SID, status: 'queued' }));
    expect(await placeCallback(app.ctx, cb.id, { lastAttempt: false })).toEqual({ placed: true });
    expect(calls.isDone()).toBe(true);
    expect(twilioForm).toMatchObject({
      To: '+12125550142',
      From: businessPhone,
      Url: `https://leadline.test/twilio/voice?callbackRequestId=${cb.id}`,
    });
    await expectStatus(page, 'Calling you now…');

    // Twilio's status callbacks (signed) drive the rest; the post-call job announces completion.
    const base = {
      AccountSid: TWILIO_SID,
      CallSid: CALL_SID,
      From: businessPhone,
      To: '+12125550142',
      Direction: 'outbound-api',
      ApiVersion: '2010-04-01',
    };
    expect(await twilioStatus({ ...base, CallStatus: 'ringing' })).toBe(204);
    await expectStatus(page, 'Your phone is ringing.');
    expect(await twilioStatus({ ...base, CallStatus: 'in-progress' })).toBe(204);
    await expectStatus(page, 'You are in the call.');
    expect(await twilioStatus({ ...base, CallStatus: 'completed', CallDuration: '95' })).toBe(204);
    const call = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: CALL_SID } });
    expect(call.status).toBe('completed');
    // What the post-call job (call.process) does once the lead is extracted; its extraction is tested with the pipeline.
    await app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'process:' + call.id})`;
    await app.ctx.db.$transaction((tx) =>
      recordCallbackProgress(tx, cb.id, { status: 'completed', leadCaptured: true }),
    );
    await expectStatus(page, 'Call completed — we have your details and will follow up.');

    const events = await page.evaluate(
      () => (window as unknown as { __events: { type: string; detail: { status: string } }[] }).__events,
    );
    expect(events.filter((e) => e.type === 'status').map((e) => e.detail.status)).toEqual([
      'queued',
      'calling',
      'ringing',
      'in_conversation',
      'completed',
    ]);
    expect(events.find((e) => e.type === 'submitted')?.detail).toMatchObject({ id: cb.id, status: 'queued' });
    expect(JSON.stringify(events)).not.toMatch(/Dana|555|leaking/i);

    expect(await axeRun(), 'axe violations in the final state').toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp)).toEqual([]);
    expect(consoleProblems).toEqual([]);
    // No third-party requests: only the page's own origin and the widget host.
    expect(requests.filter((u) => !u.startsWith(host.origin + '/') && !u.startsWith(app.url + '/'))).toEqual([]);
    // Nothing but Leadline on window (compared with a blank page of the same origin).
    const extraGlobals = await page.evaluate(async () => {
      const iframe = document.createElement('iframe');
      document.body.append(iframe);
      const clean = new Set(Object.getOwnPropertyNames(iframe.contentWindow!));
      iframe.remove();
      // __csp/__events: the host page's own recorder; axe: injected by this test.
      return Object.getOwnPropertyNames(window).filter((k) => !clean.has(k) && !k.startsWith('__') && k !== 'axe');
    });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget-e2e.png'), fullPage: true });
    await context.close();
    expect(extraGlobals, 'globals the widget leaves on the host page').toEqual(['Leadline']);
  }, 90_000);
});
