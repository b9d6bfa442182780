/** Signs a console tab in through the real log-in page (typing, Enter), and waits for `landing`. */
import type { Page } from 'playwright-core';

export async function logInConsole(page: Page, appUrl: string, email: string, password: string, landing: RegExp) {
  await page.goto(appUrl + '/app/login');
  await page.locator('wa-input[name=email] input').fill(email);
  await page.locator('wa-input[name=password] input').fill(password);
  await page.locator('wa-input[name=password] input').press('Enter');
  await page.waitForURL(landing);
}
