import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAndAccept, verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
import { type SmtpInbox, startSmtpInbox } from '../../testkit/smtp-inbox.ts';

let inbox: SmtpInbox;
let app: TestApp;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  app = await startTestApp({ env: { SMTP_URL: inbox.url } });
});
afterAll(async () => {
  await app.close();
  await inbox.stop();
});

/** A verified owner (minting keys needs a verified e-mail) with a business, and a way to mint its keys. */
async function keyed() {
  const owner = await verifiedSignup(app, 'owner');
  const b = await createBusinessVia(app.url, owner.accessToken);
  const key = async (scope?: string) => {
    const r = await call(app.url, 'POST', `/api/v1/businesses/${b.id}/api-keys`, {
      token: owner.accessToken,
      body: { name: `k-${scope ?? 'default'}`, ...(scope ? { scope } : {}) },
    });
    expect(r.status).toBe(201);
    return r.body as { id: string; key: string; scope: string };
  };
  return { owner, b, key };
}

describe('API key scopes', () => {
  it('a key is read-only unless made otherwise; a read key changes nothing', async () => {
    const { b, key } = await keyed();
    const k = await key();
    expect(k.scope).toBe('read');
    const base = `/api/v1/businesses/${b.id}`;
    expect((await call(app.url, 'GET', base, { token: k.key })).status).toBe(200);
    for (const [method, path, body] of [
      ['PATCH', base, { name: 'Renamed by a read key' }],
      ['POST', `${base}/webhooks`, { url: 'https://hooks.example.com/x', events: ['lead.created'] }],
      ['POST', `${base}/phone-numbers`, { e164: '+15005550006' }],
      ['POST', `${base}/widget-key`, undefined],
    ] as const) {
      const r = await call(app.url, method, path, { token: k.key, body });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    const row = await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } });
    expect(row.name).toBe('Acme Plumbing');
    expect(await app.ctx.db.webhookEndpoint.count({ where: { businessId: b.id } })).toBe(0);
    expect(await app.ctx.db.phoneNumber.count({ where: { businessId: b.id } })).toBe(0);
  });

  it('a write key changes business data but cannot touch members or keys', async () => {
    const { owner, b, key } = await keyed();
    const k = await key('write');
    const other = await key('admin');
    const base = `/api/v1/businesses/${b.id}`;
    expect((await call(app.url, 'PATCH', base, { token: k.key, body: { greeting: 'Hello!' } })).status).toBe(200);
    const hook = await call(app.url, 'POST', `${base}/webhooks`, {
      token: k.key,
      body: { url: 'https://hooks.example.com/x', events: ['lead.created'] },
    });
    expect(hook.status).toBe(201);
    const stranger = await signup(app.url, 'stranger');
    const me = (await call(app.url, 'GET', '/api/v1/me', { token: owner.accessToken })).body;
    for (const [method, path, body] of [
      ['POST', `${base}/members`, { email: stranger.email, role: 'admin' }],
      ['PATCH', `${base}/members/${me.id}`, { role: 'member' }],
      ['DELETE', `${base}/members/${me.id}`, undefined],
      ['GET', `${base}/api-keys`, undefined],
      ['DELETE', `${base}/api-keys/${other.id}`, undefined],
    ] as const)
      expect((await call(app.url, method, path, { token: k.key, body })).status, `${method} ${path}`).toBe(403);
    expect(await app.ctx.db.membership.count({ where: { businessId: b.id } })).toBe(1);
    expect((await app.ctx.db.apiKey.findUniqueOrThrow({ where: { id: other.id } })).revokedAt).toBeNull();
  });

  it('an admin key manages members and keys up to admin, never owner, and mints no keys', async () => {
    const { owner, b, key } = await keyed();
    const k = await key('admin');
    const victim = await key('write');
    const base = `/api/v1/businesses/${b.id}`;
    // Members join only by an invitation a person sent: the owner invites, the newcomer accepts.
    const newcomer = await verifiedSignup(app, 'newcomer');
    const joined = await inviteAndAccept(app, inbox, {
      inviterToken: owner.accessToken,
      businessId: b.id,
      invitee: newcomer,
      role: 'member',
    });
    expect(joined.status).toBe(200);
    const newcomerId = (await call(app.url, 'GET', '/api/v1/me', { token: newcomer.accessToken })).body.id;
    const member = `${base}/members/${newcomerId}`;
    const roleOf = async () =>
      (await app.ctx.db.membership.findFirstOrThrow({ where: { businessId: b.id, accountId: newcomerId } })).role;
    expect((await call(app.url, 'PATCH', member, { token: k.key, body: { role: 'owner' } })).status).toBe(403);
    expect(await roleOf()).toBe('member');
    const promoted = await call(app.url, 'PATCH', member, { token: k.key, body: { role: 'admin' } });
    expect(promoted.status).toBe(200);
    expect(await roleOf()).toBe('admin');
    // A key sends no invitations, whatever the role.
    const outsider = await verifiedSignup(app, 'outsider');
    for (const role of ['owner', 'admin', 'member'])
      expect(
        (await call(app.url, 'POST', `${base}/members`, { token: k.key, body: { email: outsider.email, role } }))
          .status,
        role,
      ).toBe(403);
    expect(await app.ctx.db.memberInvite.count({ where: { businessId: b.id, email: outsider.email } })).toBe(0);
    const listed = await call(app.url, 'GET', `${base}/api-keys`, { token: k.key });
    expect(listed.body.items.map((x: { scope: string }) => x.scope).sort()).toEqual(['admin', 'write']);
    expect((await call(app.url, 'DELETE', `${base}/api-keys/${victim.id}`, { token: k.key })).status).toBe(204);
    expect(
      (await call(app.url, 'POST', `${base}/api-keys`, { token: k.key, body: { name: 'self-mint', scope: 'admin' } }))
        .status,
    ).toBe(403); // the key authenticated; minting keys needs a person (401 would send it to re-authenticate)
    expect(await app.ctx.db.apiKey.count({ where: { businessId: b.id } })).toBe(2);
  });
});
