/**
 * The Team page in Chromium: the owner invites by e-mail (keyboard only), the invitee opens the mailed
 * link, logs in and accepts on the console's invitation page; the owner changes their role and removes
 * them; an API key is created with a scope, shown once and works, then revoked and refused; the audit log
 * filters by action and pages back. axe light and dark, 375 px, no CSP violation, nothing foreign.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../server/auth/audit.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import { type ConsolePage, launchChromium, openConsolePage, tabTo } from '../../testkit/console-browser.ts';
import { accessibleBothSchemes, fitsPhone, logInThroughPage } from '../../testkit/console-owner.ts';
import { call, createBusinessVia } from '../../testkit/http.ts';
import { type SmtpInbox, startSmtpInbox } from '../../testkit/smtp-inbox.ts';

describe.skipIf(!HAS_CHROMIUM)('team page (Chromium)', { timeout: 90_000 }, () => {
  let app: TestApp;
  let smtp: SmtpInbox;
  let browser: Browser;
  let c: ConsolePage;
  let owner: Awaited<ReturnType<typeof verifiedSignup>>;
  let invitee: Awaited<ReturnType<typeof verifiedSignup>>;
  let businessId = '';

  beforeAll(async () => {
    smtp = await startSmtpInbox();
    app = await startTestApp({ upgrades: false, env: { SMTP_URL: smtp.url } });
    browser = await launchChromium();
    owner = await verifiedSignup(app, 'owner');
    invitee = await verifiedSignup(app, 'invitee');
    businessId = (await createBusinessVia(app.url, owner.accessToken, { name: 'Rapid Rooter' })).id;
    c = await openConsolePage(browser, app.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.stop();
  });

  const inviteeId = async () => (await app.ctx.db.account.findUniqueOrThrow({ where: { email: invitee.email } })).id;
  const membership = async () =>
    app.ctx.db.membership.findUnique({ where: { accountId_businessId: { accountId: await inviteeId(), businessId } } });

  it('invites by e-mail with the keyboard; the invitee accepts from the mailed link in the console', async () => {
    await logInThroughPage(c, app.url, owner.email, owner.password, '/app/team');
    await c.page.getByRole('heading', { name: 'Team', exact: true }).waitFor();
    await c.page.getByRole('heading', { name: 'Members' }).waitFor();
    await accessibleBothSchemes(c, 'team');
    await tabTo(c.page, 'wa-input[name=email]');
    await c.page.keyboard.type(invitee.email);
    await c.page.keyboard.press('Enter');
    await c.page.getByText(`${invitee.email} (Member)`).waitFor();
    const mail = await smtp.waitFor((m) => m.to.includes(invitee.email) && m.subject.includes('invited'));
    const link = /(https?:\/\/\S+\/app\/invite\?token=inv_[\w-]+)/.exec(mail.text)?.[1];
    expect(link, mail.text).toBeTruthy();

    // The invitee, in a browser of their own, opens the link signed out: log in first, then the invitation.
    const other = await openConsolePage(browser, app.url);
    const path = new URL(link!).pathname + new URL(link!).search;
    await other.page.goto(app.url + path);
    await other.page.waitForURL(/\/app\/login\?next=/);
    await other.page.locator('wa-input[name=email] input').fill(invitee.email);
    await other.page.locator('wa-input[name=password] input').fill(invitee.password);
    await other.page.locator('wa-input[name=password] input').press('Enter');
    await other.page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    expect(await membership()).toBeNull();
    await accessibleBothSchemes(other, 'accept invitation');
    await other.page.getByRole('button', { name: 'Join the team' }).click();
    await other.page.waitForURL(/\/app\/inbox/);
    expect((await membership())?.role).toBe('member');
    expect(other.problems).toEqual([]);
    await other.context.close();
  });

  it('changes the new member’s role and removes them', async () => {
    await c.page.reload();
    const select = c.page.locator(`wa-select[label="Role of invitee"]`);
    await select.waitFor();
    await select.click();
    await select.locator('wa-option[value=admin]').click();
    await expect.poll(async () => (await membership())?.role).toBe('admin');
    await c.page.getByRole('button', { name: 'Remove invitee' }).click();
    await expect.poll(membership).toBeNull();
    await c.page.getByRole('button', { name: 'Remove invitee' }).waitFor({ state: 'detached' });
  });

  it('creates an API key with a scope, shown once; it works until revoked', async () => {
    await c.page.locator('wa-input[name=name] input').fill('Zapier');
    const scope = c.page.locator('wa-select[name=scope]');
    await scope.click();
    await scope.locator('wa-option[value=write]').click();
    await c.page.getByRole('button', { name: 'Create key' }).click();
    const shown = c.page.locator('code#new-key');
    await shown.waitFor();
    const key = (await shown.textContent())!.trim();
    expect(key).toMatch(/^ll_sk_/);
    expect(await c.page.locator('wa-copy-button').count()).toBe(1);
    const row = await app.ctx.db.apiKey.findFirstOrThrow({ where: { businessId, name: 'Zapier' } });
    expect(row.scope).toBe('write');
    expect((await call(app.url, 'GET', `/api/v1/businesses/${businessId}`, { token: key })).status).toBe(200);

    // Shown once: a reload lists the key by its prefix only.
    await c.page.reload();
    await c.page.getByRole('button', { name: 'Revoke Zapier' }).waitFor();
    expect(await c.page.locator('code#new-key').count()).toBe(0);
    expect(await c.page.content()).not.toContain(key);
    await c.page.getByRole('button', { name: 'Revoke Zapier' }).click();
    await c.page.locator('wa-badge', { hasText: 'Revoked' }).waitFor();
    expect((await call(app.url, 'GET', `/api/v1/businesses/${businessId}`, { token: key })).status).toBe(401);
  });

  it('audit log: filters by action and pages back to older entries', async () => {
    const accountId = (await app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } })).id;
    for (let i = 0; i < 30; i++)
      await audit(app.ctx.db, { action: 'recording.viewed', accountId, businessId, target: `call-${i}` });
    await c.page.reload();
    const log = c.page.locator('ll-audit-log');
    const rows = log.locator('tbody tr');
    await rows.first().waitFor();
    const filter = log.locator('wa-select');
    await filter.click();
    await filter.locator('wa-option[value="api_key.created"]').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('api_key.created');
    await filter.click();
    await filter.locator('wa-option[value="recording.viewed"]').click();
    await expect.poll(() => rows.count()).toBe(25);
    await log.getByRole('button', { name: 'Show older entries' }).click();
    await expect.poll(() => rows.count()).toBe(30);
    expect(await log.getByRole('button', { name: 'Show older entries' }).count()).toBe(0);
    await fitsPhone(c, 'team');
    expect(c.problems).toEqual([]);
    expect(c.foreign).toEqual([]);
  });
});
