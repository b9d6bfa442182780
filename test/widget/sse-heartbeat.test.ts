/**
 * The widget's live status stream stays open through proxies and load balancers that close idle
 * connections (commonly after 30–60 s) because the server sends a `: heartbeat` comment every 15 s by
 * default. The default lives inside createEventsHub, so it is checked through the app as mounted (no
 * heartbeatMs option), with only setInterval faked: 15 s pass without waiting for them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../../testkit/app.ts';
import { call } from '../../testkit/http.ts';
import {
  makeBusiness,
  randomIp,
  SseClient,
  startWidgetApp,
  streamUrl,
  validCallback,
} from '../../testkit/widget-app.ts';
import { withProof } from '../../testkit/widget-proof.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startWidgetApp();
});
afterAll(async () => {
  vi.useRealTimers();
  await app?.close();
});

const heartbeats = (c: SseClient) => c.frames.filter((f) => f.comment === 'heartbeat').length;
/** Lets frames already written reach the client (real time: only setInterval is fake). */
const settle = () => new Promise((r) => setTimeout(r, 200));

describe('widget status stream heartbeat', () => {
  it('defaults to one `: heartbeat` comment every 15 s', async () => {
    const b = await makeBusiness(app.ctx);
    const r = await call(app.url, 'POST', '/widget/v1/callbacks', {
      headers: { origin: b.origin, 'x-forwarded-for': randomIp() },
      body: await withProof(app.url, b.origin, validCallback(b.widgetPublicKey)),
    });
    expect(r.status).toBe(201);
    await app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + r.body.id})`;

    // Before the first subscriber: the hub arms its one heartbeat timer then.
    const url = await streamUrl(app.url, r.body.id, r.body.token, b.origin);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const sse = new SseClient(url, { origin: b.origin });
    try {
      await sse.until((c) => c.events.length === 1);
      vi.advanceTimersByTime(14_999);
      await settle();
      expect(heartbeats(sse)).toBe(0);
      vi.advanceTimersByTime(1);
      await sse.until((c) => heartbeats(c) === 1);
      vi.advanceTimersByTime(15_000);
      await sse.until((c) => heartbeats(c) === 2);
      await settle();
      expect(heartbeats(sse)).toBe(2);
    } finally {
      sse.close();
      vi.useRealTimers();
    }
  });
});
