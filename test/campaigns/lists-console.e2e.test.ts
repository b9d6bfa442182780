/**
 * The Lists and Do-not-call pages in a real Chromium against the real app: upload a CSV (file input,
 * mapping from the preview), see the validation report, download the refused rows (formulas escaped); add,
 * find and remove do-not-call numbers. Keyboard for every action, axe clean in light and dark, no CSP
 * violation and nothing requested outside the app's origin.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import {
  axeViolations,
  type ConsolePage,
  launchChromium,
  openConsolePage,
  tabTo,
} from '../../testkit/console-browser.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { listsBusiness } from '../../testkit/lead-lists.ts';

const CSV = [
  'Full name,Mobile,E-mail,Budget',
  'Dana Whitfield,(512) 555-0142,dana@example.com,5000',
  'Dup,512.555.0142,,',
  '"=HYPERLINK(""http://evil.example"")",nope,,',
  'Sam Ortiz,+1 212 555 0100,sam@example.com,200',
].join('\n');

describe.skipIf(!HAS_CHROMIUM)('lists and do-not-call in the console', { timeout: 120_000 }, () => {
  let own: Awaited<ReturnType<typeof ownDatabase>>;
  let app: TestApp;
  let browser: Browser;
  let c: ConsolePage;
  let businessId = '';

  beforeAll(async () => {
    own = await ownDatabase('lists_console');
    app = await startTestApp({ upgrades: false, env: { DATABASE_URL: own.url } });
    browser = await launchChromium();
    c = await openConsolePage(browser, app.url);
    const b = await listsBusiness(app);
    businessId = b.businessId;
    await c.page.goto(`${app.url}/app/login?next=%2Fapp%2Flists`);
    await c.page.getByRole('heading', { name: 'Log in to Leadline' }).waitFor();
    await c.page.locator('wa-input[name=email] input').fill(b.owner.email);
    await c.page.locator('wa-input[name=password] input').fill(b.owner.password);
    await c.page.locator('wa-input[name=password] input').press('Enter');
    await c.page.waitForURL(/\/app\/lists/);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await own?.drop();
  });

  async function accessible(where: string) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await c.page.emulateMedia({ colorScheme });
      await c.page.waitForTimeout(400);
      expect(await axeViolations(c.page), `${where} (${colorScheme})`).toEqual([]);
    }
    await c.page.emulateMedia({ colorScheme: 'light' });
  }
  const press = (key: string) => c.page.keyboard.press(key);

  it('uploads a CSV, maps its columns from the preview, shows the report and downloads the refused rows', async () => {
    await c.page.getByRole('heading', { name: 'Lead lists' }).waitFor();
    await accessible('lists, empty');
    // The file input is in the tab order; the file itself comes from the OS dialog (set directly here).
    await tabTo(c.page, 'input[type=file]');
    await c.page
      .locator('input[type=file]')
      .setInputFiles({ name: 'spring.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await c.page.getByRole('heading', { name: 'Columns' }).waitFor();
    expect(await c.page.locator('wa-select[name=phoneColumn]').evaluate((e) => (e as HTMLSelectElement).value)).toBe(
      'Mobile',
    );
    expect(await c.page.locator('wa-select[name=nameColumn]').evaluate((e) => (e as HTMLSelectElement).value)).toBe(
      'Full name',
    );
    await c.page.getByRole('cell', { name: '(512) 555-0142' }).first().waitFor();
    await accessible('lists, mapping');
    // Budget as a custom field, by keyboard.
    await tabTo(c.page, 'wa-checkbox', 'Budget');
    await press('Space');
    await tabTo(c.page, 'wa-input[name=name]');
    await c.page.keyboard.type('Spring fair');
    await tabTo(c.page, 'wa-button[type=submit]', 'Import');
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Report: Spring fair' }).waitFor();
    await c.page.getByText('2 imported').waitFor();
    await c.page.getByRole('cell', { name: 'Duplicate number' }).waitFor();
    await c.page.getByRole('cell', { name: 'Not a valid phone number' }).waitFor();
    await c.page.getByRole('cell', { name: 'Spring fair' }).waitFor(); // in "Your lists"
    await accessible('lists, report');
    const stored = await app.ctx.db.listContact.findMany({ where: { businessId }, orderBy: { row: 'asc' } });
    expect(stored.map((s) => [s.phone, s.fields])).toEqual([
      ['+15125550142', { Budget: '5000' }],
      ['+12125550100', { Budget: '200' }],
    ]);

    const download = c.page.waitForEvent('download');
    await tabTo(c.page, 'wa-button', 'Download refused rows');
    await press('Enter');
    const file = await (await download).path();
    const text = (await readFile(file!, 'utf8')).replace(/^\uFEFF/, '');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(text.split('\n')[0]).toBe('row,reason,detail,Full name,Mobile,E-mail,Budget');
    expect(c.problems).toEqual([]);
    expect(c.foreign).toEqual([]);
  });

  it('adds, finds and removes do-not-call numbers by keyboard', async () => {
    await tabTo(c.page, 'a[href="/app/do-not-call"]');
    await press('Enter');
    await c.page.getByRole('heading', { name: 'Do not call' }).waitFor();
    await accessible('do-not-call, empty');
    await tabTo(c.page, 'wa-textarea[name=phones]');
    await c.page.keyboard.type('(512) 555-0150\n+1 512 555 0151');
    await tabTo(c.page, 'wa-button[type=submit]', 'Add');
    await press('Enter');
    await c.page.getByRole('cell', { name: '+15125550150', exact: true }).waitFor();
    await c.page.getByRole('cell', { name: '+15125550151', exact: true }).waitFor();
    await accessible('do-not-call, listed');
    await tabTo(c.page, 'wa-input[name=q]');
    await c.page.keyboard.type('512-555-0151');
    await press('Enter');
    await c.page.getByRole('cell', { name: '+15125550150', exact: true }).waitFor({ state: 'detached' });
    await tabTo(c.page, 'wa-button', 'Remove');
    await press('Enter');
    await c.page.getByText('No numbers match').waitFor();
    expect((await app.ctx.db.doNotCall.findMany({ where: { businessId } })).map((d) => d.phone)).toEqual([
      '+15125550150',
    ]);
    expect(c.problems).toEqual([]);
    expect(c.foreign).toEqual([]);
  });
});
