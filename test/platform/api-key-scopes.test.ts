import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAndAccept, verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { createBusinessVia, signup } from '../../testkit/http.ts';
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
  const key = async (scope?: 'read' | 'write' | 'admin') => {
    const r = await apiClient(app.url, owner.accessToken).POST('/api/v1/businesses/{id}/api-keys', {
      params: { path: { id: b.id } },
      body: { name: `k-${scope ?? 'default'}`, ...(scope ? { scope } : {}) },
    });
    expect(r.response.status).toBe(201);
    return { ...r.data!, api: apiClient(app.url, { apiKey: r.data!.key }) };
  };
  return { owner, b, key, business: { params: { path: { id: b.id } } } };
}

describe('API key scopes', () => {
  it('a key is read-only unless made otherwise; a read key changes nothing', async () => {
    const { b, key, business } = await keyed();
    const k = await key();
    expect(k.scope).toBe('read');
    expect((await k.api.GET('/api/v1/businesses/{id}', business)).response.status).toBe(200);
    const refused = {
      'PATCH {id}': await k.api.PATCH('/api/v1/businesses/{id}', {
        ...business,
        body: { name: 'Renamed by a read key' },
      }),
      'POST {id}/webhooks': await k.api.POST('/api/v1/businesses/{id}/webhooks', {
        ...business,
        body: { url: 'https://hooks.example.com/x', events: ['lead.created'] },
      }),
      'POST {id}/phone-numbers': await k.api.POST('/api/v1/businesses/{id}/phone-numbers', {
        ...business,
        body: { e164: '+15005550006' },
      }),
      'POST {id}/widget-key': await k.api.POST('/api/v1/businesses/{id}/widget-key', business),
    };
    for (const [op, r] of Object.entries(refused)) {
      expect(r.response.status, op).toBe(403);
      expect(r.response.headers.get('content-type')).toContain('application/problem+json');
    }
    const row = await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } });
    expect(row.name).toBe('Acme Plumbing');
    expect(await app.ctx.db.webhookEndpoint.count({ where: { businessId: b.id } })).toBe(0);
    expect(await app.ctx.db.phoneNumber.count({ where: { businessId: b.id } })).toBe(0);
  });

  it('a write key changes business data but cannot touch members or keys', async () => {
    const { owner, b, key, business } = await keyed();
    const k = await key('write');
    const other = await key('admin');
    const patched = await k.api.PATCH('/api/v1/businesses/{id}', { ...business, body: { greeting: 'Hello!' } });
    expect(patched.response.status).toBe(200);
    const hook = await k.api.POST('/api/v1/businesses/{id}/webhooks', {
      ...business,
      body: { url: 'https://hooks.example.com/x', events: ['lead.created'] },
    });
    expect(hook.response.status).toBe(201);
    const stranger = await signup(app.url, 'stranger');
    const me = (await apiClient(app.url, owner.accessToken).GET('/api/v1/me')).data!;
    const ownerMembership = { params: { path: { id: b.id, accountId: me.id } } };
    const refused = {
      'POST members': await k.api.POST('/api/v1/businesses/{id}/members', {
        ...business,
        body: { email: stranger.email, role: 'admin' },
      }),
      'PATCH member': await k.api.PATCH('/api/v1/businesses/{id}/members/{accountId}', {
        ...ownerMembership,
        body: { role: 'member' },
      }),
      'DELETE member': await k.api.DELETE('/api/v1/businesses/{id}/members/{accountId}', ownerMembership),
      'GET api-keys': await k.api.GET('/api/v1/businesses/{id}/api-keys', business),
      'DELETE api-key': await k.api.DELETE('/api/v1/businesses/{id}/api-keys/{keyId}', {
        params: { path: { id: b.id, keyId: other.id } },
      }),
    };
    for (const [op, r] of Object.entries(refused)) expect(r.response.status, op).toBe(403);
    expect(await app.ctx.db.membership.count({ where: { businessId: b.id } })).toBe(1);
    expect((await app.ctx.db.apiKey.findUniqueOrThrow({ where: { id: other.id } })).revokedAt).toBeNull();
  });

  it('an admin key manages members and keys up to admin, never owner, and mints no keys', async () => {
    const { owner, b, key, business } = await keyed();
    const k = await key('admin');
    const victim = await key('write');
    // Members join only by an invitation a person sent: the owner invites, the newcomer accepts.
    const newcomer = await verifiedSignup(app, 'newcomer');
    const joined = await inviteAndAccept(app, inbox, {
      inviterToken: owner.accessToken,
      businessId: b.id,
      invitee: newcomer,
      role: 'member',
    });
    expect(joined.status).toBe(200);
    const newcomerId = (await apiClient(app.url, newcomer.accessToken).GET('/api/v1/me')).data!.id;
    const member = { params: { path: { id: b.id, accountId: newcomerId } } };
    const roleOf = async () =>
      (await app.ctx.db.membership.findFirstOrThrow({ where: { businessId: b.id, accountId: newcomerId } })).role;
    const setRole = (role: 'owner' | 'admin') =>
      k.api.PATCH('/api/v1/businesses/{id}/members/{accountId}', { ...member, body: { role } });
    expect((await setRole('owner')).response.status).toBe(403);
    expect(await roleOf()).toBe('member');
    const promoted = await setRole('admin');
    expect(promoted.response.status).toBe(200);
    expect(promoted.data).toEqual({ accountId: newcomerId, role: 'admin' });
    expect(await roleOf()).toBe('admin');
    // A key sends no invitations, whatever the role.
    const outsider = await verifiedSignup(app, 'outsider');
    for (const role of ['owner', 'admin', 'member'] as const)
      expect(
        (
          await k.api.POST('/api/v1/businesses/{id}/members', {
            ...business,
            body: { email: outsider.email, role },
          })
        ).response.status,
        role,
      ).toBe(403);
    expect(await app.ctx.db.memberInvite.count({ where: { businessId: b.id, email: outsider.email } })).toBe(0);
    const listed = await k.api.GET('/api/v1/businesses/{id}/api-keys', business);
    expect(listed.data!.items.map((x) => x.scope).sort()).toEqual(['admin', 'write']);
    const revoked = await k.api.DELETE('/api/v1/businesses/{id}/api-keys/{keyId}', {
      params: { path: { id: b.id, keyId: victim.id } },
    });
    expect(revoked.response.status).toBe(204);
    const minted = await k.api.POST('/api/v1/businesses/{id}/api-keys', {
      ...business,
      body: { name: 'self-mint', scope: 'admin' },
    });
    expect(minted.response.status).toBe(403); // the key authenticated; minting keys needs a person (401 would send it to re-authenticate)
    expect(await app.ctx.db.apiKey.count({ where: { businessId: b.id } })).toBe(2);
  });
});
