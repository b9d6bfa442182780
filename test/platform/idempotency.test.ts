import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('Idempotency-Key', () => {
  it('replays the first response for a repeat, creates once, and refuses the key for another body', async () => {
    const u = await signup(app.url, 'idem');
    const headers = { 'idempotency-key': `create-${crypto.randomUUID()}` };
    const body = { name: 'Once Only Plumbing' };
    const first = await call(app.url, 'POST', '/api/v1/businesses', { token: u.accessToken, body, headers });
    expect(first.status).toBe(201);
    const again = await call(app.url, 'POST', '/api/v1/businesses', { token: u.accessToken, body, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const mine = await app.ctx.db.business.count({
      where: { name: 'Once Only Plumbing', memberships: { some: { account: { email: u.email } } } },
    });
    expect(mine).toBe(1);
    const other = await call(app.url, 'POST', '/api/v1/businesses', {
      token: u.accessToken,
      body: { name: 'Something Else' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.type).toMatch(/idempotency-key-reused$/);
    expect(await app.ctx.db.business.count({ where: { name: 'Something Else' } })).toBe(0);
  });

  it("keeps keys per sender: another account's same key runs its own request", async () => {
    const a = await signup(app.url, 'a');
    const b = await signup(app.url, 'b');
    const headers = { 'idempotency-key': `shared-${crypto.randomUUID()}` };
    const ra = await call(app.url, 'POST', '/api/v1/businesses', {
      token: a.accessToken,
      body: { name: 'A Co' },
      headers,
    });
    const rb = await call(app.url, 'POST', '/api/v1/businesses', {
      token: b.accessToken,
      body: { name: 'A Co' },
      headers,
    });
    expect(rb.status).toBe(201);
    expect(rb.body.id).not.toBe(ra.body.id);
    expect(rb.headers.get('idempotent-replayed')).toBeNull();
  });

  it('does not keep a failed request: the retry runs', async () => {
    const u = await signup(app.url, 'fail');
    const biz = await createBusinessVia(app.url, u.accessToken);
    const headers = { 'idempotency-key': `member-${crypto.randomUUID()}` };
    const invitee = await signup(app.url, 'invitee');
    const path = `/api/v1/businesses/${biz.id}/members`;
    // First attempt fails (the inviter's e-mail is not verified yet: 403) ...
    const guest = { email: `guest-${crypto.randomUUID().slice(0, 6)}@example.com`, role: 'member' };
    const first = await call(app.url, 'POST', path, { token: u.accessToken, body: guest, headers });
    expect(first.status).toBe(403);
    expect(first.body.type).toMatch(/email-unverified$/);
    expect(await app.ctx.db.memberInvite.count({ where: { businessId: biz.id } })).toBe(0);
    // ... the address is then verified; the same request with the same key now runs instead of replaying the 403.
    await app.ctx.db.account.update({ where: { email: u.email }, data: { emailVerifiedAt: new Date() } });
    const retried = await call(app.url, 'POST', path, { token: u.accessToken, body: guest, headers });
    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await app.ctx.db.memberInvite.count({ where: { businessId: biz.id } })).toBe(1);
    // Now that it succeeded, it is kept: a repeat is replayed and invites no one again.
    const repeat = await call(app.url, 'POST', path, { token: u.accessToken, body: guest, headers });
    expect(repeat.status).toBe(202);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.body).toEqual(retried.body);
    // ... and a malformed key is a 400 before anything runs.
    const bad = await call(app.url, 'POST', path, {
      token: u.accessToken,
      body: { email: invitee.email, role: 'member' },
      headers: { 'idempotency-key': 'x'.repeat(300) },
    });
    expect(bad.status).toBe(400);
    expect(await app.ctx.db.memberInvite.count({ where: { businessId: biz.id } })).toBe(1);
  });

  it('is announced in the OpenAPI document on creating POSTs', async () => {
    const doc = (await call(app.url, 'GET', '/api/openapi.json')).body;
    const params = doc.paths['/api/v1/businesses/{id}/webhooks'].post.parameters as { name: string }[];
    expect(params.map((p) => p.name)).toContain('Idempotency-Key');
    expect(doc.paths['/api/v1/businesses/{id}'].patch.parameters.map((p: { name: string }) => p.name)).not.toContain(
      'Idempotency-Key',
    );
  });
});
