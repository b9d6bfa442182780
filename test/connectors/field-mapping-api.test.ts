/**
 * The field mapping editor's API: GET …/connections/:provider/fields lists our lead fields (the business's
 * capture fields too) with default and current CRM field, and the CRM's writable fields, read through the
 * connector (HubSpot stand-in; Salesforce's Lead describe through nock) and kept a few minutes per
 * connection. PATCH checks both sides of an override; a calendar says it has no mapping.
 */
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '../../server/crypto/secrets.ts';
import { connectionSlot } from '../../server/sync/grants.ts';
import { FIELD_LIST_TTL_MS } from '../../server/sync/crm-fields.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { createBusinessVia, signup } from '../../testkit/http.ts';
import { startHubspotStandin, type HubspotStandin } from '../../testkit/hubspot-standin.ts';
import { freshHubId, hubspotConnection } from '../../testkit/seed-leads.ts';

const INSTANCE = 'https://fieldmap.my.salesforce.com';
const DESCRIBE = '/services/data/v62.0/sobjects/Lead/describe';
const hubId = freshHubId();
const token = `tok-${hubId}`;
let standin: HubspotStandin;
let app: TestApp;

beforeAll(async () => {
  standin = await startHubspotStandin({ accounts: [{ hubId, token }], extraProperties: ['lead_budget'] });
  app = await startTestApp({
    env: {
      HUBSPOT_CLIENT_ID: 'client',
      HUBSPOT_CLIENT_SECRET: 'secret',
      HUBSPOT_API_BASE_URL: standin.url,
      SALESFORCE_CLIENT_ID: 'sf-client',
      SALESFORCE_CLIENT_SECRET: 'sf-secret',
      GOOGLE_CLIENT_ID: 'g-client',
      GOOGLE_CLIENT_SECRET: 'g-secret',
    },
  });
});
afterAll(async () => {
  nock.cleanAll();
  await app?.close();
  await standin?.stop();
});

/** A Salesforce or calendar connection with a sealed access token (no refresh: none is needed here). */
async function connection(businessId: string, provider: string, instanceUrl: string | null = null) {
  const id = randomUUID();
  return app.ctx.db.connection.create({
    data: {
      id,
      businessId,
      provider,
      externalAccountId: `acct-${id.slice(0, 8)}`,
      instanceUrl,
      scopes: [],
      accessTokenEnc: encryptSecret(app.ctx.config, `at-${id}`, connectionSlot(id, 'accessToken')),
      tokenKeyId: app.ctx.config.currentKeyId,
      status: 'active',
    },
  });
}

async function owner(tag: string) {
  const user = await signup(app.url, tag);
  const biz = await createBusinessVia(app.url, user.accessToken);
  // A custom capture field, and one whose key is our own field's name (that row stays ours).
  await app.ctx.db.business.update({
    where: { id: biz.id },
    data: {
      captureFields: [
        { key: 'budget', label: 'Budget' },
        { key: 'email', label: 'Work e-mail' },
      ],
    },
  });
  return { api: apiClient(app.url, user.accessToken), biz };
}

const path = (id: string, provider: string) => ({ params: { path: { id, provider } } });

describe('field mapping API', () => {
  it('HubSpot: our fields with defaults, the writable contact properties, cached; PATCH checks both sides', async () => {
    const { api, biz } = await owner('fm-hs');
    const { conn } = await hubspotConnection(app.ctx, { hubId, token, businessId: biz.id });
    const reads = () => standin.stats().requests['properties.contacts'] ?? 0;
    const before = reads();

    const first = await api.GET('/api/v1/businesses/{id}/connections/{provider}/fields', path(biz.id, 'hubspot'));
    expect(first.response.status).toBe(200);
    const body = first.data!;
    expect(body).toMatchObject({ provider: 'hubspot', mappable: true, object: 'contact', mapping: {} });
    expect(body.defaultMapping).toMatchObject({ firstName: 'firstname', email: 'email', phone: 'phone' });
    expect(body.leadFields.map((f) => f.key)).toEqual([
      'name',
      'firstName',
      'lastName',
      'email',
      'phone',
      'address',
      'reason',
      'service',
      'urgency',
      'temperature',
      'preferredTime',
      'summary',
      'budget',
    ]);
    expect(body.leadFields.find((f) => f.key === 'phone')).toEqual({
      key: 'phone',
      label: 'Phone',
      custom: false,
      default: 'phone',
      current: null,
    });
    expect(body.leadFields.at(-1)).toMatchObject({ key: 'budget', label: 'Budget', custom: true, default: null });
    const names = body.crmFields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['mobilephone', 'lead_budget', 'email']));
    // Read-only properties are not offered.
    expect(names).not.toContain('hs_object_id');
    expect(names).not.toContain('createdate');
    expect(reads()).toBe(before + 1);

    // Opened again: the cached list, no second read of HubSpot.
    const again = await api.GET('/api/v1/businesses/{id}/connections/{provider}/fields', path(biz.id, 'hubspot'));
    expect(again.data!.crmFields).toEqual(body.crmFields);
    expect(again.data!.fetchedAt).toBe(body.fetchedAt);
    expect(reads()).toBe(before + 1);

    // Our side: a field Leadline does not have is refused, naming the row; nothing stored.
    const ours = await api.PATCH('/api/v1/businesses/{id}/connections/{provider}', {
      ...path(biz.id, 'hubspot'),
      body: { fieldMapping: { budgett: 'lead_budget', phone: 'mobilephone' } },
    });
    expect(ours.response.status).toBe(422);
    expect((ours.error as unknown as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      'fieldMapping.budgett',
    ]);
    // Their side: a property HubSpot does not have.
    const theirs = await api.PATCH('/api/v1/businesses/{id}/connections/{provider}', {
      ...path(biz.id, 'hubspot'),
      body: { fieldMapping: { reason: 'no_such_property' } },
    });
    expect(theirs.response.status).toBe(422);
    expect((theirs.error as unknown as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      'fieldMapping.reason',
    ]);
    expect((await app.ctx.db.connection.findUniqueOrThrow({ where: { id: conn.id } })).settings).toEqual({});

    // A property created in HubSpot after the list was cached: the check reads HubSpot again and accepts it.
    const created = await fetch(`${standin.url}/crm/v3/properties/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'call_reason',
        label: 'Call reason',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
      }),
    });
    expect(created.status).toBe(201);
    const good = await api.PATCH('/api/v1/businesses/{id}/connections/{provider}', {
      ...path(biz.id, 'hubspot'),
      body: { fieldMapping: { phone: 'mobilephone', budget: 'lead_budget', reason: 'call_reason' } },
    });
    expect(good.response.status).toBe(200);
    const now = await api.GET('/api/v1/businesses/{id}/connections/{provider}/fields', path(biz.id, 'hubspot'));
    expect(now.data!.mapping).toEqual({ phone: 'mobilephone', budget: 'lead_budget', reason: 'call_reason' });
    expect(now.data!.leadFields.find((f) => f.key === 'budget')!.current).toBe('lead_budget');
    expect(now.data!.crmFields.map((f) => f.name)).toContain('call_reason');

    // Past the cache's life, HubSpot is read again. Leadline's own unique key property (made by the first
    // push where the portal allows) is never offered: a lead field written there would break exactly-once.
    const key = await fetch(`${standin.url}/crm/v3/properties/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'leadline_person_key',
        label: 'Leadline person key',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
        hasUniqueValue: true,
      }),
    });
    expect(key.status).toBe(201);
    const reading = reads();
    await app.ctx.db.connectionFieldList.update({
      where: { connectionId: conn.id },
      data: { fetchedAt: new Date(Date.now() - FIELD_LIST_TTL_MS - 1000) },
    });
    const expired = await api.GET('/api/v1/businesses/{id}/connections/{provider}/fields', path(biz.id, 'hubspot'));
    expect(reads()).toBe(reading + 1);
    expect(expired.data!.crmFields.map((f) => f.name)).not.toContain('leadline_person_key');
    expect(expired.data!.crmFields.map((f) => f.name)).toContain('call_reason');

    // Someone else's business: 404, and an inactive connection cannot be read (409).
    const stranger = apiClient(app.url, (await signup(app.url, 'fm-other')).accessToken);
    expect(
      (await stranger.GET('/api/v1/businesses/{id}/connections/{provider}/fields', path(biz.id, 'hubspot'))).response
        .status,
    ).toBe(404);
    await app.ctx.db.connection.update({ where: { id: conn.id }, data: { status: 'needs_reauth' } });
    const parked = await api.GET('/api/v1/businesses/{id}/connections/{provider}/fields', path(biz.id, 'hubspot'));
    expect(parked.response.status).toBe(409);
  });

  it('Salesforce: Lead fields from describe, without those our rules fill; the name is not a row', async () => {
    const { api, biz } = await owner('fm-sf');
    await connection(biz.id, 'salesforce', INSTANCE);
    // Read twice: for the editor, and again when the override names a field the cached list lacks.
    const scope = nock(INSTANCE)
      .get(DESCRIBE)
      .times(2)
      .reply(200, {
        name: 'Lead',
        fields: [
          { name: 'FirstName', label: 'First Name', type: 'string', createable: true, updateable: true },
          { name: 'Company', label: 'Company', type: 'string', createable: true, updateable: true },
          { name: 'Phone', label: 'Phone', type: 'phone', createable: true, updateable: true },
          { name: 'Urgency__c', label: 'Urgency', type: 'picklist', createable: true, updateable: true },
          { name: 'Leadline_Person_Key__c', label: 'Leadline key', type: 'string', createable: true, updateable: true },
          { name: 'Id', label: 'Lead ID', type: 'id', createable: false, updateable: false },
        ],
      });
    const r = await api.GET('/api/v1/businesses/{id}/connections/{provider}/fields', path(biz.id, 'salesforce'));
    expect(r.response.status).toBe(200);
    expect(r.data!).toMatchObject({ mappable: true, object: 'Lead', unmapped: "added to the Lead's Description" });
    expect(r.data!.crmFields.map((f) => f.name)).toEqual(['Phone', 'Urgency__c']);
    expect(r.data!.leadFields.map((f) => f.key)).not.toContain('name');
    expect(r.data!.leadFields.find((f) => f.key === 'summary')!.default).toBe('Description');
    // FirstName is filled by our own rule: an override into it is refused.
    const bad = await api.PATCH('/api/v1/businesses/{id}/connections/{provider}', {
      ...path(biz.id, 'salesforce'),
      body: { fieldMapping: { reason: 'FirstName' } },
    });
    expect(bad.response.status).toBe(422);
    expect(bad.error!.detail).toContain('FirstName');
    expect(scope.isDone()).toBe(true);
  });

  it('Google Calendar says it has no mapping', async () => {
    const { api, biz } = await owner('fm-gc');
    await connection(biz.id, 'google-calendar');
    const r = await api.GET('/api/v1/businesses/{id}/connections/{provider}/fields', path(biz.id, 'google-calendar'));
    expect(r.response.status).toBe(200);
    expect(r.data!).toMatchObject({ mappable: false, leadFields: [], crmFields: [], fetchedAt: null });
  });
});
