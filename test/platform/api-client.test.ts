import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookPayload } from '../../client/index.ts';
import { CLIENT_TYPES, clientTypesSource } from '../../server/cli/api-client.ts';
import { schemaToTs } from '../../server/http/openapi-typescript.ts';
import { startWebhookApp, type WebhookApp } from '../../testkit/webhook-app.ts';
import { type Receiver, startReceiver } from '../../testkit/webhook-receiver.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { call } from '../../testkit/http.ts';

let app: WebhookApp;
let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
  app = await startWebhookApp({ WEBHOOKS_ALLOW_LOOPBACK: 'true' });
});
afterAll(async () => {
  await app.close();
  await rx.stop();
});

describe('the typed API client', () => {
  it('is generated from the document the server serves, and is not stale', async () => {
    expect(readFileSync(CLIENT_TYPES, 'utf8')).toBe(clientTypesSource());
    // The generator reads the same routes as the served document.
    const served = (await call(app.url, 'GET', '/api/openapi.json')).body;
    const source = readFileSync(CLIENT_TYPES, 'utf8');
    for (const path of Object.keys(served.paths)) expect(source).toContain(JSON.stringify(path));
    for (const type of Object.keys(served.webhooks)) expect(source).toContain(JSON.stringify(type));
  });

  it('converts the JSON Schema zod emits', () => {
    expect(schemaToTs({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] })).toBe(
      '{\n    a: string;\n}',
    );
    expect(schemaToTs({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string | null');
    expect(schemaToTs({ type: 'array', items: { enum: ['x', 'y'] } })).toBe('("x" | "y")[]');
    expect(schemaToTs({ type: 'object', additionalProperties: { type: 'number' } })).toBe(
      '{\n    [key: string]: number;\n}',
    );
  });

  it('drives the webhook API end to end with checked types', async () => {
    const anon = apiClient(app.url);
    const signup = await anon.POST('/api/v1/auth/signup', {
      body: {
        email: `client-${crypto.randomUUID().slice(0, 8)}@example.com`,
        password: 'correct horse battery staple',
        name: 'C',
      },
    });
    expect(signup.response.status).toBe(201);
    const token = signup.data!.accessToken;
    const api = apiClient(app.url, token);
    const biz = await api.POST('/api/v1/businesses', { body: { name: 'Typed Plumbing' } });
    const businessId = biz.data!.id;
    const created = await api.POST('/api/v1/businesses/{id}/webhooks', {
      params: { path: { id: businessId }, header: { 'Idempotency-Key': `hook-${businessId}` } },
      body: { url: `${rx.url}/typed`, events: ['lead.created', 'call.completed'] },
    });
    expect(created.response.status).toBe(201);
    const hook = created.data!;
    expect(hook.secret.startsWith('whsec_')).toBe(true);
    expect(hook.events).toEqual(['lead.created', 'call.completed']);

    const sent = await api.POST('/api/v1/businesses/{id}/webhooks/{webhookId}/test', {
      params: { path: { id: businessId, webhookId: hook.id } },
    });
    expect(sent.response.status).toBe(202);
    const [got] = await rx.waitFor(1);
    const event = new Webhook(hook.secret).verify(got!.body, got!.headers as never) as WebhookPayload<'webhook.test'>;
    expect(event.data.webhookId).toBe(hook.id);

    let log = await api.GET('/api/v1/businesses/{id}/webhooks/{webhookId}/deliveries', {
      params: { path: { id: businessId, webhookId: hook.id }, query: { limit: 10 } },
    });
    for (let i = 0; i < 100 && !log.data?.items.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      log = await api.GET('/api/v1/businesses/{id}/webhooks/{webhookId}/deliveries', {
        params: { path: { id: businessId, webhookId: hook.id }, query: { limit: 10 } },
      });
    }
    expect(log.data!.items[0]).toMatchObject({ eventType: 'webhook.test', status: 'succeeded', responseStatus: 200 });
    expect(log.data!.next).toBeNull();

    const refused = await api.POST('/api/v1/businesses/{id}/webhooks', {
      params: { path: { id: businessId } },
      body: { url: 'http://169.254.169.254/latest', events: ['lead.created'] },
    });
    expect(refused.response.status).toBe(422);
    expect(refused.error?.type).toMatch(/validation$/);
  });
});
