/**
 * Marketplace installs (no Leadline session) and the e-mailed set-up link: a new account chooses its password
 * on /setup; an existing account matched by the CRM owner's e-mail gets nothing attached until it confirms.
 */
import { describe, expect, it } from 'vitest';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { call, signup, uniqueEmail } from '../../testkit/http.ts';
import { browser, expectSelfContained, formsOf, linkIn, P, useOAuthHarness } from '../../testkit/oauth-harness.ts';

const h = useOAuthHarness();
const b = browser(h);
const HTML = { accept: 'text/html' };
const JSON_ = { accept: 'application/json' };

/**
 * A marketplace install as the Google account `email` (the connection's external id is that e-mail). With only
 * openid + email granted Google tells Leadline no display name, so a business created by the install is named
 * after the e-mail.
 */
async function marketplaceInstall(email: string) {
  h.opts.user = { email };
  const { callbackUrl } = await b.authorizeVia(`/oauth/${P}/install`);
  return b.callback(callbackUrl);
}

/** The newest mail delivered to `to` whose subject starts with `subject`, as the user's mail client shows it. */
const mailTo = async (to: string, subject: string) => {
  await h.inbox.waitFor((m) => m.to.includes(to.toLowerCase()) && m.subject.startsWith(subject));
  return h.inbox
    .to(to)
    .filter((m) => m.subject.startsWith(subject))
    .at(-1)!;
};
const problemOf = async (r: Response) => ({ status: r.status, body: (await r.json()) as any });

describe('marketplace install → new account', () => {
  it('e-mails a single-use set-up link; the page sets the password, which then logs in', async () => {
    const email = uniqueEmail('market');
    const r = await marketplaceInstall(email);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      createdAccount: true,
      createdBusiness: true,
      business: { name: email },
      setupEmailedTo: email,
      connection: { status: 'active' },
    });
    // The token travels only by e-mail (proof of the mailbox), never in the installer's browser.
    expect(JSON.stringify(r.body)).not.toContain('token=');
    // Trial minutes are for proven e-mails: none until the set-up link (sent to that mailbox) is used.
    const balance = async () =>
      (await h.app.ctx.db.business.findUniqueOrThrow({ where: { id: r.body.business.id } })).secondsBalance;
    expect(await balance()).toBe(0);

    const link = linkIn((await mailTo(email, 'Finish setting up')).text, '/setup');
    expect(new URL(link).searchParams.get('email')).toBeNull();
    expect(new URL(link).searchParams.get('token')).toMatch(/^[0-9a-f-]{36}\.[\w-]+$/);
    expect(
      (await call(h.app.url, 'POST', '/api/v1/auth/login', { body: { email, password: '!unset:whatever' } })).status,
    ).toBe(401);

    const page = await b.get(link, HTML);
    expect(page.status).toBe(200);
    const html = await page.text();
    expectSelfContained(page, html);
    expect(html).toContain(`Google Calendar (${email}): active`);
    expect(html).toMatch(/<input id="password" name="password" type="password"/);
    const [form] = formsOf(html);
    expect(form).toMatchObject({ action: '/setup', fields: { action: 'password' } });

    // Rules from server/auth: too short, or not repeated, is answered on the page and spends nothing.
    const short = await b.post('/setup', { ...form!.fields, password: 'short', passwordAgain: 'short' }, HTML);
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('at least 10 characters');
    const mismatch = await problemOf(
      await b.post(
        '/setup',
        { ...form!.fields, password: 'a long enough password', passwordAgain: 'another one entirely' },
        JSON_,
      ),
    );
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors).toEqual([{ path: 'passwordAgain', message: 'must repeat the password' }]);

    const password = 'a brand new password';
    const set = await b.post('/setup', { ...form!.fields, password, passwordAgain: password }, HTML);
    expect(set.status).toBe(200);
    expect(await set.text()).toContain('Your password is set');
    expect(await balance()).toBe(3600);
    const account = await h.app.ctx.db.account.findUniqueOrThrow({ where: { email } });
    expect(account.passwordHash).toMatch(/^\$argon2id\$/);
    expect(account.emailVerifiedAt).not.toBeNull();

    const login = await call(h.app.url, 'POST', '/api/v1/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    const me = await call(h.app.url, 'GET', '/api/v1/me', { token: login.body.accessToken });
    expect(me.body.businesses).toEqual([expect.objectContaining({ name: email, role: 'owner' })]);

    // Reuse of the token: refused, and the password stays.
    const reuse = await problemOf(
      await b.post(
        '/setup',
        { ...form!.fields, password: 'an attacker password', passwordAgain: 'an attacker password' },
        JSON_,
      ),
    );
    expect(reuse.status).toBe(400);
    expect(reuse.body.type).toMatch(/setup-link-used$/);
    expect((await b.get(link, HTML)).status).toBe(400);
    expect((await call(h.app.url, 'POST', '/api/v1/auth/login', { body: { email, password } })).status).toBe(200);

    // A second marketplace install of the same calendar lands on the same business: held for its owner, who
    // confirms it logged in (API, with the session).
    const again = await b.get((await b.authorizeVia(`/oauth/${P}/install`)).callbackUrl, HTML);
    expect(again.status).toBe(202);
    expect(await again.text()).toContain('not connected yet');
    const token = login.body.accessToken as string;
    const held = await call(h.app.url, 'GET', '/api/v1/pending-installs', { token });
    expect(held.body.items).toEqual([
      expect.objectContaining({ provider: P, externalAccountId: email, businessName: email }),
    ]);
    const stranger = await call(h.app.url, 'POST', `/api/v1/pending-installs/${held.body.items[0].id}/confirm`, {
      token: (await signup(h.app.url, 'stranger')).accessToken,
    });
    expect(stranger.status).toBe(404);
    const ok = await call(h.app.url, 'POST', `/api/v1/pending-installs/${held.body.items[0].id}/confirm`, { token });
    expect(ok.status).toBe(200);
    expect(ok.body.connection).toMatchObject({ status: 'active', externalAccountId: email });
    expect(await h.app.ctx.db.connection.count({ where: { externalAccountId: email } })).toBe(1);
  });

  it('refuses a forged or expired set-up token', async () => {
    const email = uniqueEmail('market');
    expect((await marketplaceInstall(email)).status).toBe(200);
    const link = new URL(linkIn((await mailTo(email, 'Finish setting up')).text, '/setup'));
    const token = link.searchParams.get('token')!;
    const forged = await problemOf(await b.get(`/setup?token=${encodeURIComponent(token.slice(0, -2) + 'xx')}`, JSON_));
    expect(forged.body.type).toMatch(/setup-link-invalid$/);
    // An OAuth state (same shape, other MAC domain) is not a set-up token either.
    const state = new URL((await b.authorizeVia(`/oauth/${P}/install`)).callbackUrl).searchParams.get('state')!;
    expect((await problemOf(await b.get(`/setup?token=${encodeURIComponent(state)}`, JSON_))).body.type).toMatch(
      /setup-link-invalid$/,
    );

    await h.app.ctx.db.oAuthState.update({
      where: { id: token.split('.')[0]! },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await problemOf(
      await b.post(
        '/setup',
        { token, action: 'password', password: 'a long enough password', passwordAgain: 'a long enough password' },
        JSON_,
      ),
    );
    expect(expired.status).toBe(400);
    expect(expired.body.type).toMatch(/setup-link-expired$/);
    expect(expired.body.detail).toMatch(/password reset/);
  });
});

describe('marketplace install → existing account matched by e-mail', () => {
  async function ownerWithLead() {
    const o = await b.owner();
    await h.app.ctx.db.lead.create({
      data: {
        businessId: o.businessId,
        phone: '+15551238001',
        summary: 'Leak',
        preferredTime: '2030-02-01T09:00:00-05:00',
      },
    });
    return o;
  }

  it('attaches nothing until the owner confirms from the e-mail; confirming activates it and starts the backfill', async () => {
    const o = await ownerWithLead();
    const { db } = h.app.ctx;
    const r = await marketplaceInstall(o.email);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ status: 'pending_confirmation', provider: P, confirmationEmailedTo: o.email });
    expect(await db.connection.count({ where: { businessId: o.businessId } })).toBe(0);
    expect(await db.syncRecord.count({ where: { businessId: o.businessId } })).toBe(0);
    expect(await db.account.count({ where: { email: o.email } })).toBe(1);

    const link = linkIn((await mailTo(o.email, 'Confirm connecting')).text, '/setup');
    const page = await b.get(link, HTML);
    expect(page.status).toBe(200);
    const html = await page.text();
    expectSelfContained(page, html);
    expect(html).toContain('Acme Plumbing');
    const forms = formsOf(html);
    expect(forms.map((f) => f.fields.action)).toEqual(['confirm', 'decline']);
    // Looking at the page attaches nothing either.
    expect(await db.connection.count({ where: { businessId: o.businessId } })).toBe(0);

    // The mailbox alone does not confirm: the page asks for the account's password.
    for (const password of [undefined, 'not the password']) {
      const fields = password ? { ...forms[0]!.fields, password } : forms[0]!.fields;
      const refused = await problemOf(await b.post('/setup', fields, JSON_));
      expect(refused.status).toBe(401);
    }
    expect(await db.connection.count({ where: { businessId: o.businessId } })).toBe(0);

    // A double submit: exactly one confirmation goes through.
    const confirm = { ...forms[0]!.fields, password: o.password };
    const both = await Promise.all([b.post('/setup', confirm, HTML), b.post('/setup', confirm, HTML)]);
    expect(both.map((x) => x.status).sort()).toEqual([200, 400]);
    const confirmed = both.find((x) => x.status === 200)!;
    expect(await confirmed.text()).toContain('Google Calendar is connected to Acme Plumbing');
    expect(
      await db.auditLog.count({
        where: { businessId: o.businessId, action: { in: ['connection.connected', 'connection.reconnected'] } },
      }),
    ).toBe(1);
    const conn = await db.connection.findUniqueOrThrow({
      where: { businessId_provider: { businessId: o.businessId, provider: P } },
    });
    expect(conn).toMatchObject({ status: 'active', externalAccountId: o.email });
    expect(conn.accessTokenEnc).toMatch(/^v2\./);
    expect(await db.syncRecord.count({ where: { connectionId: conn.id, kind: 'lead', status: 'pending' } })).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { businessId: o.businessId, action: 'connection.connected' },
    });
    expect(audit.meta).toMatchObject({ marketplace: true });

    const reuse = await problemOf(await b.post('/setup', confirm, JSON_));
    expect(reuse.body.type).toMatch(/setup-link-used$/);
    const declineAfter = await problemOf(await b.post('/setup', forms[1]!.fields, JSON_));
    expect(declineAfter.body.type).toMatch(/setup-link-used$/);
    expect(await db.connection.count({ where: { businessId: o.businessId } })).toBe(1);
  });

  it('declining gives the grant back and attaches nothing', async () => {
    const o = await ownerWithLead();
    expect((await marketplaceInstall(o.email)).status).toBe(202);
    const forms = formsOf(
      await (await b.get(linkIn((await mailTo(o.email, 'Confirm connecting')).text, '/setup'), HTML)).text(),
    );
    const revokedBefore = h.srv.revoked.length;
    const declined = await b.post('/setup', forms[1]!.fields, HTML);
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('Nothing was connected');
    expect(h.srv.revoked.length).toBe(revokedBefore + 1);
    expect(await h.app.ctx.db.connection.count({ where: { businessId: o.businessId } })).toBe(0);
    expect((await problemOf(await b.post('/setup', forms[0]!.fields, JSON_))).body.type).toMatch(/setup-link-used$/);
  });

  it('never matches an unverified account: nothing is created, held or attached', async () => {
    const user = await signup(h.app.url, 'unverified');
    const r = await marketplaceInstall(user.email);
    expect(r.status).toBe(409);
    expect(r.body.type).toMatch(/account-unverified$/);
    expect(await h.app.ctx.db.connection.count({ where: { externalAccountId: user.email } })).toBe(0);
    expect(await h.app.ctx.db.membership.count({ where: { account: { email: user.email } } })).toBe(0);
    expect(
      await h.app.ctx.db.outboxEmail.count({ where: { to: user.email, subject: { startsWith: 'Confirm' } } }),
    ).toBe(0);
  });

  it('an account with no business yet: confirming creates it, named after the Google account (its e-mail)', async () => {
    const user = await verifiedSignup(h.app, 'solo');
    expect((await marketplaceInstall(user.email)).status).toBe(202);
    expect(await h.app.ctx.db.membership.count({ where: { account: { email: user.email } } })).toBe(0);
    const forms = formsOf(
      await (await b.get(linkIn((await mailTo(user.email, 'Confirm connecting')).text, '/setup'), HTML)).text(),
    );
    expect((await b.post('/setup', { ...forms[0]!.fields, password: user.password }, HTML)).status).toBe(200);
    const me = await call(h.app.url, 'GET', '/api/v1/me', { token: user.accessToken });
    expect(me.body.businesses).toEqual([expect.objectContaining({ name: user.email, role: 'owner' })]);
  });
});
