/**
 * #12 low items: a script opening callback status streams is capped per client (IPv4 address or IPv6 /64),
 * per callback and per business, and a stream on a callback that never settles does not live for ever.
 * Both ways in (the socket takeover and the Express route) apply the same limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testkit/app.ts';
import { call } from '../../testkit/http.ts';
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
let plain: TestApp;
let aged: TestApp;
const limits = { perClient: 3, perCallback: 2, perBusiness: 4 };
beforeAll(async () => {
  [app, plain, aged] = await Promise.all([
    startWidgetApp({ events: { limits } }),
    startWidgetApp({ events: { limits }, upgrades: false }),
    startWidgetApp({ events: { heartbeatMs: 50, limits: { maxAgeMs: 300 } } }),
  ]);
});
afterAll(async () => {
  await Promise.all([app.close(), plain.close(), aged.close()]);
});

async function newCallback(a: TestApp, b?: Awaited<ReturnType<typeof makeBusiness>>) {
  const biz = b ?? (await makeBusiness(a.ctx));
  const r = await call(a.url, 'POST', '/widget/v1/callbacks', {
    headers: { origin: biz.origin, 'x-forwarded-for': randomIp() },
    // As the widget posts: with a freshly solved proof of work.
    body: await withProof(a.url, biz.origin, validCallback(biz.widgetPublicKey, { phone: randomUsNumber() })),
  });
  expect(r.status).toBe(201);
  await a.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + r.body.id})`;
  return { b: biz, id: r.body.id as string, token: r.body.token as string };
}

async function open(a: TestApp, cb: { b: { origin: string }; id: string; token: string }, ip: string) {
  const c = new SseClient(await streamUrl(a.url, cb.id, cb.token, cb.b.origin), {
    origin: cb.b.origin,
    'x-forwarded-for': ip,
  });
  await c.ready;
  return c;
}

describe.each([
  ['socket takeover', () => app],
  ['Express route', () => plain],
])('stream limits (%s)', (_name, appOf) => {
  it('per callback: a third stream of one callback is refused with 429 problem+json', async () => {
    const a = appOf();
    const cb = await newCallback(a);
    const streams = [await open(a, cb, randomIp()), await open(a, cb, randomIp())];
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    const third = await open(a, cb, randomIp());
    expect(third.status).toBe(429);
    expect(third.headers['content-type']).toContain('application/problem+json');
    // Closing one gives its place back.
    streams[0]!.close();
    await new Promise((r) => setTimeout(r, 100));
    const again = await open(a, cb, randomIp());
    expect(again.status).toBe(200);
    for (const s of [...streams, third, again]) s.close();
  });

  it('per client, counting an IPv6 /64 as one client', async () => {
    const a = appOf();
    const b = await makeBusiness(a.ctx);
    const net = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
    const opened = [];
    for (let i = 1; i <= 4; i++) opened.push(await open(a, await newCallback(a, b), `${net}::${i}`));
    expect(opened.map((s) => s.status)).toEqual([200, 200, 200, 429]);
    for (const s of opened) s.close();
  });

  it('per business', async () => {
    const a = appOf();
    const b = await makeBusiness(a.ctx);
    const opened = [];
    for (let i = 0; i < 5; i++) opened.push(await open(a, await newCallback(a, b), randomIp()));
    expect(opened.map((s) => s.status)).toEqual([200, 200, 200, 200, 429]);
    for (const s of opened) s.close();
  });
});

describe('stream lifetime', () => {
  it('ends a stream on a callback that never settles, and frees its place', async () => {
    const cb = await newCallback(aged);
    const s = await open(aged, cb, randomIp());
    expect(s.status).toBe(200);
    await s.until((c) => c.ended, 3000);
    expect(aged.ctx.events.size()).toBe(0);
  });
});
