/**
 * GET /api/v1/leads/:id over real HTTP shows each connection's sync status for the lead: pending, synced
 * (with the CRM id and a deep link), failed (with the reason) and parked (connection needs re-authorization).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '../../server/crypto/secrets.ts';
import { connectionSlot } from '../../server/sync/grants.ts';
import { runPush } from '../../server/sync/push.ts';
import type { paths } from '../../client/index.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { createBusinessVia, signup } from '../../testkit/http.ts';
import { leadSpec, writeLeads } from '../../testkit/seed-leads.ts';
import { hubAccount, useHubApp } from '../../testkit/hubspot-account.ts';

const app = useHubApp();

type LeadSync = paths['/api/v1/leads/{leadId}']['get']['responses'][200]['content']['application/json']['sync'][number];
/** The sync array keyed by provider. */
const byProvider = (items: LeadSync[]): Record<string, LeadSync> =>
  Object.fromEntries(items.map((s) => [s.provider, s]));

describe('GET /api/v1/leads/:id', () => {
  it('reports pending, synced with id and deep link, failed with the reason, and parked, per connector', async () => {
    const owner = await signup(app().url, 'status');
    const biz = await createBusinessVia(app().url, owner.accessToken);
    const { ctx, conn: hubspot, account, standin } = await hubAccount(app(), { businessId: biz.id });
    const other = (provider: string, status: 'active' | 'needs_reauth', id = randomUUID()) =>
      app().ctx.db.connection.create({
        data: {
          id,
          businessId: biz.id,
          provider,
          externalAccountId: `${provider}-${biz.id}`,
          scopes: [],
          status,
          accessTokenEnc: encryptSecret(app().ctx.config, 'x', connectionSlot(id, 'accessToken')),
          tokenKeyId: app().ctx.config.currentKeyId,
          ...(status === 'needs_reauth' ? { lastError: 'invalid_grant' } : {}),
        },
      });
    await other('salesforce', 'active'); // not configured on this server: its work waits, pending
    await other('google-calendar', 'needs_reauth');

    const [good, bad] = await writeLeads(ctx.db, biz.id, [leadSpec('st', 0), leadSpec('st', 2)]);
    const get = async (leadId: string) => {
      const r = await apiClient(app().url, owner.accessToken).GET('/api/v1/leads/{leadId}', {
        params: { path: { leadId } },
      });
      expect(r.response.status).toBe(200);
      expect(r.data!.id).toBe(leadId);
      expect(r.data!.sync).toHaveLength(3);
      return byProvider(r.data!.sync);
    };

    const queued = await get(good!.leadId);
    expect(queued.hubspot).toEqual({
      provider: 'hubspot',
      status: 'pending',
      externalId: null,
      deepLink: null,
      error: null,
      attempts: 0,
      syncedAt: null,
    });
    expect(queued.salesforce).toMatchObject({ status: 'pending', externalId: null, error: null });
    expect(queued['google-calendar']).toMatchObject({
      status: 'parked',
      externalId: null,
      error: 'connection needs re-authorization',
    });

    // HubSpot takes the first lead and refuses the second one's e-mail address.
    await ctx.db.lead.update({ where: { id: bad!.leadId }, data: { email: 'bad@@example' } });
    await runPush(ctx, hubspot.id);

    const synced = await get(good!.leadId);
    const [contact] = standin.contacts(account.hubId);
    expect(synced.hubspot).toMatchObject({ status: 'synced', externalId: contact!.id, error: null, attempts: 0 });
    expect(synced.hubspot!.deepLink).toBe(
      `https://app.hubspot.test/contacts/${account.hubId}/record/0-1/${contact!.id}`,
    );
    expect(Date.parse(synced.hubspot!.syncedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(synced.salesforce!.status).toBe('pending');
    expect(synced['google-calendar']!.status).toBe('parked');

    const failed = await get(bad!.leadId);
    expect(failed.hubspot).toMatchObject({ status: 'failed', externalId: null, deepLink: null, syncedAt: null });
    expect(failed.hubspot!.error).toMatch(/INVALID_EMAIL|invalid|VALIDATION/i);

    // Only members of the business see it.
    const lead = { params: { path: { leadId: good!.leadId } } };
    const stranger = await signup(app().url, 'nosy');
    expect((await apiClient(app().url, stranger.accessToken).GET('/api/v1/leads/{leadId}', lead)).response.status).toBe(
      404,
    );
    expect((await apiClient(app().url).GET('/api/v1/leads/{leadId}', lead)).response.status).toBe(401);
  });
});
