/**
 * #12 items 4 and 6 as attacks through OAuth redirects: an admin's consent link completed in a victim's browser,
 * and a marketplace install reviving a CRM connection its business had disconnected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, uniqueEmail } from '../../testkit/http.ts';
import { browser, P, useOAuthHarness } from '../../testkit/oauth-harness.ts';

const h = useOAuthHarness();
const attacker = browser(h);

describe('OAuth state bound to the browser that started it', () => {
  it("refuses the attacker's consent link completed by a victim's browser, writing nothing", async () => {
    const a = await attacker.owner();
    // The attacker starts an install for their own business and keeps the provider's consent URL…
    const started = await attacker.get(await attacker.installLink(a.accessToken, a.businessId));
    expect(started.status).toBe(302);
    const [cookie = ''] = started.headers.getSetCookie();
    expect(cookie).toMatch(/^__Host-ll-oauth-[0-9a-f-]{36}=[\w-]{43};/);
    for (const attr of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']) expect(cookie).toContain(`; ${attr}`);
    expect(cookie).not.toMatch(/Domain=/i);
    const consentUrl = new URL(started.headers.get('location')!);

    // …and sends it to the victim, who signs in to their own calendar and approves in their own browser.
    const victim = browser(h);
    const victimCrm = uniqueEmail('victim-cal');
    h.opts.user = { email: victimCrm };
    const landed = await victim.callback(await victim.approve(consentUrl));
    expect(landed.status).toBe(400);
    expect(landed.body.type).toMatch(/oauth-state$/);
    expect(landed.body.detail).toMatch(/another browser/);
    const { db } = h.app.ctx;
    expect(await db.connection.count({ where: { businessId: a.businessId } })).toBe(0);
    expect(await db.connection.count({ where: { externalAccountId: victimCrm } })).toBe(0);
    // The state is not even spent: the code was never exchanged.
    const stateId = consentUrl.searchParams.get('state')!.split('.')[0]!;
    expect((await db.oAuthState.findUniqueOrThrow({ where: { id: stateId } })).usedAt).toBeNull();
  });

  it('shows a browser which business it is connecting before sending it to the provider', async () => {
    const o = await attacker.owner();
    const page = await attacker.get(await attacker.installLink(o.accessToken, o.businessId), { accept: 'text/html' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Connect Google Calendar to Acme Plumbing');
    expect(await h.app.ctx.db.oAuthState.count({ where: { businessId: o.businessId } })).toBe(0);
  });

  it('needs a verified e-mail to start an install into a business', async () => {
    const { signup, createBusinessVia } = await import('../../testkit/http.ts');
    const u = await signup(h.app.url, 'unverified');
    const biz = await createBusinessVia(h.app.url, u.accessToken);
    const r = await call(h.app.url, 'POST', `/api/v1/businesses/${biz.id}/connections/${P}/install-link`, {
      token: u.accessToken,
    });
    expect(r.status).toBe(403);
    expect(r.body.type).toMatch(/email-unverified$/);
  });
});

describe('marketplace install of a CRM account a business disconnected', () => {
  it('is held for the owner; nothing is revived or backfilled until they confirm', async () => {
    const o = await attacker.connectFresh();
    const { db } = h.app.ctx;
    await db.lead.create({ data: { businessId: o.businessId, phone: '+15551237001', summary: 'Old lead' } });
    const off = await call(h.app.url, 'POST', `/oauth/${P}/uninstall`, {
      token: o.accessToken,
      body: { businessId: o.businessId },
    });
    expect(off.status).toBe(200);
    const records = await db.syncRecord.count({ where: { connectionId: o.conn.id } });

    // Someone with access to that calendar account installs from the marketplace.
    h.opts.user = { email: o.conn.externalAccountId };
    const someone = browser(h);
    const r = await someone.callback((await someone.authorizeVia(`/oauth/${P}/install`)).callbackUrl);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ status: 'pending_confirmation', confirmationEmailedTo: o.email });
    const conn = await db.connection.findUniqueOrThrow({ where: { id: o.conn.id } });
    expect(conn).toMatchObject({ status: 'disconnected', accessTokenEnc: null });
    expect(await db.syncRecord.count({ where: { connectionId: o.conn.id } })).toBe(records);

    // The owner, logged in, confirms: only now is it active again.
    const held = await call(h.app.url, 'GET', '/api/v1/pending-installs', { token: o.accessToken });
    expect(held.body.items).toHaveLength(1);
    const ok = await call(h.app.url, 'POST', `/api/v1/pending-installs/${held.body.items[0].id}/confirm`, {
      token: o.accessToken,
    });
    expect(ok.status).toBe(200);
    expect((await db.connection.findUniqueOrThrow({ where: { id: o.conn.id } })).status).toBe('active');
  });
});

describe('an admin reviving a disconnected CRM from inside Leadline', () => {
  it("waits for the owner's confirmation; an owner doing the same needs none", async () => {
    const o = await attacker.connectFresh();
    const { db } = h.app.ctx;
    await call(h.app.url, 'POST', `/oauth/${P}/uninstall`, {
      token: o.accessToken,
      body: { businessId: o.businessId },
    });
    const admin = await verifiedSignup(h.app, 'admin');
    const adminId = (await db.account.findUniqueOrThrow({ where: { email: admin.email } })).id;
    await db.membership.create({ data: { accountId: adminId, businessId: o.businessId, role: 'admin' } });

    h.opts.user = { email: o.conn.externalAccountId };
    const adminBrowser = browser(h);
    const r = await adminBrowser.callback(
      (await adminBrowser.authorizeVia(await adminBrowser.installLink(admin.accessToken, o.businessId))).callbackUrl,
    );
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ status: 'pending_confirmation', confirmationEmailedTo: o.email });
    expect((await db.connection.findUniqueOrThrow({ where: { id: o.conn.id } })).status).toBe('disconnected');
    // The admin cannot confirm it for the owner.
    const held = await call(h.app.url, 'GET', '/api/v1/pending-installs', { token: o.accessToken });
    expect(held.body.items).toHaveLength(1);
    expect(
      (
        await call(h.app.url, 'POST', `/api/v1/pending-installs/${held.body.items[0].id}/confirm`, {
          token: admin.accessToken,
        })
      ).status,
    ).toBe(404);
    expect((await db.connection.findUniqueOrThrow({ where: { id: o.conn.id } })).status).toBe('disconnected');

    // The owner reconnecting in-app is their own decision.
    const mine = await attacker.callback(
      (await attacker.authorizeVia(await attacker.installLink(o.accessToken, o.businessId))).callbackUrl,
    );
    expect(mine.status).toBe(200);
    expect((await db.connection.findUniqueOrThrow({ where: { id: o.conn.id } })).status).toBe('active');
  });
});

describe('the anonymous install route', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({
      env: {
        GOOGLE_CLIENT_ID: h.opts.clientId,
        GOOGLE_CLIENT_SECRET: h.opts.clientSecret,
        GOOGLE_OAUTH_BASE_URL: h.srv.url,
        GOOGLE_TOKEN_URL: `${h.srv.url}/token`,
        GOOGLE_API_BASE_URL: h.srv.url,
        AUTH_RATE_LIMIT_PER_MINUTE: '3',
        TRUST_PROXY: '1',
      },
    });
  });
  afterAll(() => limited.close());

  it('is rate-limited per client, so it cannot be used to fill the state table', async () => {
    const ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const before = await limited.ctx.db.oAuthState.count();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await fetch(`${limited.url}/oauth/${P}/install`, { redirect: 'manual', headers: { 'x-forwarded-for': ip } }))
          .status,
      );
    expect(statuses).toEqual([302, 302, 302, 429, 429, 429]);
    expect((await limited.ctx.db.oAuthState.count()) - before).toBe(3);
  });
});
