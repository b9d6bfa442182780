import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testkit/http.ts';
import type { TestApp } from '../../testkit/app.ts';
import { recordCallbackProgress } from '../../server/widget-api/progress.ts';
import {
  makeBusiness,
  randomIp,
  randomUsNumber,
  SseClient,
  startWidgetApp,
  streamUrl,
  validCallback,
} from '../../testkit/widget-app.ts';
import { withProof } from '../../testkit/widget-proof.ts';

let app: TestApp;
let other: TestApp;
beforeAll(async () => {
  [app, other] = await Promise.all([startWidgetApp({ events: { heartbeatMs: 150 } }), startWidgetApp()]);
});
afterAll(async () => {
  await app.close();
  await other.close();
});

async function newCallback(fields: Record<string, unknown> = {}) {
  const b = await makeBusiness(app.ctx, fields);
  const r = await call(app.url, 'POST', '/widget/v1/callbacks', {
    headers: { origin: b.origin, 'x-forwarded-for': randomIp() },
    body: await withProof(app.url, b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() })),
  });
  expect(r.status).toBe(201);
  await app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + r.body.id})`;
  return { b, id: r.body.id as string, token: r.body.token as string };
}
const progress = (a: TestApp, id: string, p: Parameters<typeof recordCallbackProgress>[2]) =>
  a.ctx.db.$transaction((tx) => recordCallbackProgress(tx, id, p));
/** A ticket is minted with the page's origin, as the widget does; the stream may then be opened from anywhere. */
const eventsUrl = (a: TestApp, id: string, token: string, origin: string, extra = '') =>
  streamUrl(a.url, id, token, origin, extra);

describe('callback status stream (SSE)', () => {
  it('streams every state in order with ids, then closes after the final one', async () => {
    const { b, id, token } = await newCallback();
    const sse = new SseClient(await eventsUrl(app, id, token, b.origin), { origin: b.origin });
    await sse.ready;
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(sse.headers['cache-control']).toContain('no-cache');
    expect(sse.headers['x-accel-buffering']).toBe('no');
    expect(sse.headers['access-control-allow-origin']).toBe(b.origin);
    await sse.until((c) => c.events.length === 1);
    for (const status of ['calling', 'ringing', 'in_conversation'] as const) await progress(app, id, { status });
    await progress(app, id, { status: 'completed', leadCaptured: true });
    await sse.until((c) => c.ended);
    const ev = sse.events;
    expect(ev.map((e) => e.status)).toEqual(['queued', 'calling', 'ringing', 'in_conversation', 'completed']);
    expect(ev[4]).toMatchObject({ leadCaptured: true });
    const ids = ev.map((e) => BigInt(e.id));
    expect([...ids].sort((x, y) => (x < y ? -1 : 1))).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
    expect(Date.parse(ev[0]!.at)).toBeGreaterThan(0);
    // Only what the contract names: no phone, name or reason in any frame.
    for (const e of ev) expect(Object.keys(e).sort()).toEqual(expect.arrayContaining(['at', 'id', 'status']));
    expect(JSON.stringify(sse.frames)).not.toMatch(/Dana|\+1212|Leaking/);
    expect(app.ctx.events.size()).toBe(0);
  });

  it('ignores late or repeated webhooks that would move a callback backwards', async () => {
    const { id } = await newCallback();
    expect(await progress(app, id, { status: 'in_conversation' })).toBe(true);
    expect(await progress(app, id, { status: 'ringing' })).toBe(false);
    expect(await progress(app, id, { status: 'in_conversation' })).toBe(false);
    expect(await progress(app, id, { status: 'completed' })).toBe(true);
    expect(await progress(app, id, { status: 'failed' })).toBe(false);
    const rows = await app.ctx.db.callbackEvent.findMany({ where: { callbackRequestId: id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.status)).toEqual(['queued', 'in_conversation', 'completed']);
  });

  it('resumes after Last-Event-ID (header or query) without repeating events', async () => {
    const { b, id, token } = await newCallback();
    await progress(app, id, { status: 'calling' });
    await progress(app, id, { status: 'ringing' });
    const first = new SseClient(await eventsUrl(app, id, token, b.origin), { origin: b.origin });
    await first.until((c) => c.events.length === 3);
    first.close();
    const [, calling, ringing] = first.events;
    const byHeader = new SseClient(await eventsUrl(app, id, token, b.origin), {
      origin: b.origin,
      'last-event-id': calling!.id,
    });
    await byHeader.ready; // each ticket is minted right before its stream: opening one spends the older ones
    const byQuery = new SseClient(await eventsUrl(app, id, token, b.origin, `&lastEventId=${ringing!.id}`), {
      origin: b.origin,
    });
    await byHeader.until((c) => c.events.length === 1);
    await progress(app, id, { status: 'in_conversation' });
    await byHeader.until((c) => c.events.length === 2);
    await byQuery.until((c) => c.events.length === 1);
    expect(byHeader.events.map((e) => e.status)).toEqual(['ringing', 'in_conversation']);
    expect(byQuery.events.map((e) => e.status)).toEqual(['in_conversation']);
    byHeader.close();
    byQuery.close();
  });

  it('sends a heartbeat comment on the configured interval', async () => {
    const { b, id, token } = await newCallback();
    const sse = new SseClient(await eventsUrl(app, id, token, b.origin), { origin: b.origin });
    await sse.until((c) => c.frames.filter((f) => f.comment === 'heartbeat').length >= 2, 3000);
    sse.close();
  });

  it('requires a ticket minted for the token, and the allowed origin', async () => {
    const { b, id, token } = await newCallback();
    const status = async (url: string, headers: Record<string, string>) => {
      const s = new SseClient(url, headers);
      await s.ready;
      s.close();
      return s.status;
    };
    expect(await status(`${app.url}/widget/v1/callbacks/${id}/events`, { origin: b.origin })).toBe(422);
    const ticket = (cbId: string, tok: string, origin = b.origin) =>
      call(app.url, 'POST', `/widget/v1/callbacks/${cbId}/stream-ticket`, {
        headers: { origin },
        body: { token: tok },
      });
    expect((await ticket(id, token.slice(0, -2) + 'xx')).status).toBe(403);
    expect((await ticket(id, token, 'https://evil.example')).status).toBe(403);
    // A good ticket still needs the allowed origin on the stream itself.
    expect(await status(await eventsUrl(app, id, token, b.origin), { origin: 'https://evil.example' })).toBe(403);
    expect(await status(await eventsUrl(app, id, token, b.origin), {})).toBe(403);
    // Another callback's token does not open this one.
    const second = await newCallback();
    expect((await ticket(id, second.token)).status).toBe(403);
    expect((await ticket('00000000-0000-4000-8000-000000000000', token)).status).toBe(403);
  });

  it('a change committed through another app instance reaches a subscriber of this one (LISTEN/NOTIFY)', async () => {
    const { b, id, token } = await newCallback();
    const sse = new SseClient(await eventsUrl(app, id, token, b.origin), { origin: b.origin });
    await sse.until((c) => c.events.length === 1);
    const started = Date.now();
    await progress(other, id, { status: 'calling' });
    await sse.until((c) => c.events.length === 2, 2000);
    expect(Date.now() - started).toBeLessThan(1000);
    // A rolled-back transaction notifies nobody.
    await other.ctx.db
      .$transaction(async (tx) => {
        await recordCallbackProgress(tx, id, { status: 'ringing' });
        throw new Error('rollback');
      })
      .catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    expect(sse.events.map((e) => e.status)).toEqual(['queued', 'calling']);
    sse.close();
  });

  it('no answer with retries enabled schedules a retry and keeps the stream open; without, it ends', async () => {
    const retry = await newCallback({ widgetSettings: { retriesEnabled: true } });
    await app.ctx.db.callbackRequest.update({ where: { id: retry.id }, data: { attempts: 1 } });
    const sse = new SseClient(await eventsUrl(app, retry.id, retry.token, retry.b.origin), { origin: retry.b.origin });
    await progress(app, retry.id, { status: 'calling' });
    await progress(app, retry.id, { status: 'no_answer' });
    await sse.until((c) => c.events.length === 3);
    expect(sse.events[2]).toMatchObject({ status: 'no_answer', retryScheduled: true });
    const jobs = await app.ctx.db.$queryRaw<
      { run_at: Date }[]
    >`select run_at from graphile_worker.jobs where key = ${'callback:' + retry.id}`;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.run_at.getTime()).toBeGreaterThan(Date.now() + 60_000);
    await app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + retry.id})`;
    // The retry's call: no_answer → calling is allowed once a retry was scheduled.
    await progress(app, retry.id, { status: 'calling' });
    await sse.until((c) => c.events.length === 4);
    expect(sse.ended).toBe(false);
    sse.close();

    const last = await newCallback({ widgetSettings: { retriesEnabled: true } });
    await app.ctx.db.callbackRequest.update({ where: { id: last.id }, data: { attempts: 3 } });
    const done = new SseClient(await eventsUrl(app, last.id, last.token, last.b.origin), { origin: last.b.origin });
    await progress(app, last.id, { status: 'no_answer' });
    await done.until((c) => c.ended);
    expect(done.events[1]).toMatchObject({ status: 'no_answer', retryScheduled: false });
    expect(await progress(app, last.id, { status: 'calling' })).toBe(false);
  });

  it('answers the preflight of the events URL for the callback business origin only', async () => {
    const { b, id } = await newCallback();
    const pre = (origin: string) =>
      fetch(`${app.url}/widget/v1/callbacks/${id}/events`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'last-event-id' },
      });
    expect((await pre(b.origin)).status).toBe(204);
    expect((await pre('https://evil.example')).status).toBe(403);
  });
});
