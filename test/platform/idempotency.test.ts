import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('Idempotency-Key', () => {
  it('replays the first response for a repeat, creates once, and refuses the key for another body', async () => {
    const u = await signup(app.url, 'idem');
    const api = apiClient(app.url, u.accessToken);
    const params = { header: { 'Idempotency-Key': `create-${crypto.randomUUID()}` } };
    const body = { name: 'Once Only Plumbing' };
    const first = await api.POST('/api/v1/businesses', { params, body });
    expect(first.response.status).toBe(201);
    const again = await api.POST('/api/v1/businesses', { params, body });
    expect(again.response.status).toBe(201);
    expect(again.data).toEqual(first.data);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    const mine = await app.ctx.db.business.count({
      where: { name: 'Once Only Plumbing', memberships: { some: { account: { email: u.email } } } },
    });
    expect(mine).toBe(1);
    const other = await api.POST('/api/v1/businesses', { params, body: { name: 'Something Else' } });
    expect(other.response.status).toBe(422);
    expect(other.error!.type).toMatch(/idempotency-key-reused$/);
    expect(await app.ctx.db.business.count({ where: { name: 'Something Else' } })).toBe(0);
  });

  it("keeps keys per sender: another account's same key runs its own request", async () => {
    const a = await signup(app.url, 'a');
    const b = await signup(app.url, 'b');
    const params = { header: { 'Idempotency-Key': `shared-${crypto.randomUUID()}` } };
    const ra = await apiClient(app.url, a.accessToken).POST('/api/v1/businesses', { params, body: { name: 'A Co' } });
    const rb = await apiClient(app.url, b.accessToken).POST('/api/v1/businesses', { params, body: { name: 'A Co' } });
    expect(ra.response.status).toBe(201);
    expect(rb.response.status).toBe(201);
    expect(rb.data!.id).not.toBe(ra.data!.id);
    expect(rb.response.headers.get('idempotent-replayed')).toBeNull();
  });

  it('does not keep a failed request: the retry runs', async () => {
    const u = await signup(app.url, 'fail');
    const biz = await createBusinessVia(app.url, u.accessToken);
    const api = apiClient(app.url, u.accessToken);
    const keyed = crypto.randomUUID();
    const invite = (body: { email: string; role: 'member' }, key = `member-${keyed}`) =>
      api.POST('/api/v1/businesses/{id}/members', {
        params: { path: { id: biz.id }, header: { 'Idempotency-Key': key } },
        body,
      });
    const invitee = await signup(app.url, 'invitee');
    // First attempt fails (the inviter's e-mail is not verified yet: 403) ...
    const guest = { email: `guest-${crypto.randomUUID().slice(0, 6)}@example.com`, role: 'member' as const };
    const first = await invite(guest);
    expect(first.response.status).toBe(403);
    expect(first.error!.type).toMatch(/email-unverified$/);
    expect(await app.ctx.db.memberInvite.count({ where: { businessId: biz.id } })).toBe(0);
    // ... the address is then verified; the same request with the same key now runs instead of replaying the 403.
    await app.ctx.db.account.update({ where: { email: u.email }, data: { emailVerifiedAt: new Date() } });
    const retried = await invite(guest);
    expect(retried.response.status).toBe(202);
    expect(retried.response.headers.get('idempotent-replayed')).toBeNull();
    expect(await app.ctx.db.memberInvite.count({ where: { businessId: biz.id } })).toBe(1);
    // Now that it succeeded, it is kept: a repeat is replayed and invites no one again.
    const repeat = await invite(guest);
    expect(repeat.response.status).toBe(202);
    expect(repeat.response.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.data).toEqual(retried.data);
    // ... and a malformed key is a 400 before anything runs.
    const bad = await invite({ email: invitee.email, role: 'member' }, 'x'.repeat(300));
    expect(bad.response.status).toBe(400);
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
