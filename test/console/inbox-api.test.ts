/**
 * The inbox API over real HTTP: keyset pages, filters and search; live events over SSE when a call
 * arrives; triage (notes, handled, assignment), lead edits that go to the CRMs; another tenant's ids
 * answer 404 and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
import { seedInboxCalls } from '../../testkit/inbox-seed.ts';
import { queuedJobs } from '../../testkit/jobs.ts';
import { hubspotConnection, freshHubId } from '../../testkit/seed-leads.ts';

describe('console inbox API', () => {
  let app: TestApp;
  let owner: Awaited<ReturnType<typeof signup>>;
  let biz: { id: string };
  beforeAll(async () => {
    app = await startTestApp({ upgrades: false });
    owner = await signup(app.url, 'inbox');
    biz = await createBusinessVia(app.url, owner.accessToken, { name: 'Inbox Plumbing' });
    await seedInboxCalls(app.ctx.db, biz.id, 60);
  });
  afterAll(() => app?.close());

  const get = (q: string) =>
    call(app.url, 'GET', `/api/v1/businesses/${biz.id}/inbox${q}`, { token: owner.accessToken });

  it('pages newest first with a keyset cursor, no overlap, no gap', async () => {
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = await get(`?limit=25${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((i: { callId: string }) => i.callId));
      const times = r.body.items.map((i: { startedAt: string }) => i.startedAt);
      expect([...times].sort().reverse()).toEqual(times);
      cursor = r.body.next ?? '';
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect((await get('?cursor=bm9wZQ')).status).toBe(400);
  });

  it('filters by temperature, handled, service, date, and searches name and phone', async () => {
    const hot = (await get('?temperature=Hot&limit=100')).body.items;
    expect(hot).toHaveLength(20);
    expect(hot.every((i: any) => i.lead.temperature === 'Hot')).toBe(true);
    const handled = (await get('?handled=true&limit=100')).body.items;
    expect(handled).toHaveLength(12);
    expect((await get('?handled=false&limit=100')).body.items).toHaveLength(48);
    const leak = (await get('?service=leak%20repair&limit=100')).body.items;
    expect(leak).toHaveLength(20);
    const since = new Date(Date.now() - 10.5 * 60_000).toISOString();
    expect((await get(`?from=${encodeURIComponent(since)}&limit=100`)).body.items).toHaveLength(10);
    const byName = (await get('?q=Caller%2042')).body.items;
    expect(byName.map((i: any) => i.lead.name)).toEqual(['Caller 42']);
    const byPhone = (await get('?q=555-0017')).body.items;
    expect(byPhone.map((i: any) => i.lead.phone)).toEqual(['+15125550017']);
    expect((await get('?temperature=Boiling')).status).toBe(422);
  });

  it('streams an `inbox` event when a call of the business changes', async () => {
    const ac = new AbortController();
    const res = await fetch(`${app.url}/api/v1/businesses/${biz.id}/inbox/events`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
      signal: ac.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (s: string) => {
      while (!text.includes(s)) text += (await reader.read()).value ?? '';
    };
    await until('event: ready');
    await seedInboxCalls(app.ctx.db, biz.id, 1, { now: new Date(Date.now() + 60_000) });
    await until('event: inbox');
    expect(text).toContain(biz.id);
    ac.abort();
    // Others' streams are theirs: a stranger cannot open this one.
    const stranger = await signup(app.url, 'stranger');
    const s = await call(app.url, 'GET', `/api/v1/businesses/${biz.id}/inbox/events`, { token: stranger.accessToken });
    expect(s.status).toBe(404);
  });

  it('notes, handled and assignment; members only', async () => {
    const api = apiClient(app.url, owner.accessToken);
    const first = (await get('?handled=false&limit=1')).body.items[0];
    const theCall = { params: { path: { callId: first.callId as string } } };
    const note = await api.POST('/api/v1/calls/{callId}/notes', {
      ...theCall,
      body: { body: 'Called back, booked for Tuesday' },
    });
    expect(note.response.status).toBe(201);
    expect(note.data!.author.name).toBe('inbox');
    const t = await api.PATCH('/api/v1/calls/{callId}/triage', {
      ...theCall,
      body: { handled: true, assigneeId: (await api.GET('/api/v1/me')).data!.id },
    });
    expect(t.response.status).toBe(200);
    expect(t.data!.handledAt).toEqual(expect.any(String));
    const triage = await api.GET('/api/v1/calls/{callId}/triage', theCall);
    expect(triage.data!.notes.map((n) => n.body)).toEqual(['Called back, booked for Tuesday']);
    expect(triage.data!.handledBy!.name).toBe('inbox');
    // Assigning to someone outside the business is refused.
    const outsider = await signup(app.url, 'outsider');
    const outsiderId = (await apiClient(app.url, outsider.accessToken).GET('/api/v1/me')).data!.id;
    const assign = await api.PATCH('/api/v1/calls/{callId}/triage', { ...theCall, body: { assigneeId: outsiderId } });
    expect(assign.response.status).toBe(400);
    expect((await api.PATCH('/api/v1/calls/{callId}/triage', { ...theCall, body: {} })).response.status).toBe(422);
  });

  it('ATTACK: another tenant cannot read, note, triage, edit or re-sync this business’s calls and leads', async () => {
    const other = await signup(app.url, 'other');
    await createBusinessVia(app.url, other.accessToken, { name: 'Other Co' });
    const item = (await get('?limit=1')).body.items[0];
    const before = await app.ctx.db.call.findUniqueOrThrow({ where: { id: item.callId } });
    const leadBefore = await app.ctx.db.lead.findUniqueOrThrow({ where: { id: item.lead.id } });
    const notesBefore = await app.ctx.db.callNote.count();
    const tries: [string, string, unknown][] = [
      ['GET', `/api/v1/businesses/${biz.id}/inbox`, undefined],
      ['GET', `/api/v1/calls/${item.callId}/triage`, undefined],
      ['POST', `/api/v1/calls/${item.callId}/notes`, { body: 'pwned' }],
      ['PATCH', `/api/v1/calls/${item.callId}/triage`, { handled: true }],
      ['PATCH', `/api/v1/leads/${item.lead.id}`, { name: 'Pwned' }],
      ['POST', `/api/v1/leads/${item.lead.id}/sync/retry`, undefined],
    ];
    for (const [method, path, body] of tries) {
      const r = await call(app.url, method, path, { token: other.accessToken, body });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect(await app.ctx.db.call.findUniqueOrThrow({ where: { id: item.callId } })).toEqual(before);
    expect(await app.ctx.db.lead.findUniqueOrThrow({ where: { id: item.lead.id } })).toEqual(leadBefore);
    expect(await app.ctx.db.callNote.count()).toBe(notesBefore);
  });

  it('a lead edit and its CRM sync commit together; bad input writes nothing', async () => {
    const api = apiClient(app.url, owner.accessToken);
    const me = (await api.GET('/api/v1/me')).data!;
    const { conn } = await hubspotConnection(app.ctx, {
      hubId: freshHubId(),
      token: 'tok',
      businessId: biz.id,
      ownerAccountId: me.id,
    });
    const item = (await get('?limit=1&q=Caller%207')).body.items[0];
    const lead = { params: { path: { leadId: item.lead.id as string } } };
    const bad = await api.PATCH('/api/v1/leads/{leadId}', { ...lead, body: { name: 'Fine', phone: 'not a phone' } });
    expect(bad.response.status).toBe(422);
    expect((await app.ctx.db.lead.findUniqueOrThrow({ where: { id: item.lead.id } })).name).toBe(item.lead.name);
    const ok = await api.PATCH('/api/v1/leads/{leadId}', {
      ...lead,
      body: { name: 'Dana Whitfield', temperature: 'Hot' },
    });
    expect(ok.response.status).toBe(200);
    expect(ok.data!.sync).toEqual([expect.objectContaining({ provider: 'hubspot', status: 'pending' })]);
    expect(await queuedJobs(app.ctx.db, 'sync.push', conn.id)).toBe(1);
    const retry = await api.POST('/api/v1/leads/{leadId}/sync/retry', lead);
    expect(retry.response.status).toBe(200);
    expect(retry.data!.sync).toEqual([expect.objectContaining({ provider: 'hubspot' })]);
  });
});
