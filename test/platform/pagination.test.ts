import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('cursor pagination', () => {
  it('walks a list in pages of `limit`, each item once, in a stable order, ending with next: null', async () => {
    const u = await verifiedSignup(app, 'pages');
    const b = await createBusinessVia(app.url, u.accessToken);
    const api = apiClient(app.url, u.accessToken);
    for (let i = 0; i < 5; i++)
      await api.POST('/api/v1/businesses/{id}/api-keys', { params: { path: { id: b.id } }, body: { name: `k${i}` } });
    const page = (query: { limit?: number; cursor?: string }) =>
      api.GET('/api/v1/businesses/{id}/api-keys', { params: { path: { id: b.id }, query } });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await page({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(r.response.status).toBe(200);
      expect(r.data!.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.data!.items.map((k) => k.name));
      cursor = r.data!.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    const bad = await page({ cursor: 'not-a-cursor' });
    expect(bad.response.status).toBe(422);
  });

  it('every list route answers {items, next} and takes limit and cursor', async () => {
    const u = await signup(app.url, 'lists');
    const b = await createBusinessVia(app.url, u.accessToken);
    const doc = (await call(app.url, 'GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const me = (await call(app.url, 'GET', '/api/v1/me', { token: u.accessToken })).body;
    let lists = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const get = ops.get;
      // Not lists: CSV exports and Server-Sent Event streams (which never end).
      if (!get || !path.startsWith('/api/v1/') || path.endsWith('.csv') || path.endsWith('/events')) continue;
      const params = (get.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      if (params.some((p) => p !== 'id')) continue; // one-object routes (a lead, a call, an endpoint)
      const r = await call(app.url, 'GET', path.replace('{id}', b.id), { token: u.accessToken });
      if (r.status !== 200 || !r.body || !Array.isArray(r.body.items)) continue;
      lists++;
      expect(r.body, path).toHaveProperty('next');
      // Fixed catalogues: always one page.
      if (path === '/api/v1/billing/plans' || path === '/api/v1/test-calls/samples') continue;
      const names = (get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(['limit', 'cursor']));
    }
    expect(me.id).toBeTruthy();
    expect(lists).toBeGreaterThanOrEqual(12);
  });
});
