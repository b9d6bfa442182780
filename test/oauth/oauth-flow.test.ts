/**
 * The whole install flow over real HTTP: Leadline (real app) ⇄ a local spec-compliant OAuth 2.0 server
 * (authorization code + PKCE S256, refresh, revoke), with the Google Calendar connector pointed at it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../connectors/types.ts';
import { decryptSecret } from '../../server/crypto/secrets.ts';
import { connectionSlot } from '../../server/sync/grants.ts';
import { enqueueLeadSync } from '../../server/sync/outbox.ts';
import { accessToken } from '../../server/sync/tokens.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { cookieJar } from '../../testkit/cookie-jar.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';
import { call, createBusinessVia, signup, uniqueEmail } from '../../testkit/http.ts';
import { startOAuthServer, type OAuthServer, type OAuthServerOptions } from '../../testkit/oauth-server.ts';

const P = 'google-calendar';
let app: TestApp;
let srv: OAuthServer;
const srvOpts: OAuthServerOptions = {
  clientId: 'leadline-client',
  clientSecret: 'leadline-secret',
  redirectUris: [`https://leadline.test/oauth/${P}/callback`],
  user: { email: uniqueEmail('cal'), name: 'Front desk' },
};

let inbox: SmtpInbox;
beforeAll(async () => {
  srv = await startOAuthServer(srvOpts);
  inbox = await startSmtpInbox();
  app = await startTestApp({
    ...(process.env.DEBUG_LOG ? { ctx: { log: (await import('../../server/log.ts')).createLogger('error') } } : {}),
    env: {
      SMTP_URL: inbox.url,
      GOOGLE_CLIENT_ID: srvOpts.clientId,
      GOOGLE_CLIENT_SECRET: srvOpts.clientSecret,
      GOOGLE_OAUTH_BASE_URL: srv.url,
      GOOGLE_TOKEN_URL: `${srv.url}/token`,
      GOOGLE_API_BASE_URL: srv.url,
    },
  });
});
afterAll(async () => {
  await app?.close();
  await srv?.stop();
  await inbox?.stop();
});

/** PUBLIC_BASE_URL is https://leadline.test; the test reaches the same routes on the loopback port. */
const local = (u: string) => (u.startsWith('/') ? app.url + u : u.replace('https://leadline.test', app.url));
/** One browser: the install's `__Host-` nonce cookie comes back with the callback. */
const cookies = cookieJar();
const get = (u: string, headers: Record<string, string> = {}) =>
  cookies.keep(fetch(local(u), { redirect: 'manual', headers: { ...cookies.header(), ...headers } }));

async function owner() {
  const user = await verifiedSignup(app, 'owner');
  const biz = await createBusinessVia(app.url, user.accessToken);
  return { ...user, businessId: biz.id };
}

/** install link → install → authorize (auto-approved) → the callback URL the provider sent the browser to. */
async function authorizeVia(installUrl: string, headers: Record<string, string> = {}) {
  const install = await get(installUrl, headers);
  expect(install.status).toBe(302);
  const authorize = new URL(install.headers.get('location')!);
  const approved = await fetch(authorize, { redirect: 'manual' });
  expect(approved.status).toBe(302);
  return { authorize, callbackUrl: approved.headers.get('location')! };
}

async function callback(url: string) {
  const r = await get(url, { accept: 'application/json' });
  return { status: r.status, body: (await r.json()) as any };
}

async function installLink(token: string, businessId: string) {
  const r = await call(app.url, 'POST', `/api/v1/businesses/${businessId}/connections/${P}/install-link`, { token });
  expect(r.status).toBe(200);
  return r.body.url as string;
}

async function connectFresh() {
  const o = await owner();
  const { callbackUrl } = await authorizeVia(await installLink(o.accessToken, o.businessId));
  const done = await callback(callbackUrl);
  expect(done.status).toBe(200);
  const conn = await app.ctx.db.connection.findUniqueOrThrow({
    where: { businessId_provider: { businessId: o.businessId, provider: P } },
  });
  return { ...o, conn, callbackUrl };
}

describe('install from inside Leadline', () => {
  it('runs authorization code + PKCE S256 and stores the connection with encrypted tokens', async () => {
    const o = await owner();
    const link = await installLink(o.accessToken, o.businessId);
    const { authorize, callbackUrl } = await authorizeVia(link);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`https://leadline.test/oauth/${P}/callback`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[0-9a-f-]{36}\.[\w-]+$/);

    const done = await callback(callbackUrl);
    expect(done.status).toBe(200);
    expect(done.body.connection).toMatchObject({
      provider: P,
      status: 'active',
      externalAccountId: srvOpts.user!.email,
    });
    expect(done.body.backfilled).toBe(0);

    const row = await app.ctx.db.connection.findUniqueOrThrow({
      where: { businessId_provider: { businessId: o.businessId, provider: P } },
    });
    const [issuedAccess] = [...srv.accessTokens.keys()].slice(-1);
    const issuedRefresh = [...srv.refreshTokens.keys()].slice(-1)[0]!;
    const raw = JSON.stringify(row);
    expect(raw).not.toContain(issuedAccess);
    expect(raw).not.toContain(issuedRefresh);
    expect(row.accessTokenEnc).toMatch(/^v2\./);
    expect(row.tokenKeyId).toBe(app.ctx.config.currentKeyId);
    // Least scopes: events, free/busy, and openid + email for the account's e-mail (no calendar-metadata scope).
    expect(row.scopes).toEqual([
      'https://www.googleapis.com/auth/calendar.events',
      'https://www.googleapis.com/auth/calendar.freebusy',
      'openid',
      'https://www.googleapis.com/auth/userinfo.email',
    ]);
    expect(await accessToken(app.ctx, row.id)).toBe(issuedAccess);

    const health = await call(app.url, 'GET', '/api/v1/connections', { token: o.accessToken });
    expect(health.body.items).toEqual([
      expect.objectContaining({
        provider: P,
        status: 'active',
        counts: { pending: 0, synced: 0, failed: 0, parked: 0 },
      }),
    ]);
    expect(JSON.stringify(health.body)).not.toContain('TokenEnc');
  });

  it('refuses a replayed, a tampered and an expired state, and a used or forged ticket', async () => {
    const o = await owner();
    const link = await installLink(o.accessToken, o.businessId);
    const { callbackUrl } = await authorizeVia(link);
    expect((await callback(callbackUrl)).status).toBe(200);

    const replay = await callback(callbackUrl);
    expect(replay.status).toBe(400);
    expect(replay.body.detail).toMatch(/already/);

    const again = await get(link);
    expect(again.status).toBe(400); // the ticket was spent by the first install
    const forged = await get(link.replace(/ticket=[^&]+/, 'ticket=eyJhbGciOiJIUzI1NiJ9.e30.AAAA'));
    expect(forged.status).toBe(400);

    const second = await authorizeVia(await installLink(o.accessToken, o.businessId));
    const u = new URL(second.callbackUrl);
    const [id, sig] = u.searchParams.get('state')!.split('.');
    const tampered = new URL(u);
    tampered.searchParams.set('state', `${id}.${sig!.slice(0, -2)}xx`);
    const t = await callback(tampered.toString());
    expect(t.status).toBe(400);
    expect(t.body.type).toMatch(/oauth-state/);

    await app.ctx.db.oAuthState.update({ where: { id: id! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await callback(second.callbackUrl);
    expect(expired.status).toBe(400);
    expect(expired.body.detail).toMatch(/10 minutes/);
  });

  it('accepts a bearer token on the install route and refuses members and strangers', async () => {
    const o = await owner();
    const ok = await get(`/oauth/${P}/install?businessId=${o.businessId}`, {
      authorization: `Bearer ${o.accessToken}`,
    });
    expect(ok.status).toBe(302);
    const stranger = await signup(app.url, 'stranger');
    const no = await get(`/oauth/${P}/install?businessId=${o.businessId}`, {
      authorization: `Bearer ${stranger.accessToken}`,
    });
    expect(no.status).toBe(404);
    const anonymous = await get(`/oauth/${P}/install?businessId=${o.businessId}`);
    expect(anonymous.status).toBe(401);
    const unknownProvider = await get(`/oauth/acme-crm/install`);
    expect(unknownProvider.status).toBe(404);
  });

  it('answers access_denied and missing scopes with a clear 400', async () => {
    const o = await owner();
    srv.denyNext();
    const denied = await callback((await authorizeVia(await installLink(o.accessToken, o.businessId))).callbackUrl);
    expect(denied.status).toBe(400);
    expect(denied.body.detail).toMatch(/access_denied/);

    srvOpts.grantScopes = ['https://www.googleapis.com/auth/calendar.events'];
    try {
      const r = await callback((await authorizeVia(await installLink(o.accessToken, o.businessId))).callbackUrl);
      expect(r.status).toBe(400);
      expect(r.body.missingScopes).toEqual([
        'https://www.googleapis.com/auth/calendar.freebusy',
        'openid',
        'https://www.googleapis.com/auth/userinfo.email',
      ]);
      expect(r.body.detail).toContain('calendar.freebusy');
    } finally {
      delete srvOpts.grantScopes;
    }
    expect(await app.ctx.db.connection.count({ where: { businessId: o.businessId } })).toBe(0);
  });
});

describe('tokens', () => {
  it('refreshes an expired token exactly once for 10 concurrent callers', async () => {
    const { conn } = await connectFresh();
    await app.ctx.db.connection.update({ where: { id: conn.id }, data: { expiresAt: new Date(Date.now() + 60_000) } }); // inside the 5-minute margin
    srvOpts.tokenLatencyMs = 150;
    const before = srv.counts['token:refresh_token'] ?? 0;
    try {
      const tokens = await Promise.all(Array.from({ length: 10 }, () => accessToken(app.ctx, conn.id)));
      expect(new Set(tokens).size).toBe(1);
      expect(srv.accessTokens.has(tokens[0]!)).toBe(true);
    } finally {
      delete srvOpts.tokenLatencyMs;
    }
    expect((srv.counts['token:refresh_token'] ?? 0) - before).toBe(1);
    const after = await app.ctx.db.connection.findUniqueOrThrow({ where: { id: conn.id } });
    expect(after.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    // No new refresh token came back: the old one is kept (re-sealed with the current key).
    expect(decryptSecret(app.ctx.config, after.refreshTokenEnc!, connectionSlot(conn.id, 'refreshToken'))).toBe(
      decryptSecret(app.ctx.config, conn.refreshTokenEnc!, connectionSlot(conn.id, 'refreshToken')),
    );
  });

  it('invalid_grant → needs_reauth, work parked, owners e-mailed once; reconnecting resumes the work', async () => {
    const o = await connectFresh();
    const { db } = app.ctx;
    const lead = await db.lead.create({
      data: {
        businessId: o.businessId,
        phone: '+15551230001',
        summary: 'Leak',
        preferredTime: '2030-01-10T10:00:00-05:00',
      },
    });
    await db.$transaction((tx) => enqueueLeadSync(tx, { businessId: o.businessId, leadId: lead.id, callId: null }));
    srv.revokeAllRefreshTokens();
    await db.connection.update({ where: { id: o.conn.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const results = await Promise.allSettled(Array.from({ length: 5 }, () => accessToken(app.ctx, o.conn.id)));
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConnectorError);
      expect((r as PromiseRejectedResult).reason.kind).toBe('auth');
    }
    const conn = await db.connection.findUniqueOrThrow({ where: { id: o.conn.id } });
    expect(conn.status).toBe('needs_reauth');
    const rec = await db.syncRecord.findFirstOrThrow({
      where: { connectionId: conn.id, kind: 'lead', localId: lead.id },
    });
    expect(rec.status).toBe('parked');
    // Five refreshes failed at once; the owner's mailbox gets one reconnect e-mail.
    await inbox.waitFor((m) => m.to.includes(o.email.toLowerCase()) && m.subject.startsWith('Reconnect'));
    expect(inbox.to(o.email).filter((m) => m.subject.startsWith('Reconnect'))).toHaveLength(1);

    // A lead arriving meanwhile is kept (parked), not dropped.
    const later = await db.lead.create({ data: { businessId: o.businessId, phone: '+15551230002', summary: 'Later' } });
    await db.$transaction((tx) => enqueueLeadSync(tx, { businessId: o.businessId, leadId: later.id, callId: null }));
    expect(
      (await db.syncRecord.findFirstOrThrow({ where: { connectionId: conn.id, kind: 'lead', localId: later.id } }))
        .status,
    ).toBe('parked');

    const { callbackUrl } = await authorizeVia(await installLink(o.accessToken, o.businessId));
    const done = await callback(callbackUrl);
    expect(done.status).toBe(200);
    expect(done.body.resumed).toBe(2);
    const resumed = await db.syncRecord.findMany({ where: { connectionId: conn.id, kind: 'lead' } });
    expect(resumed.map((r) => r.status)).toEqual(['pending', 'pending']);
    const jobs = await db.$queryRaw<
      { n: number }[]
    >`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'sync.push' and key = ${`sync.push:${conn.id}`}`;
    expect(jobs[0]!.n).toBe(1);
    expect((await db.connection.findUniqueOrThrow({ where: { id: conn.id } })).status).toBe('active');
  });

  it('uninstall revokes at the provider and deletes the tokens', async () => {
    const o = await connectFresh();
    const refreshCount = srv.refreshTokens.size;
    const r = await call(app.url, 'POST', `/oauth/${P}/uninstall`, {
      token: o.accessToken,
      body: { businessId: o.businessId },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'disconnected', revoked: true });
    expect(srv.refreshTokens.size).toBe(refreshCount - 1);
    const row = await app.ctx.db.connection.findUniqueOrThrow({ where: { id: o.conn.id } });
    expect(row).toMatchObject({ status: 'disconnected', accessTokenEnc: null, refreshTokenEnc: null });
    const log = await app.ctx.db.auditLog.findFirst({
      where: { businessId: o.businessId, action: 'connection.disconnected' },
    });
    expect(log?.meta).toMatchObject({ provider: P, revoked: true });
    await expect(accessToken(app.ctx, o.conn.id)).rejects.toMatchObject({ kind: 'auth' });
  });
});

// Marketplace installs and their set-up link: marketplace-setup.test.ts; the e-mailed reconnect link: reconnect-link.test.ts.
