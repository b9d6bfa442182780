/**
 * GET …/connections/events: `ready` carries every connection's counts at once, then a `progress` event
 * follows each change of the business's lead sync records (a backfill queueing them, the worker settling
 * them) with the new counts; no other business's changes reach the stream, and a stranger cannot open it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueBackfill } from '../../server/sync/outbox.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { freshHubId, hubspotConnection, leadSpec, writeLeads } from '../../testkit/seed-leads.ts';

let app: TestApp;
let drop: (() => Promise<void>) | undefined;
beforeAll(async () => {
  // A database of its own: the sync jobs queued here are nobody else's to take.
  const own = await ownDatabase('connevents');
  drop = own.drop;
  app = await startTestApp({ env: { DATABASE_URL: own.url, HUBSPOT_CLIENT_ID: 'c', HUBSPOT_CLIENT_SECRET: 's' } });
});
afterAll(async () => {
  await app?.close();
  await drop?.();
});

interface Progress {
  items: { provider: string; counts: { pending: number; synced: number; failed: number; parked: number } }[];
}

describe('connection progress stream', () => {
  it('sends the counts on connect and after every change, for this business only', async () => {
    const owner = await signup(app.url, 'progress');
    const biz = await createBusinessVia(app.url, owner.accessToken);
    const other = await createBusinessVia(app.url, owner.accessToken);
    await writeLeads(app.ctx.db, biz.id, [leadSpec('pr', 0), leadSpec('pr', 1), leadSpec('pr', 2)]);
    await writeLeads(app.ctx.db, other.id, [leadSpec('po', 0)]);
    const { conn } = await hubspotConnection(app.ctx, { hubId: freshHubId(), token: 't', businessId: biz.id });
    const theirs = (await hubspotConnection(app.ctx, { hubId: freshHubId(), token: 't2', businessId: other.id })).conn;

    const ac = new AbortController();
    const res = await fetch(`${app.url}/api/v1/businesses/${biz.id}/connections/events`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
      signal: ac.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    /** The next event's name and data. */
    const next = async (): Promise<[string, Progress]> => {
      while (!buffer.includes('\n\n')) buffer += (await reader.read()).value ?? '';
      const end = buffer.indexOf('\n\n');
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.+)$/m.exec(frame)?.[1];
      return name && data ? [name, JSON.parse(data)] : next();
    };
    const zero = { pending: 0, synced: 0, failed: 0, parked: 0 };
    expect(await next()).toEqual(['ready', { items: [{ provider: 'hubspot', status: 'active', counts: zero }] }]);

    // Another business's backfill: nothing on this stream. Then ours: 3 waiting.
    await app.ctx.db.$transaction((tx) =>
      enqueueBackfill(tx, { connectionId: theirs.id, businessId: other.id, days: 30 }),
    );
    await app.ctx.db.$transaction((tx) => enqueueBackfill(tx, { connectionId: conn.id, businessId: biz.id, days: 30 }));
    const [name, queued] = await next();
    expect(name).toBe('progress');
    expect(queued.items).toEqual([{ provider: 'hubspot', status: 'active', counts: { ...zero, pending: 3 } }]);

    // The worker settles them (as its batch statement does): the stream says so.
    await app.ctx.db.syncRecord.updateMany({
      where: { connectionId: conn.id, kind: 'lead' },
      data: { status: 'synced', syncedAt: new Date() },
    });
    const [, settled] = await next();
    expect(settled.items[0]!.counts).toEqual({ ...zero, synced: 3 });
    ac.abort();

    // Others' progress is theirs: a stranger cannot open this stream.
    const stranger = await signup(app.url, 'progress-stranger');
    const s = await call(app.url, 'GET', `/api/v1/businesses/${biz.id}/connections/events`, {
      token: stranger.accessToken,
    });
    expect(s.status).toBe(404);
  });
});
