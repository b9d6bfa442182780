/**
 * Writes that belong together stand or fall together: an install (account → business → connection → audit),
 * an uninstall (connection → parked work → audit) and the set-up page (token → password → trial → audit).
 * Each test makes the LAST write of the group fail in the real database (a trigger refusing that one audit
 * row, as a constraint would) and shows nothing of the group was written; without the fault it succeeds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, uniqueEmail } from '../../testkit/http.ts';
import { browser, formsOf, linkIn, P, useOAuthHarness } from '../../testkit/oauth-harness.ts';

const h = useOAuthHarness();
const db = () => h.app.ctx.db;

/** Makes PostgreSQL refuse the audit row `action` whose JSON `meta`/`target` mentions `needle`. */
async function refuseAudit(action: string, needle: string) {
  await db().$executeRawUnsafe(`create or replace function test_refuse_audit() returns trigger language plpgsql as $$
    begin raise exception 'audit refused by the test'; end $$`);
  await db().$executeRawUnsafe(`drop trigger if exists test_refuse_audit on "AuditLog"`);
  await db().$executeRawUnsafe(
    `create trigger test_refuse_audit before insert on "AuditLog" for each row
     when (new."action" = '${action}' and (new."meta"::text like '%${needle}%' or new."target" = '${needle}'
       or new."accountId"::text = '${needle}'))
     execute function test_refuse_audit()`,
  );
}
afterEach(async () => {
  await db().$executeRawUnsafe(`drop trigger if exists test_refuse_audit on "AuditLog"`);
});

describe('marketplace install that creates an account', () => {
  it('a failing audit row leaves no account, business or connection; the same install then succeeds', async () => {
    const email = uniqueEmail('atomic');
    const started = new Date();
    await refuseAudit('connection.connected', email);
    h.opts.user = { email };
    const b = browser(h);
    const r = await b.callback((await b.authorizeVia(`/oauth/${P}/install`)).callbackUrl);
    expect(r.status).toBeGreaterThanOrEqual(500);
    expect(await db().account.count({ where: { email } })).toBe(0);
    expect(await db().business.count({ where: { name: email } })).toBe(0);
    expect(await db().connection.count({ where: { provider: P, externalAccountId: email } })).toBe(0);
    // The account's own audit row would name an account that does not exist: none was written.
    const orphans = await db().$queryRaw<{ n: bigint }[]>`
      select count(*) as n from "AuditLog" a where a."action" = 'account.created_by_install' and a."createdAt" >= ${started}
        and not exists (select 1 from "Account" x where x."id" = a."accountId")`;
    expect(Number(orphans[0]!.n)).toBe(0);

    await db().$executeRawUnsafe(`drop trigger test_refuse_audit on "AuditLog"`);
    const again = browser(h);
    const ok = await again.callback((await again.authorizeVia(`/oauth/${P}/install`)).callbackUrl);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ createdAccount: true, createdBusiness: true, connection: { status: 'active' } });
    expect(await db().account.count({ where: { email } })).toBe(1);
  });
});

describe('uninstall', () => {
  it('a failing audit row leaves the connection as it was (active, parked nothing)', async () => {
    const o = await browser(h).connectFresh();
    await refuseAudit('connection.disconnected', o.conn.id);
    const off = await call(h.app.url, 'POST', `/oauth/${P}/uninstall`, {
      token: o.accessToken,
      body: { businessId: o.businessId },
    });
    expect(off.status).toBeGreaterThanOrEqual(500);
    const conn = await db().connection.findUniqueOrThrow({ where: { id: o.conn.id } });
    expect(conn.status).toBe('active');
    expect(conn.accessTokenEnc).not.toBeNull();
    expect(await db().auditLog.count({ where: { action: 'connection.disconnected', target: o.conn.id } })).toBe(0);
  });
});

describe('the set-up page', () => {
  it('a failing audit row sets no password, grants no trial and leaves the link usable', async () => {
    const email = uniqueEmail('atomic-setup');
    h.opts.user = { email };
    const b = browser(h);
    const r = await b.callback((await b.authorizeVia(`/oauth/${P}/install`)).callbackUrl);
    expect(r.status).toBe(200);
    await h.inbox.waitFor((m) => m.to.includes(email) && m.subject.startsWith('Finish setting up'));
    const link = linkIn(h.inbox.to(email).at(-1)!.text, '/setup');
    const [form] = formsOf(await (await b.get(link, { accept: 'text/html' })).text());
    const account = await db().account.findUniqueOrThrow({ where: { email } });
    await refuseAudit('account.setup_completed', account.id);

    const password = 'a brand new password';
    const set = await b.post('/setup', { ...form!.fields, password, passwordAgain: password }, { accept: 'text/html' });
    expect(set.status).toBeGreaterThanOrEqual(500);
    const after = await db().account.findUniqueOrThrow({ where: { email } });
    expect(after.passwordHash).toBe(account.passwordHash);
    expect(after.emailVerifiedAt).toBeNull();
    const business = await db().business.findUniqueOrThrow({ where: { id: r.body.business.id } });
    expect(business.secondsBalance).toBe(0);

    await db().$executeRawUnsafe(`drop trigger test_refuse_audit on "AuditLog"`);
    const retry = await b.post(
      '/setup',
      { ...form!.fields, password, passwordAgain: password },
      { accept: 'text/html' },
    );
    expect(retry.status).toBe(200);
    expect((await db().business.findUniqueOrThrow({ where: { id: r.body.business.id } })).secondsBalance).toBe(3600);
  });
});
