/**
 * The console in a real Chromium against the real app on loopback: one browser per test file, pages
 * instrumented to record CSP violations, script errors and every request that leaves our origin, and an
 * axe-core run that looks into shadow roots (Web Awesome's and ours).
 */
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** CSP violations, page errors and console errors seen so far. */
  problems: string[];
  /** Requests to anything but the app's origin. */
  foreign: string[];
}

export async function openConsolePage(
  browser: Browser,
  appUrl: string,
  opts: { width?: number; height?: number; colorScheme?: 'light' | 'dark'; context?: BrowserContext } = {},
): Promise<ConsolePage> {
  const context =
    opts.context ??
    (await browser.newContext({
      viewport: { width: opts.width ?? 1200, height: opts.height ?? 900 },
      colorScheme: opts.colorScheme ?? 'light',
    }));
  const page = await context.newPage();
  const problems: string[] = [];
  const foreign: string[] = [];
  const origin = new URL(appUrl).origin;
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text()))
      problems.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:')) foreign.push(u);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return { page, context, problems, foreign };
}

/** Serious and critical axe violations on the page as it is now (WCAG 2.1 A/AA + best practice). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const all = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: String(v.impact),
      nodes: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export { launchChromium };

/**
 * Presses Tab until keyboard focus is on (or inside) an element matching `selector` whose text contains
 * `text`; fails after `max` presses. Proves the control is reachable by keyboard, in tab order.
 */
export async function tabTo(page: Page, selector: string, text = '', max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate(
      ({ selector, text }) => {
        const chain: Element[] = [];
        let el: Element | null = document.activeElement;
        while (el) {
          chain.push(el);
          el = el.shadowRoot?.activeElement ?? null;
        }
        return chain.some((e) => e.matches(selector) && (e.textContent ?? '').includes(text));
      },
      { selector, text },
    );
    if (hit) return;
  }
  throw new Error(`${selector} "${text}" not reached in ${max} Tab presses`);
}

/**
 * What sticks out past the right edge of the viewport, through shadow roots (empty: the layout fits, no
 * sideways scrolling). Each entry names the element and its right edge.
 */
export const widest = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 1 && getComputedStyle(el).position !== 'fixed')
          out.push(
            `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} right=${Math.round(r.right)}`,
          );
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return document.documentElement.scrollWidth > width + 1 ? out.slice(0, 10) : [];
  });
