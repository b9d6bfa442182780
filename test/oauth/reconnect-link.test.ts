/**
 * The reconnect e-mail sent when a connection loses its grant: its link must work from a mail client (no
 * Leadline session), once, for days, against the local OAuth server, and bring the parked work back.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enqueueLeadSync } from '../../server/sync/outbox.ts';
import { accessToken } from '../../server/sync/tokens.ts';
import { browser, expectSelfContained, formsOf, linkIn, P, useOAuthHarness } from '../../testkit/oauth-harness.ts';

const h = useOAuthHarness();
const b = browser(h);
const DAY = 86_400_000;

afterEach(() => vi.useRealTimers());

/** An active connection with one lead waiting, whose grant then dies: needs_reauth, work parked, owner e-mailed. */
async function lostGrant() {
  const o = await b.connectFresh();
  const { db } = h.app.ctx;
  const lead = await db.lead.create({
    data: {
      businessId: o.businessId,
      phone: '+15551239001',
      summary: 'Boiler',
      preferredTime: '2030-01-10T10:00:00-05:00',
    },
  });
  await db.$transaction((tx) => enqueueLeadSync(tx, { businessId: o.businessId, leadId: lead.id, callId: null }));
  h.srv.revokeAllRefreshTokens();
  await db.connection.update({ where: { id: o.conn.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await expect(accessToken(h.app.ctx, o.conn.id)).rejects.toMatchObject({ kind: 'auth' });
  expect((await db.connection.findUniqueOrThrow({ where: { id: o.conn.id } })).status).toBe('needs_reauth');
  const mail = await h.inbox.waitFor((m) => m.to.includes(o.email.toLowerCase()) && m.subject.startsWith('Reconnect'));
  return { ...o, lead, link: linkIn(mail.text, `/oauth/${P}/install`) };
}

const problemOf = async (r: Response) => ({ status: r.status, body: (await r.json()) as any });

describe('the e-mailed reconnect link', () => {
  it('works from a plain HTTP client with no session: confirm page → provider → callback → parked work resumed', async () => {
    const o = await lostGrant();
    const { db } = h.app.ctx;
    expect(new URL(o.link).searchParams.get('ticket')).toBeTruthy();
    expect(new URL(o.link).searchParams.get('businessId')).toBe(o.businessId);

    // Opening the link (as a mail scanner would, twice) only shows a button: nothing is spent or started.
    for (let i = 0; i < 2; i++) {
      const page = await b.get(o.link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expectSelfContained(page, html);
      expect(html).toContain('Acme Plumbing');
      // The form is answered with a redirect to the provider, which form-action must allow.
      expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${new URL(h.srv.url).origin}`);
    }
    const html = await (await b.get(o.link)).text();
    const [form] = formsOf(html);
    expect(form!.action).toBe(`/oauth/${P}/install`);

    const started = await b.post(form!.action, form!.fields);
    expect(started.status).toBe(302);
    const authorize = new URL(started.headers.get('location')!);
    expect(authorize.origin).toBe(new URL(h.srv.url).origin);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

    const done = await b.callback(await b.approve(authorize));
    expect(done.status).toBe(200);
    expect(done.body.connection).toMatchObject({ status: 'active' });
    expect(done.body.business.id).toBe(o.businessId);
    expect(done.body.resumed).toBe(1);
    const rec = await db.syncRecord.findFirstOrThrow({
      where: { connectionId: o.conn.id, kind: 'lead', localId: o.lead.id },
    });
    expect(rec.status).toBe('pending');
    const jobs = await db.$queryRaw<
      { n: number }[]
    >`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'sync.push' and key = ${`sync.push:${o.conn.id}`}`;
    expect(jobs[0]!.n).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { businessId: o.businessId, action: 'connection.reconnected' },
    });
    expect(audit.accountId).not.toBeNull();

    // Second use of the same link: refused, by GET and by POST.
    const again = await problemOf(await b.get(o.link, { accept: 'application/json' }));
    expect(again.status).toBe(400);
    expect(again.body.type).toMatch(/oauth-link-used$/);
    const replay = await problemOf(await b.post(form!.action, form!.fields, { accept: 'application/json' }));
    expect(replay.status).toBe(400);
    expect(replay.body.type).toMatch(/oauth-link-used$/);
  });

  it('lasts days, not minutes; an expired one is refused with a clear problem', async () => {
    const o = await lostGrant();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6 * DAY);
    expect((await b.get(o.link)).status).toBe(200);

    vi.setSystemTime(Date.now() + 2 * DAY);
    const expired = await problemOf(await b.get(o.link, { accept: 'application/json' }));
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ type: expect.stringMatching(/oauth-link-expired$/), title: 'Link expired' });
    expect(expired.body.detail).toMatch(/reconnect link expired .*Sign in to Leadline and reconnect/);
    const form = { ticket: new URL(o.link).searchParams.get('ticket')! };
    const posted = await problemOf(await b.post(`/oauth/${P}/install`, form, { accept: 'application/json' }));
    expect(posted.body.type).toMatch(/oauth-link-expired$/);

    // A browser gets the same refusal as a page.
    const page = await b.get(o.link, { accept: 'text/html' });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<h1>Link expired<\/h1><p class="error">This reconnect link expired/);
    vi.useRealTimers();
    expect((await h.app.ctx.db.connection.findUniqueOrThrow({ where: { id: o.conn.id } })).status).toBe('needs_reauth');
  });

  it('is bound to its business and provider, refused once the connection is active again, and cannot be forged', async () => {
    const o = await lostGrant();
    const other = await b.owner();
    const moved = new URL(o.link);
    moved.searchParams.set('businessId', other.businessId);
    expect((await problemOf(await b.get(moved.toString(), { accept: 'application/json' }))).body.type).toMatch(
      /oauth-link-invalid$/,
    );
    const ticket = new URL(o.link).searchParams.get('ticket')!;
    const wrongProvider = await problemOf(
      await b.post('/oauth/hubspot/install', { ticket }, { accept: 'application/json' }),
    );
    expect(wrongProvider.status).toBeGreaterThanOrEqual(400); // 404 when HubSpot is not configured, else invalid
    const forged = await problemOf(
      await b.post(`/oauth/${P}/install`, { ticket: ticket.slice(0, -3) + 'AAA' }, { accept: 'application/json' }),
    );
    expect(forged.body.type).toMatch(/oauth-link-invalid$/);

    // Reconnected from inside the app instead: the old e-mail no longer starts anything.
    const done = await b.callback((await b.authorizeVia(await b.installLink(o.accessToken, o.businessId))).callbackUrl);
    expect(done.status).toBe(200);
    const stale = await problemOf(await b.get(o.link, { accept: 'application/json' }));
    expect(stale.status).toBe(409);
    expect(stale.body.type).toMatch(/oauth-link-stale$/);
  });
});
