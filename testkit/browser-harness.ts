/**
 * Shared set-up of the browser tests: the built bundle served by a fake of our widget API, host pages on
 * another origin, one Chromium per test file, and helpers that reach into the widget's shadow DOM.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { resolveWidgetLabels } from '../server/widget-api/labels.ts';
import { buildWidget } from '../widget/build.ts';
import type { WidgetConfig } from '../widget/src/api.ts';
import type { BusinessInfo } from '../widget/src/hours.ts';
import { launchChromium } from './chromium.ts';
import { startFakeWidgetApi, startPageServer, type FakeWidgetApi } from './fake-widget-api.ts';

/** A config as the API sends it; `labels` are the business's overrides, resolved here as the API does. */
export const config = (
  over: Partial<Omit<WidgetConfig, 'labels'>> & { labels?: Record<string, string> } = {},
  business: Partial<BusinessInfo> = {},
): WidgetConfig => ({
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
  lang: 'en',
  theme: {},
  retriesEnabled: true,
  minFillMs: 0,
  ...over,
  labels: resolveWidgetLabels(over.labels),
});

// Recorded by an init script (CDP, so it runs under any CSP): violations, events, errors, the globals before.
const INSTRUMENT = () => {
  const w = window as unknown as Record<string, unknown[]>;
  w.__violations = [];
  w.__events = [];
  w.__errors = [];
  w.__globals = Object.getOwnPropertyNames(window);
  document.addEventListener('securitypolicyviolation', (e) =>
    w.__violations!.push(`${e.violatedDirective} ${e.blockedURI}`),
  );
  for (const type of ['leadline:status', 'leadline:submitted'])
    document.addEventListener(type, (e) => w.__events!.push({ type, detail: (e as CustomEvent).detail }));
  window.addEventListener('error', (e) => w.__errors!.push(String(e.message)));
};

export interface Harness {
  api: FakeWidgetApi;
  site: Awaited<ReturnType<typeof startPageServer>>;
  bundleFile: string;
}

/** Call inside a describe: registers beforeAll/afterAll and returns the helpers. */
export function useBrowserHarness() {
  const h = {} as Harness;
  let browser: Browser;
  let pageNo = 0;

  beforeAll(async () => {
    const { code, manifest } = await buildWidget({ write: false });
    h.bundleFile = manifest.file;
    h.api = await startFakeWidgetApi({ code, file: manifest.file });
    h.site = await startPageServer();
    browser = await launchChromium();
    h.api.configs.set('pk_open', config({ minFillMs: 300 }));
    h.api.configs.set('pk_closed', config({}, { open: false }));
    h.api.configs.set(
      'pk_fr',
      config({
        lang: 'fr',
        labels: { launcher: 'Rappelez-moi', openNow: 'Ouvert', submit: 'Envoyer', name: 'Votre nom' },
        theme: { accent: '#ff0000' },
      }),
    );
    h.api.configs.set('pk_noretry', config({ retriesEnabled: false }));
  });

  afterAll(async () => {
    await browser?.close();
    await h.api?.close();
    await h.site?.close();
  });

  const snippet = (key: string, src = `${h.api.origin}/widget.js`) =>
    `<script async src="${src}" data-key="${key}"></script>`;

  async function open(body: string, opts: { csp?: string; context?: BrowserContext } = {}): Promise<Page> {
    const path = `/p${++pageNo}.html`;
    h.site.pages.set(path, {
      html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>${body}</body></html>`,
      csp: opts.csp,
    });
    const context = opts.context ?? (await browser.newContext());
    const page = await context.newPage();
    await page.addInitScript(INSTRUMENT);
    await page.goto(h.site.origin + path);
    return page;
  }

  const w = (page: Page, selector: string) => page.locator(`leadline-widget ${selector}`);
  const launcher = (page: Page) => w(page, '[part~=launcher]');
  const statusText = (page: Page) => w(page, '[role=status]').textContent();
  const evaluate = <T>(page: Page, name: string) =>
    page.evaluate((n) => (window as unknown as Record<string, unknown>)[n], name) as Promise<T>;
  /** The id of the first callback this page submitted, from its recorded leadline:* events. */
  const firstId = async (page: Page) => (await evaluate<{ detail: { id: string } }[]>(page, '__events'))[0]!.detail.id;

  async function fillForm(
    page: Page,
    v: { name?: string; phone?: string; reason?: string; call?: boolean; sms?: boolean },
  ) {
    if (v.name !== undefined) await w(page, 'input[name=name]').fill(v.name);
    if (v.phone !== undefined) await w(page, 'input[name=phone]').fill(v.phone);
    if (v.reason !== undefined) await w(page, 'textarea[name=reason]').fill(v.reason);
    if (v.call) await w(page, 'input[name=consentCall]').check();
    if (v.sms) await w(page, 'input[name=consentSms]').check();
  }
  const submit = (page: Page) => w(page, 'form [part~=button]').click();

  return { h, snippet, open, w, launcher, statusText, evaluate, firstId, fillForm, submit };
}
