/** Shared steps of the owner-page browser tests: log in through the page, axe light and dark, 375 px. */
import { expect } from 'vitest';
import { axeViolations, type ConsolePage, widest } from './console-browser.ts';

/** Logs in on /app/login as a user would (fields, Enter); `next` is where the shell should land. */
export async function logInThroughPage(c: ConsolePage, appUrl: string, email: string, password: string, next = '') {
  await c.page.goto(`${appUrl}/app/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await c.page.locator('wa-input[name=email] input').fill(email);
  await c.page.locator('wa-input[name=password] input').fill(password);
  await c.page.locator('wa-input[name=password] input').press('Enter');
}

/** No serious or critical axe violations on the page as it is now, in light and in dark. */
export async function accessibleBothSchemes(c: ConsolePage, where: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await c.page.emulateMedia({ colorScheme });
    await c.page.waitForTimeout(400); // Web Awesome eases colours between schemes
    expect(await axeViolations(c.page), `${where} (${colorScheme})`).toEqual([]);
  }
  await c.page.emulateMedia({ colorScheme: 'light' });
}

/** At 375 px wide nothing sticks out sideways; the viewport is restored afterwards. */
export async function fitsPhone(c: ConsolePage, where: string) {
  const size = c.page.viewportSize();
  await c.page.setViewportSize({ width: 375, height: 800 });
  await c.page.waitForTimeout(300);
  expect(await widest(c.page), `${where} at 375 px`).toEqual([]);
  if (size) await c.page.setViewportSize(size);
}
