import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../testkit/webhook-receiver.ts';
import { startWebhookApp, type WebhookApp } from '../../testkit/webhook-app.ts';
import { emitWebhookEvent } from '../../server/webhooks/outbox.ts';

let app: WebhookApp;
let healthy: Receiver;
let slow: Receiver;
beforeAll(async () => {
  healthy = await startReceiver();
  slow = await startReceiver({ behaviour: { kind: 'slow', ms: 10_000 } });
  // The timeout is longer than the slow endpoint's answer: every request to it holds a slot for 10 s.
  app = await startWebhookApp({ WEBHOOKS_ALLOW_LOOPBACK: 'true', WEBHOOK_TIMEOUT_MS: '15000' }, { concurrency: 16 });
});
afterAll(async () => {
  await slow.stop(); // cuts the 10 s requests so the dispatcher can stop
  await healthy.stop();
  await app.close();
});

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.99) - 1]!;

async function emitMany(businessId: string, n: number) {
  for (let i = 0; i < n; i++) {
    await app.ctx.db.$transaction((tx) =>
      emitWebhookEvent(tx, businessId, 'callback.updated', {
        callbackRequestId: crypto.randomUUID(),
        businessId,
        status: 'ringing',
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
  }
}

const latencies = (rx: Receiver, path: string) =>
  rx.received
    .filter((r) => r.path === path)
    .map((r) => r.at - Date.parse((JSON.parse(r.body) as { timestamp: string }).timestamp));

describe('webhook isolation', () => {
  it('a 10 s endpoint beside a healthy one leaves the healthy one as fast as alone', async () => {
    const alone = await app.tenant();
    await app.endpoint(alone, `${healthy.url}/alone`, ['callback.updated']);
    await emitMany(alone.businessId, 50);
    await healthy.waitFor(50);
    const baseline = p99(latencies(healthy, '/alone'));

    const t = await app.tenant();
    await app.endpoint(t, `${slow.url}/slow`, ['callback.updated']);
    await app.endpoint(t, `${healthy.url}/beside`, ['callback.updated']);
    const started = Date.now();
    await emitMany(t.businessId, 50);
    await healthy.waitFor(100, 8000);
    const beside = p99(latencies(healthy, '/beside'));
    // All 50 arrived at the healthy endpoint before the slow one answered even its first request.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(slow.received.length).toBeLessThanOrEqual(4); // its in-flight cap; the rest wait their turn
    expect(beside).toBeLessThan(Math.max(500, baseline * 3));
    console.log(`healthy p99 alone ${baseline} ms, beside a 10 s endpoint ${beside} ms`);
  });
});
