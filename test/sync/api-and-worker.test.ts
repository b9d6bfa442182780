/**
 * Connection API (health, settings validated against HubSpot's real properties, backfill) and the real
 * graphile-worker path: enqueue in the lead's transaction → job → connector → stand-in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from 'graphile-worker';
import { startWorker } from '../../server/jobs/worker.ts';
import { syncTasks } from '../../server/sync/tasks.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { createBusinessVia, signup } from '../../testkit/http.ts';
import { startHubspotStandin, type HubspotStandin } from '../../testkit/hubspot-standin.ts';
import {
  freshHubId,
  hubspotConnection,
  leadSpec,
  statusCounts,
  writeLead,
  writeLeads,
} from '../../testkit/seed-leads.ts';

const hubId = freshHubId();
const token = `tok-${hubId}`;
let standin: HubspotStandin;
let app: TestApp;
let worker: Runner | undefined;
let drop: (() => Promise<void>) | undefined;
let databaseUrl: string;

beforeAll(async () => {
  standin = await startHubspotStandin({ accounts: [{ hubId, token, refreshToken: `ref-${hubId}` }] });
  // A database of its own: the worker started below must not take other files' jobs, nor they its.
  const own = await ownDatabase('apiworker');
  drop = own.drop;
  databaseUrl = own.url;
  app = await startTestApp({
    env: {
      DATABASE_URL: own.url,
      HUBSPOT_CLIENT_ID: 'client',
      HUBSPOT_CLIENT_SECRET: 'secret',
      HUBSPOT_API_BASE_URL: standin.url,
    },
  });
});
afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await standin?.stop();
  await drop?.();
});

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('connection API', () => {
  it('shows health, validates mapping overrides against HubSpot properties, and backfills', async () => {
    const user = await signup(app.url, 'conn');
    const biz = await createBusinessVia(app.url, user.accessToken);
    // Leads from before the CRM was connected: enqueueLeadSync finds no connection, so nothing is queued.
    const old = await writeLeads(app.ctx.db, biz.id, [leadSpec('bf', 0), leadSpec('bf', 1), leadSpec('bf', 2)]);
    const { conn } = await hubspotConnection(app.ctx, { hubId, token, businessId: biz.id });

    const api = apiClient(app.url, user.accessToken);
    const hubspot = { params: { path: { id: biz.id, provider: 'hubspot' } } };
    const bad = await api.PATCH('/api/v1/businesses/{id}/connections/{provider}', {
      ...hubspot,
      body: { fieldMapping: { reason: 'lead_reason_x', phone: 'mobilephone' } },
    });
    expect(bad.response.status).toBe(422);
    expect(bad.error!.detail).toContain('lead_reason_x');
    expect(bad.error!.detail).not.toContain('mobilephone');
    expect((bad.error as unknown as { unknownProperties: string[] }).unknownProperties).toEqual(['lead_reason_x']);
    const good = await api.PATCH('/api/v1/businesses/{id}/connections/{provider}', {
      ...hubspot,
      body: { fieldMapping: { phone: 'mobilephone' } },
    });
    expect(good.response.status).toBe(200);
    expect(good.data!.settings).toEqual({ fieldMapping: { phone: 'mobilephone' } });

    const bf = await api.POST('/api/v1/businesses/{id}/connections/{provider}/backfill', { ...hubspot, body: {} });
    expect(bf.response.status).toBe(202);
    expect(bf.data!.queued).toEqual({ leads: 3, calls: 3 });

    const business = { params: { path: { id: biz.id } } };
    const health = await api.GET('/api/v1/businesses/{id}/connections', business);
    expect(health.data!.items[0]).toMatchObject({
      provider: 'hubspot',
      status: 'active',
      externalAccount: { id: String(hubId) },
      counts: { pending: 3, synced: 0, failed: 0, parked: 0 },
    });
    const stranger = apiClient(app.url, (await signup(app.url, 'other')).accessToken);
    expect((await stranger.GET('/api/v1/businesses/{id}/connections', business)).response.status).toBe(404);
    expect((await stranger.GET('/api/v1/connections')).data!.items).toEqual([]);

    // The real worker drains it.
    worker = await startWorker(app.ctx, databaseUrl, [syncTasks], 2);
    const counts = await until(
      () => statusCounts(app.ctx.db, conn.id),
      (c) => c.synced === 3,
    );
    expect(counts).toEqual({ synced: 3 });
    // The saved override is what the connector used: phones went to mobilephone.
    const phones = [0, 1, 2].map((i) => leadSpec('bf', i).phone);
    expect(
      standin
        .contacts(hubId)
        .map((c) => c.properties.mobilephone)
        .sort(),
    ).toEqual(phones.sort());
    expect(old).toHaveLength(3);

    // A call completing now: lead + enqueue committed → contact and call engagement present in HubSpot.
    const t0 = Date.now();
    const fresh = await writeLead(app.ctx.db, biz.id, leadSpec('bf', 9));
    await until(
      () => statusCounts(app.ctx.db, conn.id),
      (c) => c.synced === 4,
      10_000,
    );
    const latency = Date.now() - t0;
    expect(standin.calls(hubId)).toHaveLength(4);
    expect(latency).toBeLessThan(3_000);
    const lead = await api.GET('/api/v1/connections');
    expect(lead.data!.items[0]!.counts.synced).toBe(4);
    expect(fresh.callId).not.toBeNull();
  });
});
