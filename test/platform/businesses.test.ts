import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../testkit/api-client.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
import { inviteAndAccept, verifiedSignup } from '../../testkit/accounts.ts';
import { type SmtpInbox, startSmtpInbox } from '../../testkit/smtp-inbox.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';

let app: TestApp;
let inbox: SmtpInbox;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  app = await startTestApp({ env: { SMTP_URL: inbox.url } });
});
afterAll(async () => {
  await app.close();
  await inbox.stop();
});

const fill = (path: string, ids: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_, k: string) => ids[k] ?? '00000000-0000-4000-8000-000000000000');

describe('businesses', () => {
  it('creates, reads, lists and updates a business; the creator is owner', async () => {
    const u = await signup(app.url);
    const b = await createBusinessVia(app.url, u.accessToken, {
      services: ['drain cleaning', 'leak repair'],
      timezone: 'America/Chicago',
      weeklyHours: { mon: [['08:00', '17:00']] },
    });
    expect(b.widgetPublicKey).toMatch(/^pk_/);
    const api = apiClient(app.url, u.accessToken);
    const byId = { params: { path: { id: b.id } } };
    const got = await api.GET('/api/v1/businesses/{id}', byId);
    expect(got.data).toMatchObject({
      name: 'Acme Plumbing',
      retentionDays: 90,
      timezone: 'America/Chicago',
      services: ['drain cleaning', 'leak repair'],
    });
    const list = await api.GET('/api/v1/businesses');
    expect(list.data!.items.map((x) => x.id)).toEqual([b.id]);
    const upd = await api.PATCH('/api/v1/businesses/{id}', {
      ...byId,
      body: { greeting: 'Hi there', tone: 'upbeat and brief', widgetOrigins: ['https://acme.example/path'] },
    });
    expect(upd.response.status).toBe(200);
    expect(upd.data!.widgetOrigins).toEqual(['https://acme.example']);
    expect(upd.data!.tone).toBe('upbeat and brief');
    const me = await api.GET('/api/v1/me');
    expect(me.data!.businesses).toEqual([{ id: b.id, name: 'Acme Plumbing', role: 'owner' }]);
  });

  it('refuses another tenant on every business route', async () => {
    const owner = await signup(app.url, 'owner');
    const stranger = await signup(app.url, 'stranger');
    const b = await createBusinessVia(app.url, owner.accessToken);
    const doc = (await call(app.url, 'GET', '/api/openapi.json')).body;
    const ownerId = (await call(app.url, 'GET', '/api/v1/me', { token: owner.accessToken })).body.id;
    const ops = Object.entries(
      doc.paths as Record<
        string,
        Record<string, { requestBody?: { content: { 'application/json': { schema: unknown } } } }>
      >,
    )
      .filter(([p]) => p.includes('/businesses/{id}'))
      .flatMap(([path, o]) => Object.entries(o).map(([method, op]) => ({ path, method, op })));
    expect(ops.length).toBeGreaterThanOrEqual(14);
    // Valid bodies, so the only thing standing between the stranger and the data is authorization.
    const validBodies: Record<string, unknown> = {
      'patch /api/v1/businesses/{id}': { name: 'Hijacked' },
      'post /api/v1/businesses/{id}/consent-preview': { recordingEnabled: false },
      'post /api/v1/businesses/{id}/members': { email: stranger.email, role: 'owner' },
      'patch /api/v1/businesses/{id}/members/{accountId}': { role: 'member' },
      'post /api/v1/businesses/{id}/phone-numbers': { e164: '+15005550006' },
      'post /api/v1/businesses/{id}/phone-numbers/search': {},
      'post /api/v1/businesses/{id}/phone-numbers/purchase': { e164: '+15005550006' },
      'post /api/v1/businesses/{id}/api-keys': { name: 'mine now' },
      'patch /api/v1/businesses/{id}/connections/{provider}': { defaultCompany: 'Mine now' },
      'post /api/v1/businesses/{id}/connections/{provider}/backfill': { days: 30 },
      'post /api/v1/businesses/{id}/connections/{provider}/install-link': {},
      'post /api/v1/businesses/{id}/billing/checkout': { plan: 'pro' },
      'post /api/v1/businesses/{id}/billing/top-up': { packs: 1 },
      'post /api/v1/businesses/{id}/billing/portal': {},
      'post /api/v1/businesses/{id}/privacy-requests': { type: 'erase', phone: '+15125550142' },
      'put /api/v1/businesses/{id}/hold': { hold: true },
      'post /api/v1/businesses/{id}/closure': { confirmName: 'Acme Plumbing' },
      'post /api/v1/businesses/{id}/webhooks': { url: 'https://hooks.example.com/in', events: ['lead.created'] },
      'patch /api/v1/businesses/{id}/webhooks/{webhookId}': { url: 'https://hooks.example.com/mine' },
      'post /api/v1/businesses/{id}/test-calls': { sample: 'e01-plumber-basement-backup' },
      'post /api/v1/businesses/{id}/campaigns': {
        listId: '00000000-0000-4000-8000-000000000000',
        name: 'Mine now',
        goal: 'qualify',
        script: 'Ask.',
        greeting: 'Hi.',
        disclosure: 'AI assistant.',
        callerId: '+15125550100',
      },
      'post /api/v1/businesses/{id}/lead-lists/preview': 'name,phone\nAnn,+15125550142\n',
      'post /api/v1/businesses/{id}/lead-lists': 'name,phone\nAnn,+15125550142\n',
      'post /api/v1/businesses/{id}/do-not-call': { phones: ['+15125550142'] },
    };
    // Routes whose query is required: sent valid, so the refusal is the tenant check and not the query's.
    const validQueries: Record<string, string> = {
      'post /api/v1/businesses/{id}/lead-lists': '?name=Mine&defaultCountry=US&consentBasis=express&phoneColumn=phone',
    };
    for (const { path, method, op } of ops) {
      const body = op.requestBody ? validBodies[`${method} ${path}`] : undefined;
      if (op.requestBody) expect(body, `valid body for ${method} ${path}`).toBeDefined();
      const r = await call(
        app.url,
        method.toUpperCase(),
        fill(path, { id: b.id, accountId: ownerId, provider: 'hubspot' }) + (validQueries[`${method} ${path}`] ?? ''),
        {
          token: stranger.accessToken,
          body,
          headers: typeof body === 'string' ? { 'content-type': 'text/csv' } : {},
        },
      );
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    // Nothing changed for the owner.
    expect((await call(app.url, 'GET', `/api/v1/businesses/${b.id}`, { token: owner.accessToken })).body.name).toBe(
      'Acme Plumbing',
    );
  });

  it('enforces roles: members read, admins manage, only owners grant owner, a business keeps an owner', async () => {
    const owner = await verifiedSignup(app, 'owner');
    const admin = await verifiedSignup(app, 'admin');
    const member = await verifiedSignup(app, 'member');
    const b = await createBusinessVia(app.url, owner.accessToken);
    const joined = await inviteAndAccept(app, inbox, {
      inviterToken: owner.accessToken,
      businessId: b.id,
      invitee: admin,
      role: 'admin',
    });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ businessId: b.id, role: 'admin' });
    expect(
      (
        await inviteAndAccept(app, inbox, {
          inviterToken: admin.accessToken,
          businessId: b.id,
          invitee: member,
          role: 'member',
        })
      ).status,
    ).toBe(200);
    const [asOwner, asAdmin, asMember] = [owner, admin, member].map((u) => apiClient(app.url, u.accessToken));
    const business = { params: { path: { id: b.id } } };
    expect((await asMember!.GET('/api/v1/businesses/{id}', business)).response.status).toBe(200);
    expect(
      (await asMember!.PATCH('/api/v1/businesses/{id}', { ...business, body: { name: 'Hijack' } })).response.status,
    ).toBe(403);
    const ownerId = (await asOwner!.GET('/api/v1/me')).data!.id;
    const memberId = (await asMember!.GET('/api/v1/me')).data!.id;
    const membership = (accountId: string) => ({ params: { path: { id: b.id, accountId } } });
    const members = '/api/v1/businesses/{id}/members/{accountId}';
    expect((await asAdmin!.PATCH(members, { ...membership(memberId), body: { role: 'owner' } })).response.status).toBe(
      403,
    );
    expect((await asAdmin!.DELETE(members, membership(ownerId))).response.status).toBe(403);
    const last = await asOwner!.PATCH(members, { ...membership(ownerId), body: { role: 'admin' } });
    expect(last.response.status).toBe(400);
    expect((await asAdmin!.DELETE(members, membership(memberId))).response.status).toBe(204);
    expect((await asMember!.GET('/api/v1/businesses/{id}', business)).response.status).toBe(404);
    const log = await asOwner!.GET('/api/v1/businesses/{id}/audit-log', business);
    expect(log.data!.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['member.invited', 'member.added', 'member.removed', 'business.created']),
    );
  });

  it('attaches no number without a Twilio account to check it against', async () => {
    const u = await verifiedSignup(app, 'numbers');
    const a = await createBusinessVia(app.url, u.accessToken);
    const n = `+1512555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const attach = (e164: string) =>
      apiClient(app.url, u.accessToken).POST('/api/v1/businesses/{id}/phone-numbers', {
        params: { path: { id: a.id } },
        body: { e164 },
      });
    const r = await attach(n);
    expect(r.response.status).toBe(503);
    expect(r.error!.type).toMatch(/telephony-unavailable$/);
    expect(await app.ctx.db.phoneNumber.count({ where: { e164: n } })).toBe(0);
    expect((await attach('5125550100')).response.status).toBe(422);
  });

  it('issues API keys shown once, stored hashed, scoped to one business, revocable', async () => {
    const u = await verifiedSignup(app);
    const a = await createBusinessVia(app.url, u.accessToken);
    const other = await createBusinessVia(app.url, u.accessToken, { name: 'Other' });
    // An admin key, the most a key can be: what it is refused below is refused to every key, not for its scope
    // (a read key would be stopped by the scope check before these routes' own rule).
    const person = apiClient(app.url, u.accessToken);
    const ofA = { params: { path: { id: a.id } } };
    const created = await person.POST('/api/v1/businesses/{id}/api-keys', {
      ...ofA,
      body: { name: 'zapier', scope: 'admin' },
    });
    expect(created.response.status).toBe(201);
    expect(created.data!.scope).toBe('admin');
    const key = created.data!.key;
    expect(key).toMatch(/^ll_sk_/);
    const row = await app.ctx.db.apiKey.findUniqueOrThrow({ where: { id: created.data!.id } });
    expect(row.keyHash).not.toContain(key);
    const listed = await person.GET('/api/v1/businesses/{id}/api-keys', ofA);
    expect(listed.data!.items.map((k) => k.id)).toEqual([created.data!.id]);
    expect(JSON.stringify(listed.data)).not.toContain(key);
    const byKey = apiClient(app.url, { apiKey: key });
    expect((await byKey.GET('/api/v1/businesses/{id}', ofA)).response.status).toBe(200);
    expect((await byKey.GET('/api/v1/businesses/{id}', { params: { path: { id: other.id } } })).response.status).toBe(
      404,
    );
    expect(
      (await byKey.POST('/api/v1/businesses/{id}/api-keys', { ...ofA, body: { name: 'self-mint' } })).response.status,
    ).toBe(403); // the key authenticated; it may not do this (401 would send a client to re-authenticate)
    expect(await app.ctx.db.apiKey.count({ where: { businessId: a.id, name: 'self-mint' } })).toBe(0);
    // Every route that needs a person answers a working key the same way, and does nothing.
    const named = `By key ${key.slice(-8)}`;
    const refusals = {
      'POST /api/v1/businesses': await byKey.POST('/api/v1/businesses', { body: { name: named } }),
      'GET /api/v1/me': await byKey.GET('/api/v1/me'),
      'POST /api/v1/auth/verify-email/request': await byKey.POST('/api/v1/auth/verify-email/request'),
      'POST /api/v1/auth/verify-email/confirm': await byKey.POST('/api/v1/auth/verify-email/confirm', {
        body: { code: '123456' },
      }),
    };
    for (const [op, r] of Object.entries(refusals)) {
      expect(r.response.status, op).toBe(403);
      expect(r.error?.detail, op).toMatch(/user access token/);
    }
    expect(await app.ctx.db.business.count({ where: { name: named } })).toBe(0);
    const revoked = await person.DELETE('/api/v1/businesses/{id}/api-keys/{keyId}', {
      params: { path: { id: a.id, keyId: created.data!.id } },
    });
    expect(revoked.response.status).toBe(204);
    expect((await byKey.GET('/api/v1/businesses/{id}', ofA)).response.status).toBe(401);
  });
});

describe('every route rejects bad input with problem+json and writes nothing', () => {
  it('answers 4xx problem+json to malformed and wrong-typed bodies', async () => {
    const u = await signup(app.url);
    const b = await createBusinessVia(app.url, u.accessToken);
    const before = await app.ctx.db.business.count();
    const doc = (await call(app.url, 'GET', '/api/openapi.json')).body;
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { requestBody?: unknown }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.requestBody) continue;
        for (const body of [
          '{"unterminated',
          '[1,2,3]',
          '{"name": 42, "email": [], "role": "king", "e164": "x"}',
          'null',
        ]) {
          const r = await call(app.url, method.toUpperCase(), fill(path, { id: b.id }), {
            token: u.accessToken,
            body,
            headers: { 'content-type': 'application/json' },
          });
          expect(r.status, `${method} ${path} ${body}`).toBeGreaterThanOrEqual(400);
          expect(r.status, `${method} ${path} ${body}`).toBeLessThan(500);
          expect(r.headers.get('content-type'), `${method} ${path}`).toContain('application/problem+json');
          expect(r.body).toHaveProperty('type');
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(await app.ctx.db.business.count()).toBe(before);
    expect((await call(app.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const r = await call(app.url, 'GET', '/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.body.type).toBe('https://leadline.dev/problems/not-found');
  });
});
