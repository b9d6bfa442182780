/**
 * HubSpot's unique key properties are made when the app is installed — the OAuth callback, over real HTTP,
 * against the stand-in — so the backfill the install releases finds them ready. Without the optional schema
 * scope the install still succeeds and the ledger remembers the refusal; when HubSpot fails at install, the
 * first push makes them instead.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../connectors/types.ts';
import { runPush } from '../../../server/sync/push.ts';
import { verifiedSignup } from '../../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../../testkit/app.ts';
import { cookieJar } from '../../../testkit/cookie-jar.ts';
import { hubspotEnv } from '../../../testkit/hubspot-account.ts';
import { startHubspotStandin, type HubspotStandin, type StandinOptions } from '../../../testkit/hubspot-standin.ts';
import { call, createBusinessVia } from '../../../testkit/http.ts';
import { freshHubId, leadSpec, statusCounts, writeLeads } from '../../../testkit/seed-leads.ts';

const BASE_SCOPES = ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'];
const SCHEMA_SCOPES = ['crm.schemas.contacts.read', 'crm.schemas.contacts.write', 'crm.schemas.calls.write'];

const stopped: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const stop of stopped.reverse()) await stop();
});

/** A stand-in portal and a Leadline app whose HubSpot connector talks to it. */
async function portal(scopes: string[], opts: StandinOptions = {}) {
  const hubId = freshHubId();
  const standin: HubspotStandin = await startHubspotStandin({
    accounts: [{ hubId, token: `tok-${randomUUID()}`, refreshToken: `ref-${randomUUID()}`, scopes }],
    authCodes: { 'code-1': { hubId }, 'code-2': { hubId } },
    ...opts,
  });
  const app: TestApp = await startTestApp({ env: hubspotEnv(standin.url) });
  stopped.push(
    () => standin.stop(),
    () => app.close(),
  );
  return { hubId, standin, app };
}

/**
 * An owner with one phone-only lead (and its call) installs HubSpot from Leadline: install link → HubSpot's
 * authorize page (its state) → the callback HubSpot sends the browser to.
 */
async function install(app: TestApp, code = 'code-1') {
  const owner = await verifiedSignup(app, 'owner');
  const biz = await createBusinessVia(app.url, owner.accessToken);
  await writeLeads(app.ctx.db, biz.id, [leadSpec(`ik-${randomUUID().slice(0, 6)}`, 1)]);
  const link = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/connections/hubspot/install-link`, {
    token: owner.accessToken,
  });
  expect(link.status).toBe(200);
  const cookies = cookieJar();
  const local = (u: string) => u.replace('https://leadline.test', app.url);
  const get = (u: string) =>
    cookies.keep(fetch(local(u), { redirect: 'manual', headers: { accept: 'application/json', ...cookies.header() } }));
  const started = await get(link.body.url);
  expect(started.status).toBe(302);
  const authorize = new URL(started.headers.get('location')!);
  expect(authorize.origin).toBe('https://app.hubspot.test');
  // HubSpot's consent screen sends the browser back to the redirect URI with a code and the state.
  const back = new URL(authorize.searchParams.get('redirect_uri')!);
  back.searchParams.set('code', code);
  back.searchParams.set('state', authorize.searchParams.get('state')!);
  const done = await get(back.href);
  expect(done.status).toBe(200);
  const conn = await app.ctx.db.connection.findUniqueOrThrow({
    where: { businessId_provider: { businessId: biz.id, provider: 'hubspot' } },
  });
  return { conn, businessId: biz.id };
}

async function keysInLedger(app: TestApp, connectionId: string) {
  const rows = await app.ctx.db.syncLedgerEntry.findMany({
    where: { connectionId, kind: 'hubspot:unique-property' },
    orderBy: { localId: 'asc' },
  });
  return Object.fromEntries(rows.map((r) => [r.localId, r.externalId]));
}

const propertyCreates = (s: HubspotStandin) => {
  const r = s.stats().requests;
  return [r['properties.create.contacts'] ?? 0, r['properties.create.calls'] ?? 0];
};

describe('unique key properties at install', () => {
  it('are created by the OAuth callback, and the backfill it releases creates keyed records without making them again', async () => {
    const { app, standin, hubId } = await portal([...BASE_SCOPES, ...SCHEMA_SCOPES]);
    const { conn } = await install(app);
    expect(propertyCreates(standin)).toEqual([1, 1]);
    expect(await keysInLedger(app, conn.id)).toEqual({ calls: 'leadline_call_key', contacts: 'leadline_person_key' });

    const r = await runPush(app.ctx, conn.id);
    expect(r.synced).toBe(1);
    expect(propertyCreates(standin)).toEqual([1, 1]);
    const [contact] = standin.contacts(hubId);
    const [logged] = standin.calls(hubId);
    expect(contact!.properties.leadline_person_key).toMatch(/^phone:/);
    expect(logged!.properties.leadline_call_key).toBeTruthy();
  });

  it('without the schema scope: the install succeeds, the refusal is remembered, and pushes do not ask again', async () => {
    const { app, standin, hubId } = await portal(BASE_SCOPES);
    const { conn } = await install(app);
    expect(propertyCreates(standin)).toEqual([1, 1]); // both answered 403 MISSING_SCOPES
    const ledger = await keysInLedger(app, conn.id);
    expect(ledger.contacts).toMatch(/^unavailable@\d+$/);
    expect(ledger.calls).toMatch(/^unavailable@\d+$/);

    expect((await runPush(app.ctx, conn.id)).synced).toBe(1);
    expect(propertyCreates(standin)).toEqual([1, 1]);
    expect(standin.contacts(hubId)[0]!.properties.leadline_person_key).toBeUndefined();
    expect(await statusCounts(app.ctx.db, conn.id)).toEqual({ synced: 1 });
  });

  it('a 5xx at install is re-sent; when HubSpot keeps failing, the install still completes and the first push makes them', async () => {
    let failing = 0; // how many property creates still fail
    const { app, standin, hubId } = await portal([...BASE_SCOPES, ...SCHEMA_SCOPES], {
      failRequest: (kind) => kind.startsWith('properties.create.') && failing-- > 0,
    });
    failing = 2; // one of each fails once: re-sent, and made at install
    const first = await install(app);
    expect(propertyCreates(standin)).toEqual([2, 2]);
    expect(await keysInLedger(app, first.conn.id)).toEqual({
      calls: 'leadline_call_key',
      contacts: 'leadline_person_key',
    });

    failing = Infinity; // HubSpot down for the next install's set-up (another business, same portal)
    const { conn } = await install(app, 'code-2');
    expect(propertyCreates(standin)).toEqual([5, 5]); // three attempts each
    expect(await keysInLedger(app, conn.id)).toEqual({});

    failing = 0;
    expect((await runPush(app.ctx, conn.id)).synced).toBe(1);
    expect(propertyCreates(standin)).toEqual([6, 6]); // 409: already there, adopted as ours
    expect(await keysInLedger(app, conn.id)).toEqual({ calls: 'leadline_call_key', contacts: 'leadline_person_key' });
    expect(standin.contacts(hubId)[0]!.properties.leadline_person_key).toMatch(/^phone:/);
  });

  it('a set-up that throws is logged, and the install completes without its entries', async () => {
    const { app, standin } = await portal([...BASE_SCOPES, ...SCHEMA_SCOPES]);
    const connectors = app.ctx.connectors as Map<string, Connector>;
    const hubspot = connectors.get('hubspot')!;
    connectors.set('hubspot', { ...hubspot, prepare: () => Promise.reject(new Error('set-up exploded')) });
    try {
      const { conn } = await install(app);
      expect(conn.status).toBe('active');
      expect(await keysInLedger(app, conn.id)).toEqual({});
      expect(propertyCreates(standin)).toEqual([0, 0]);
      expect(await app.ctx.db.syncRecord.count({ where: { connectionId: conn.id, kind: 'lead' } })).toBe(1);
    } finally {
      connectors.set('hubspot', hubspot);
    }
  });
});
