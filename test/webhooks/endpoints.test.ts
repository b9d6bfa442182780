import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../testkit/api-client.ts';
import { createBusinessVia, signup } from '../../testkit/http.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';
import { startWebhookApp, type WebhookApp } from '../../testkit/webhook-app.ts';
import { type Receiver, startReceiver } from '../../testkit/webhook-receiver.ts';
import { emitWebhookEvent } from '../../server/webhooks/outbox.ts';

let app: WebhookApp;
let inbox: SmtpInbox;
let rx: Receiver;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  rx = await startReceiver();
  app = await startWebhookApp({ WEBHOOKS_ALLOW_LOOPBACK: 'true', SMTP_URL: inbox.url, WEBHOOK_TIMEOUT_MS: '2000' });
});
afterAll(async () => {
  await rx.stop();
  await app.close();
  await inbox.stop();
});

type EventType = 'lead.created' | 'call.completed';

async function setup(events: EventType[] = ['lead.created', 'call.completed']) {
  const owner = await signup(app.url, 'owner');
  const b = await createBusinessVia(app.url, owner.accessToken);
  const api = apiClient(app.url, owner.accessToken);
  const created = await api.POST('/api/v1/businesses/{id}/webhooks', {
    params: { path: { id: b.id } },
    body: { url: `${rx.url}/hooks/${b.id}`, events, description: 'CRM bridge' },
  });
  expect(created.response.status).toBe(201);
  return { owner, b, hook: created.data!, api, ...endpointOf(b.id, created.data!.id) };
}

/** The path parameters of one endpoint, and of its business. */
const endpointOf = (id: string, webhookId: string) => ({
  business: { params: { path: { id } } },
  endpoint: { params: { path: { id, webhookId } } },
});

const forBusiness = (id: string) => rx.received.filter((r) => r.path === `/hooks/${id}`);
async function until<T>(f: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhook endpoints', () => {
  it('shows the secret once, keeps it sealed, and signs a test event the receiver can verify', async () => {
    const { b, hook, api, business, endpoint } = await setup();
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const row = await app.ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } });
    expect(row.secretEnc).not.toContain(hook.secret.slice(6, 20));
    const listed = await api.GET('/api/v1/businesses/{id}/webhooks', business);
    expect(listed.data!.items).toHaveLength(1);
    expect(listed.data!.next).toBeNull();
    expect(JSON.stringify(listed.data)).not.toContain(hook.secret.slice(6));

    const sent = await api.POST('/api/v1/businesses/{id}/webhooks/{webhookId}/test', endpoint);
    expect(sent.response.status).toBe(202);
    const got = await until(() => forBusiness(b.id)[0]);
    expect(got.headers['webhook-id']).toBe(sent.data!.eventId);
    const verified = new Webhook(hook.secret).verify(got.body, got.headers as Record<string, string>) as {
      type: string;
      data: { webhookId: string };
    };
    expect(verified.type).toBe('webhook.test');
    expect(verified.data.webhookId).toBe(hook.id);
    // A wrong secret does not verify: the signature is over this endpoint's secret.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(got.body, got.headers as never),
    ).toThrow();

    const log = await until(async () => {
      const r = await api.GET('/api/v1/businesses/{id}/webhooks/{webhookId}/deliveries', endpoint);
      return r.data!.items.length ? r.data : undefined;
    });
    expect(log.items[0]).toMatchObject({
      eventId: sent.data!.eventId,
      eventType: 'webhook.test',
      status: 'succeeded',
      deliveryStatus: 'delivered',
      responseStatus: 200,
      responseBody: 'ok',
      attempt: 1,
    });
    expect(log.items[0]!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('writes an event only when its transaction commits', async () => {
    const { b } = await setup(['lead.created']);
    const data = {
      leadId: '00000000-0000-4000-8000-000000000001',
      businessId: b.id,
      callId: null,
      name: 'Ann',
      phone: null,
      email: null,
      reason: null,
      service: null,
      urgency: null,
      temperature: null,
      preferredTime: null,
      address: null,
      summary: '',
      customFields: {},
    };
    await expect(
      app.ctx.db.$transaction(async (tx) => {
        await emitWebhookEvent(tx, b.id, 'lead.created', data);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await app.ctx.db.webhookEvent.count({ where: { businessId: b.id } })).toBe(0);
    await app.ctx.db.$transaction((tx) => emitWebhookEvent(tx, b.id, 'lead.created', data));
    expect(await app.ctx.db.webhookEvent.count({ where: { businessId: b.id } })).toBe(1);
    // Not subscribed: nothing is written at all.
    await app.ctx.db.$transaction((tx) =>
      emitWebhookEvent(tx, b.id, 'callback.updated', {
        callbackRequestId: data.leadId,
        businessId: b.id,
        status: 'calling',
      }),
    );
    expect(await app.ctx.db.webhookEvent.count({ where: { businessId: b.id } })).toBe(1);
    await until(() => forBusiness(b.id)[0]);
  });

  it('rotating keeps the old secret signing beside the new one', async () => {
    const { b, hook, api, endpoint } = await setup();
    const rotated = await api.POST('/api/v1/businesses/{id}/webhooks/{webhookId}/rotate-secret', endpoint);
    expect(rotated.response.status).toBe(200);
    expect(rotated.data!.secret).not.toBe(hook.secret);
    const test = () => api.POST('/api/v1/businesses/{id}/webhooks/{webhookId}/test', endpoint);
    expect((await test()).response.status).toBe(202);
    const got = await until(() => forBusiness(b.id)[0]);
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [hook.secret, rotated.data!.secret])
      expect(() => new Webhook(s).verify(got.body, got.headers as never)).not.toThrow();
    // After the overlap only the new secret signs.
    await app.ctx.db.webhookEndpoint.update({
      where: { id: hook.id },
      data: { previousSecretUntil: new Date(Date.now() - 1000) },
    });
    expect((await test()).response.status).toBe(202);
    const later = (await until(() => (forBusiness(b.id).length >= 2 ? forBusiness(b.id) : undefined)))[1]!;
    expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(hook.secret).verify(later.body, later.headers as never)).toThrow();
  });

  it('retries a failure later with the same webhook-id, redelivers on request, and disables after days of failure', async () => {
    const failing = await startReceiver({ behaviour: { kind: 'status', status: 503, body: 'down for maintenance' } });
    try {
      const owner = await signup(app.url, 'owner');
      const b = await createBusinessVia(app.url, owner.accessToken);
      const api = apiClient(app.url, owner.accessToken);
      const hook = (
        await api.POST('/api/v1/businesses/{id}/webhooks', {
          params: { path: { id: b.id } },
          body: { url: `${failing.url}/x`, events: ['lead.created'] },
        })
      ).data!;
      const { endpoint } = endpointOf(b.id, hook.id);
      const sent = await api.POST('/api/v1/businesses/{id}/webhooks/{webhookId}/test', endpoint);
      expect(sent.response.status).toBe(202);
      await failing.waitFor(1);
      const d = await until(async () => {
        const row = await app.ctx.db.webhookDelivery.findFirst({ where: { endpointId: hook.id, attempts: 1 } });
        return row ?? undefined;
      });
      expect(d.status).toBe('pending');
      expect(d.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 2000); // backed off, not hammered
      const log = (
        await api.GET('/api/v1/businesses/{id}/webhooks/{webhookId}/deliveries', {
          params: { ...endpoint.params, query: { status: 'failed' } },
        })
      ).data!;
      expect(log.items[0]).toMatchObject({
        status: 'failed',
        responseStatus: 503,
        responseBody: 'down for maintenance',
      });

      // Failing for longer than WEBHOOK_DISABLE_AFTER_DAYS (5): the next failure switches the endpoint off.
      await app.ctx.db.webhookEndpoint.update({
        where: { id: hook.id },
        data: { failingSince: new Date(Date.now() - 6 * 86_400_000) },
      });
      const re = await api.POST('/api/v1/businesses/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', {
        params: { path: { ...endpoint.params.path, deliveryId: d.id } },
      });
      expect(re.response.status).toBe(202);
      expect(re.data).toEqual({ deliveryId: d.id, status: 'pending' });
      const second = (await failing.waitFor(2))[1]!;
      expect(second.headers['webhook-id']).toBe(sent.data!.eventId);
      const mail = await inbox.waitFor((m) => m.to.includes(owner.email) && /disabled/.test(m.subject));
      expect(mail.text).toContain(`${failing.url}/x`);
      const ep = (await api.GET('/api/v1/businesses/{id}/webhooks/{webhookId}', endpoint)).data!;
      expect(ep.enabled).toBe(false);
      // Disabled endpoints get no new events; enabling clears the failure streak.
      expect((await api.POST('/api/v1/businesses/{id}/webhooks/{webhookId}/test', endpoint)).response.status).toBe(409);
      const on = await api.PATCH('/api/v1/businesses/{id}/webhooks/{webhookId}', {
        ...endpoint,
        body: { enabled: true },
      });
      expect(on.data).toMatchObject({ enabled: true, failingSince: null });
    } finally {
      await failing.stop();
    }
  });

  it('hides endpoints from other tenants and from members', async () => {
    const { hook, api, endpoint } = await setup();
    const stranger = apiClient(app.url, (await signup(app.url, 'stranger')).accessToken);
    const tries = {
      GET: await stranger.GET('/api/v1/businesses/{id}/webhooks/{webhookId}', endpoint),
      'POST rotate-secret': await stranger.POST('/api/v1/businesses/{id}/webhooks/{webhookId}/rotate-secret', endpoint),
      DELETE: await stranger.DELETE('/api/v1/businesses/{id}/webhooks/{webhookId}', endpoint),
    };
    for (const [op, r] of Object.entries(tries)) expect(r.response.status, op).toBe(404);
    expect(await app.ctx.db.webhookEndpoint.count({ where: { id: hook.id } })).toBe(1);
    // The owner's own delete goes through, and takes the endpoint with it.
    expect((await api.DELETE('/api/v1/businesses/{id}/webhooks/{webhookId}', endpoint)).response.status).toBe(204);
    expect(await app.ctx.db.webhookEndpoint.count({ where: { id: hook.id } })).toBe(0);
  });
});
