/**
 * The built widget bundle in real Chromium, embedded in pages served from another origin than the widget
 * API (as on a customer's site), against a fake of our own widget API contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWidget } from '../../widget/build.ts';
import type { WidgetConfig } from '../../widget/src/api.ts';
import type { BusinessInfo } from '../../widget/src/hours.ts';
import { DEFAULT_LABELS as L } from '../../widget/src/labels.ts';
import { HAS_CHROMIUM, launchChromium } from './chromium.ts';
import { startFakeWidgetApi, startPageServer, type FakeWidgetApi } from './fake-widget-api.ts';

const config = (over: Partial<WidgetConfig> = {}, business: Partial<BusinessInfo> = {}): WidgetConfig => ({
  business: {
    name: 'Acme Plumbing',
    phone: '+14155550123',
    country: 'US',
    timezone: 'America/Los_Angeles',
    open: true,
    nextChange: null,
    hoursText: 'Mon–Fri 8am–6pm',
    ...business,
  },
  labels: {},
  lang: 'en',
  theme: {},
  retriesEnabled: true,
  minFillMs: 0,
  ...over,
});

// Recorded by an init script (CDP, so it runs under any CSP): violations, events, errors, the globals before.
const INSTRUMENT = () => {
  const w = window as unknown as Record<string, unknown[]>;
  w.__violations = [];
  w.__events = [];
  w.__errors = [];
  w.__globals = Object.getOwnPropertyNames(window);
  document.addEventListener('securitypolicyviolation', (e) => w.__violations!.push(`${e.violatedDirective} ${e.blockedURI}`));
  for (const type of ['leadline:status', 'leadline:submitted'])
    document.addEventListener(type, (e) => w.__events!.push({ type, detail: (e as CustomEvent).detail }));
  window.addEventListener('error', (e) => w.__errors!.push(String(e.message)));
};

describe.skipIf(!HAS_CHROMIUM)('leadline widget in Chromium', () => {
  let browser: Browser;
  let api: FakeWidgetApi;
  let site: Awaited<ReturnType<typeof startPageServer>>;
  let bundleFile = '';
  const contexts: BrowserContext[] = [];
  let pageNo = 0;

  beforeAll(async () => {
    const { code, manifest } = await buildWidget({ write: false });
    bundleFile = manifest.file;
    api = await startFakeWidgetApi({ code, file: manifest.file });
    site = await startPageServer();
    browser = await launchChromium();
    api.configs.set('pk_open', config({ minFillMs: 300 }));
    api.configs.set('pk_closed', config({}, { open: false }));
    api.configs.set('pk_fr', config({ lang: 'fr', labels: { launcher: 'Rappelez-moi', openNow: 'Ouvert', submit: 'Envoyer', name: 'Votre nom' }, theme: { accent: '#ff0000' } }));
    api.configs.set('pk_noretry', config({ retriesEnabled: false }));
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await site?.close();
  });

  const snippet = (key: string, src = `${api.origin}/widget.js`) => `<script async src="${src}" data-key="${key}"></script>`;

  async function open(body: string, opts: { csp?: string; context?: BrowserContext } = {}): Promise<Page> {
    const path = `/p${++pageNo}.html`;
    site.pages.set(path, { html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>${body}</body></html>`, csp: opts.csp });
    const context = opts.context ?? (await browser.newContext());
    contexts.push(context);
    const page = await context.newPage();
    await page.addInitScript(INSTRUMENT);
    await page.goto(site.origin + path);
    return page;
  }

  const w = (page: Page, selector: string) => page.locator(`leadline-widget ${selector}`);
  const launcher = (page: Page) => w(page, '[part~=launcher]');
  const statusText = (page: Page) => w(page, '[role=status]').textContent();
  const evaluate = <T,>(page: Page, name: string) => page.evaluate((n) => (window as unknown as Record<string, unknown>)[n], name) as Promise<T>;

  async function fillForm(page: Page, v: { name?: string; phone?: string; reason?: string; call?: boolean; sms?: boolean }) {
    if (v.name !== undefined) await w(page, 'input[name=name]').fill(v.name);
    if (v.phone !== undefined) await w(page, 'input[name=phone]').fill(v.phone);
    if (v.reason !== undefined) await w(page, 'textarea[name=reason]').fill(v.reason);
    if (v.call) await w(page, 'input[name=consentCall]').check();
    if (v.sms) await w(page, 'input[name=consentSms]').check();
  }
  const submit = (page: Page) => w(page, 'form [part~=button]').click();

  it('renders the business name, open state and a tap-to-call link behind the launcher', async () => {
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    expect(await w(page, '[part~=title]').textContent()).toBe('Acme Plumbing');
    expect(await w(page, '[part~=hours]').textContent()).toBe(L.openNow);
    expect(await w(page, '[part~=hours-text]').textContent()).toBe('Mon–Fri 8am–6pm');
    expect(await w(page, '[part~=call-link]').getAttribute('href')).toBe('tel:+14155550123');
    expect(await w(page, '[part~=call-link]').textContent()).toBe('Call +1 415-555-0123');
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    // The panel sits above the launcher, both on the high default z-index.
    const z = await page.evaluate(() => {
      const root = document.querySelector('leadline-widget')!.shadowRoot!;
      return [root.querySelector('.launcher')!, root.querySelector('.panel')!].map((el) => Number(getComputedStyle(el).zIndex));
    });
    expect(z[0]).toBe(2147483000);
    expect(z[1]).toBe(2147483001);
    await page.keyboard.press('Escape');
    expect(await w(page, '[part~=panel]').isVisible()).toBe(false);
  });

  it('says closed — the AI receptionist answers — when the business is closed', async () => {
    const page = await open(snippet('pk_closed'));
    await launcher(page).click();
    expect(await w(page, '[part~=hours]').textContent()).toBe('Closed — our AI receptionist answers 24/7');
  });

  it('uses the business label overrides, its lang and its accent colour', async () => {
    const page = await open(snippet('pk_fr'));
    expect(await launcher(page).textContent()).toBe('Rappelez-moi');
    await launcher(page).click();
    expect(await w(page, '[part~=hours]').textContent()).toBe('Ouvert');
    expect(await w(page, 'form [part~=button]').textContent()).toBe('Envoyer');
    expect(await w(page, 'label:has(input[name=name])').textContent()).toContain('Votre nom');
    // Keys without an override keep the English default.
    expect(await w(page, 'label:has(input[name=phone])').textContent()).toContain(L.phone);
    expect(await w(page, '[part~=panel]').getAttribute('lang')).toBe('fr');
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 0, 0)');
  });

  it('validates inline, tied to the inputs, and sends nothing while invalid', async () => {
    const page = await open(snippet('pk_open'));
    const before = api.posts.length;
    await launcher(page).click();
    await submit(page);
    for (const [field, message] of [['name', L.errName], ['phone', L.errPhone], ['consentCall', L.errConsent]] as const) {
      const input = w(page, `input[name=${field}]`);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await input.getAttribute('aria-describedby');
      expect(await w(page, `#${describedBy}`).textContent()).toBe(message);
    }
    // Focus moves to the first invalid field.
    expect(await page.evaluate(() => document.querySelector('leadline-widget')!.shadowRoot!.activeElement?.getAttribute('name'))).toBe('name');

    await fillForm(page, { name: 'Ada Lovelace', phone: '555-01', call: false });
    await submit(page);
    expect(await w(page, 'input[name=name]').getAttribute('aria-invalid')).toBeNull();
    expect(await w(page, 'input[name=phone]').getAttribute('aria-invalid')).toBe('true');
    expect(await w(page, 'input[name=consentCall]').getAttribute('aria-invalid')).toBe('true');
    expect(api.posts.length).toBe(before);
  });

  it('posts the contract body (E.164 from a national number, honeypot empty, elapsedMs) and announces each status', async () => {
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    await fillForm(page, { name: '  Ada   Lovelace ', phone: '(415) 555-0199', reason: 'Leaking boiler', call: true, sms: true });
    const before = api.posts.length;
    await submit(page);
    await expect.poll(() => api.posts.length).toBe(before + 1);
    const post = api.posts.at(-1)!;
    expect(post.body).toEqual({
      key: 'pk_open',
      name: 'Ada Lovelace',
      phone: '+14155550199',
      reason: 'Leaking boiler',
      consentCall: true,
      consentSms: true,
      website: '',
      elapsedMs: expect.any(Number),
    });
    // minFillMs is 300: a fast submit waits rather than looking like a bot.
    expect(post.body.elapsedMs as number).toBeGreaterThanOrEqual(300);
    expect(post.headers.cookie).toBeUndefined();
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.headers.origin).toBe(site.origin);

    await expect.poll(() => statusText(page)).toBe(L.statusQueued);
    const id = (await evaluate<{ type: string; detail: { id: string } }[]>(page, '__events')).find((e) => e.type === 'leadline:submitted')!.detail.id;
    await expect.poll(() => api.openStreams(id)).toBe(1);
    expect(await w(page, 'form').count()).toBe(0); // the typed details are gone from the DOM
    const region = w(page, '[role=status]');
    expect(await region.getAttribute('aria-live')).toBe('polite');

    api.push(id, { status: 'calling' });
    await expect.poll(() => statusText(page)).toBe(L.statusCalling);
    api.push(id, { status: 'ringing' });
    await expect.poll(() => statusText(page)).toBe(L.statusRinging);
    api.push(id, { status: 'in_conversation' });
    await expect.poll(() => statusText(page)).toBe(L.statusInConversation);
    api.push(id, { status: 'completed', leadCaptured: true });
    await expect.poll(() => statusText(page)).toBe(L.statusCompletedLead);
    // Final: the stream is closed and the tab forgets the request.
    await expect.poll(() => api.openStreams(id)).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    const events = await evaluate<{ type: string; detail: Record<string, unknown> }[]>(page, '__events');
    expect(events.map((e) => `${e.type}:${e.detail.status}`)).toEqual([
      'leadline:submitted:queued',
      'leadline:status:queued',
      'leadline:status:calling',
      'leadline:status:ringing',
      'leadline:status:in_conversation',
      'leadline:status:completed',
    ]);
    for (const e of events) {
      expect(Object.keys(e.detail).every((k) => ['id', 'status', 'leadCaptured', 'retryScheduled', 'at'].includes(k))).toBe(true);
      expect(JSON.stringify(e.detail)).not.toMatch(/Ada|4155550199|boiler|tok_/);
    }
    // "Request another call" brings back an empty form.
    await w(page, '.panel > [part~=button]').click();
    expect(await w(page, 'input[name=name]').inputValue()).toBe('');
  });

  it('says "we will try again" on no answer when retries are on, and gives up cleanly when they are off', async () => {
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    await fillForm(page, { name: 'Bo', phone: '+44 20 7946 0958', call: true });
    await submit(page);
    await expect.poll(() => statusText(page)).toBe(L.statusQueued);
    expect(api.posts.at(-1)!.body.phone).toBe('+442079460958');
    const id = (await evaluate<{ detail: { id: string } }[]>(page, '__events'))[0]!.detail.id;
    api.push(id, { status: 'no_answer', retryScheduled: true });
    await expect.poll(() => statusText(page)).toBe(L.statusNoAnswerRetry);
    expect(api.openStreams(id)).toBe(1); // a retry will follow on the same stream

    const page2 = await open(snippet('pk_noretry'));
    await launcher(page2).click();
    await fillForm(page2, { name: 'Cy', phone: '4155550100', call: true });
    await submit(page2);
    await expect.poll(() => statusText(page2)).toBe(L.statusQueued);
    const id2 = (await evaluate<{ detail: { id: string } }[]>(page2, '__events'))[0]!.detail.id;
    api.push(id2, { status: 'no_answer' });
    await expect.poll(() => statusText(page2)).toBe(L.statusNoAnswer);
    await expect.poll(() => api.openStreams(id2)).toBe(0);
  });

  it('survives a reload: resumes the stream from sessionStorage, which holds only {id, token}', async () => {
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    await fillForm(page, { name: 'Dee', phone: '415 555 0142', call: true });
    await submit(page);
    await expect.poll(() => statusText(page)).toBe(L.statusQueued);
    const id = (await evaluate<{ detail: { id: string } }[]>(page, '__events'))[0]!.detail.id;
    api.push(id, { status: 'calling' });
    await expect.poll(() => statusText(page)).toBe(L.statusCalling);

    const stored = await page.evaluate(() => Object.fromEntries(Object.entries(sessionStorage)));
    expect(Object.keys(stored)).toEqual(['leadline:pk_open']);
    const saved = JSON.parse(stored['leadline:pk_open']!) as Record<string, unknown>;
    expect(Object.keys(saved).sort()).toEqual(['id', 'token']);
    expect(saved.id).toBe(id);

    const requestsBefore = api.eventRequests.length;
    await page.reload();
    await launcher(page).click();
    await expect.poll(() => statusText(page)).toBe(L.statusCalling);
    expect(api.eventRequests.slice(requestsBefore).map((r) => [r.id, r.token])).toEqual([[id, saved.token]]);
    expect(await w(page, 'form').count()).toBe(0);
    api.push(id, { status: 'ringing' });
    await expect.poll(() => statusText(page)).toBe(L.statusRinging);
  });

  it('shows server validation, rate limiting and origin refusals as problem+json messages', async () => {
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    await fillForm(page, { name: 'Eve', phone: '4155550111', call: true });
    api.nextPostResponse = { status: 422, body: { type: 'x', title: 'Invalid request', status: 422, detail: 'phone', errors: [{ path: 'phone', message: 'Not a mobile number' }] } };
    await submit(page);
    await expect.poll(() => w(page, '#phone-err').textContent()).toBe('Not a mobile number');
    expect(await w(page, 'input[name=phone]').getAttribute('aria-invalid')).toBe('true');

    api.nextPostResponse = { status: 429, body: { type: 'x', title: 'Too many requests', status: 429 }, headers: { 'retry-after': '42' } };
    await submit(page);
    await expect.poll(() => w(page, '[role=alert]').textContent()).toBe('Too many requests. Try again in 42 s.');

    api.nextPostResponse = { status: 403, body: { type: 'x', title: 'Forbidden', status: 403 } };
    await submit(page);
    await expect.poll(() => w(page, '[role=alert]').textContent()).toBe(L.errForbidden);
  });

  it('runs queue calls made before the script loaded, and on/off/open/close after', async () => {
    const stub = `<script>
      window.Leadline = window.Leadline || function(){(Leadline.q=Leadline.q||[]).push(arguments)};
      window.seen = [];
      window.onStatus = function (d) { seen.push('status:' + d.status); };
      Leadline('on', 'submitted', function (d) { seen.push('submitted:' + d.status); });
      Leadline('on', 'status', onStatus);
      Leadline('open');
    </script>`;
    const page = await open(stub + snippet('pk_open'));
    await expect.poll(() => w(page, '[part~=panel]').isVisible()).toBe(true);
    await fillForm(page, { name: 'Fay', phone: '4155550123', call: true });
    await submit(page);
    await expect.poll(() => evaluate<string[]>(page, 'seen')).toEqual(['submitted:queued', 'status:queued']);
    const id = (await evaluate<{ detail: { id: string } }[]>(page, '__events'))[0]!.detail.id;
    await page.evaluate(() => (window as unknown as { Leadline: (...a: unknown[]) => void; onStatus: unknown }).Leadline('off', 'status', (window as unknown as { onStatus: unknown }).onStatus));
    api.push(id, { status: 'calling' });
    await expect.poll(() => statusText(page)).toBe(L.statusCalling);
    expect(await evaluate<string[]>(page, 'seen')).toEqual(['submitted:queued', 'status:queued']);
    await page.evaluate(() => (window as unknown as { Leadline: (c: string) => void }).Leadline('close'));
    await expect.poll(() => w(page, '[part~=panel]').isVisible()).toBe(false);
  });

  it('mounts one widget when the snippet is pasted twice (also as the hashed file) and adds no global but Leadline', async () => {
    const page = await open(snippet('pk_open') + snippet('pk_open') + snippet('pk_open', `${api.origin}/widget/${bundleFile}`));
    await launcher(page).waitFor();
    await page.waitForLoadState('load');
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => document.querySelectorAll('leadline-widget').length)).toBe(1);
    expect(await evaluate<string[]>(page, '__errors')).toEqual([]);
    const added = await page.evaluate(() => {
      const before = new Set((window as unknown as { __globals: string[] }).__globals);
      return Object.getOwnPropertyNames(window).filter((k) => !before.has(k) && !k.startsWith('__'));
    });
    expect(added).toEqual(['Leadline']);
  });

  it('works inline with api-base, without a launcher', async () => {
    const page = await open(`<script async src="${api.origin}/widget.js"></script><main><leadline-widget key="pk_open" mode="inline" api-base="${api.origin}" theme="dark"></leadline-widget></main>`);
    await expect.poll(() => w(page, '[part~=title]').textContent()).toBe('Acme Plumbing');
    expect(await launcher(page).count()).toBe(0);
    expect(await w(page, '[part~=panel]').getAttribute('role')).toBe('region');
    // theme="dark" forces the dark scheme whatever the OS says.
    expect(await w(page, '[part~=panel]').evaluate((el) => getComputedStyle(el).colorScheme)).toBe('dark');
    expect(await page.evaluate(() => document.querySelectorAll('leadline-widget').length)).toBe(1);
  });

  it('has no axe-core accessibility violations, open and with inline errors', async () => {
    const { createRequire } = await import('node:module');
    const axeSource = await (await import('node:fs/promises')).readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    await submit(page);
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
      const r = await axe.run({ include: [['leadline-widget']] }, { resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
  });

  it('runs under a strict CSP (no inline styles or scripts, connect only to the widget API) with no violation', async () => {
    const csp = `default-src 'none'; script-src ${api.origin}; style-src 'none'; connect-src ${api.origin}`;
    const page = await open(snippet('pk_fr'), { csp });
    await launcher(page).click();
    // Styles did apply (adopted stylesheets), including the CSSOM-set accent.
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 0, 0)');
    await fillForm(page, { name: 'Gil', phone: '4155550123', call: true });
    await submit(page);
    await expect.poll(() => statusText(page)).toBe(L.statusQueued);
    const id = (await evaluate<{ detail: { id: string } }[]>(page, '__events'))[0]!.detail.id;
    api.push(id, { status: 'ringing' });
    await expect.poll(() => statusText(page)).toBe(L.statusRinging);
    expect(await evaluate<string[]>(page, '__violations')).toEqual([]);
    expect(await evaluate<string[]>(page, '__errors')).toEqual([]);
  });
});
